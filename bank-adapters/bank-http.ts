import { EgressRefusedError, type EgressGuard, type EgressInit } from '../src/platform/egress/egress-guard.js';
import { BankAdapterError } from './port.js';

/**
 * A request to a bank through the egress guard, with a deadline. An address the guard refuses is a
 * final BankAdapterError (retrying cannot help); a request that gets no answer (timeout, refused
 * connection, DNS) is a retryable one; what the bank answers is the caller's to judge.
 */
export async function fetchBank(egress: EgressGuard, url: string, init: Omit<EgressInit, 'signal'>, timeoutMs: number): Promise<Response> {
  try {
    return await egress.fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    if (error instanceof EgressRefusedError) throw new BankAdapterError(error.message, false);
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new BankAdapterError(timedOut ? `bank did not answer within ${timeoutMs} ms` : `bank unreachable: ${String(error)}`, true);
  }
}
