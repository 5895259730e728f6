import {
  BankAdapterError,
  type BankEvent,
  type ApplicationSubmission,
  type BankAdapter,
  type CallbackAck,
  type CallbackReply,
  type CallbackVerification,
  type CancelRequest,
  type InboundCallback,
  type StatusQuery,
  type SubmissionReceipt,
} from './port.js';

/**
 * Anything an adapter throws, as a BankAdapterError: unknown errors count as retryable. (Timeouts
 * and unreachable banks are already BankAdapterErrors, from `fetchBank`.)
 */
function normalise(bankCode: string, error: unknown): BankAdapterError {
  if (error instanceof BankAdapterError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new BankAdapterError(`${bankCode}: ${message}`, true);
}

/**
 * The one façade in front of every bank adapter: looks the bank's adapter up and normalises
 * every failure into a BankAdapterError, so callers handle exactly one error type.
 */
export class BankGateway {
  constructor(private readonly adapters: ReadonlyMap<string, BankAdapter>) {}

  has(bankCode: string): boolean {
    return this.adapters.has(bankCode);
  }

  bankCodes(): string[] {
    return [...this.adapters.keys()];
  }

  private adapter(bankCode: string): BankAdapter {
    const adapter = this.adapters.get(bankCode);
    if (!adapter) throw new BankAdapterError(`no adapter configured for bank ${bankCode}`, false);
    return adapter;
  }

  private async call<T>(bankCode: string, work: (adapter: BankAdapter) => Promise<T>): Promise<T> {
    try {
      return await work(this.adapter(bankCode));
    } catch (error) {
      throw normalise(bankCode, error);
    }
  }

  submitApplication(bankCode: string, request: ApplicationSubmission): Promise<SubmissionReceipt> {
    return this.call(bankCode, (a) => a.submitApplication(request));
  }

  queryStatus(bankCode: string, query: StatusQuery): Promise<BankEvent[]> {
    return this.call(bankCode, (a) => a.queryStatus(query));
  }

  cancelApplication(bankCode: string, request: CancelRequest): Promise<void> {
    return this.call(bankCode, (a) => a.cancelApplication(request));
  }

  verifyCallback(bankCode: string, inbound: InboundCallback): CallbackVerification {
    try {
      return this.adapter(bankCode).verifyCallback(inbound);
    } catch (error) {
      return { ok: false, reason: `ADAPTER_ERROR: ${normalise(bankCode, error).message}` };
    }
  }

  acknowledgeCallback(bankCode: string, ack: CallbackAck): CallbackReply {
    return this.adapter(bankCode).acknowledgeCallback(ack);
  }
}
