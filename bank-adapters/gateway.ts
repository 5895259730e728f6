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
  type PingRequest,
  type PingResult,
  type StatusQuery,
  type SubmissionReceipt,
} from './port.js';

/**
 * Where the gateway finds a bank's adapter at the moment of a call: the platform's stored bank
 * connections (a change applies to the next call, with no restart).
 */
export interface BankAdapterSource {
  /** The bank's adapter as configured now; undefined when the bank has no working connection. */
  adapterFor(bankCode: string): Promise<BankAdapter | undefined>;
  /** Codes of the banks with a configured connection. */
  configuredBankCodes(): Promise<string[]>;
  /** Told after every successful exchange (a delivery, a verified callback, a ping): "已对接" counts them. */
  exchanged(bankCode: string, at: Date): void;
}

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
 * The one façade in front of every bank adapter: looks the bank's adapter up (per call, from the
 * source) and normalises every failure into a BankAdapterError, so callers handle exactly one
 * error type.
 */
export class BankGateway {
  constructor(
    private readonly source: BankAdapterSource,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async has(bankCode: string): Promise<boolean> {
    return (await this.source.adapterFor(bankCode)) !== undefined;
  }

  bankCodes(): Promise<string[]> {
    return this.source.configuredBankCodes();
  }

  private async adapter(bankCode: string): Promise<BankAdapter> {
    const adapter = await this.source.adapterFor(bankCode);
    if (!adapter) throw new BankAdapterError(`no adapter configured for bank ${bankCode}`, false);
    return adapter;
  }

  private async call<T>(bankCode: string, work: (adapter: BankAdapter) => Promise<T>): Promise<T> {
    let result: T;
    try {
      result = await work(await this.adapter(bankCode));
    } catch (error) {
      throw normalise(bankCode, error);
    }
    this.source.exchanged(bankCode, this.now());
    return result;
  }

  submitApplication(bankCode: string, request: ApplicationSubmission): Promise<SubmissionReceipt> {
    return this.call(bankCode, (a) => a.submitApplication(request));
  }

  queryStatus(bankCode: string, query: StatusQuery): Promise<BankEvent[] | null> {
    return this.call(bankCode, (a) => a.queryStatus(query));
  }

  cancelApplication(bankCode: string, request: CancelRequest): Promise<void> {
    return this.call(bankCode, (a) => a.cancelApplication(request));
  }

  ping(bankCode: string, request: PingRequest): Promise<PingResult> {
    return this.call(bankCode, (a) => a.ping(request));
  }

  async verifyCallback(bankCode: string, inbound: InboundCallback): Promise<CallbackVerification> {
    try {
      const verified = (await this.adapter(bankCode)).verifyCallback(inbound);
      if (verified.ok) this.source.exchanged(bankCode, this.now());
      return verified;
    } catch (error) {
      return { ok: false, reason: `ADAPTER_ERROR: ${normalise(bankCode, error).message}` };
    }
  }

  async acknowledgeCallback(bankCode: string, ack: CallbackAck): Promise<CallbackReply> {
    return (await this.adapter(bankCode)).acknowledgeCallback(ack);
  }
}
