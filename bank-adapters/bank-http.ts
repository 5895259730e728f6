import { BankAdapterError } from './port.js';

/**
 * `fetch` to a bank with a deadline. A request that gets no answer (timeout, refused connection,
 * DNS) becomes a retryable BankAdapterError; what the bank answers is the caller's to judge.
 */
export async function fetchBank(url: string, init: Omit<RequestInit, 'signal'>, timeoutMs: number): Promise<Response> {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    throw new BankAdapterError(timedOut ? `bank did not answer within ${timeoutMs} ms` : `bank unreachable: ${String(error)}`, true);
  }
}
