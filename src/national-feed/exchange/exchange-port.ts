/**
 * The port to an upstream credit platform (national platform or provincial node), after
 * GB/T 39443's exchange modes: file mode (a shared exchange directory) and service mode
 * (HTTPS), behind one contract. Receipts are per record (accepted / rejected + reason code).
 */
export interface PackageFile {
  name: string;
  bytes: number;
  sm3: string;
  /** The file's bytes, streamed from storage. */
  open(): AsyncIterable<Buffer>;
}

export interface FeedPackage {
  /** The batch id (`flow`): the submission id, stable across delivery attempts. */
  flow: string;
  /** Canonical JSON of the envelope (see specs/national-feed/<version>/envelope.schema.json). */
  manifest: string;
  /** SM2 signature (Base64 DER) of `manifest`. */
  signature: string;
  files: PackageFile[];
}

export interface ReceiptHeader {
  flow: string;
  sn: string;
  accepted: number;
  rejected: number;
}

export interface ReceiptLine {
  record_type: string;
  source_id: string;
  result: 'accepted' | 'rejected';
  reason_code: string | null;
}

/** The receiver is down or answered 5xx/timeout: the outbox retries with backoff. */
export class ExchangeUnavailableError extends Error {
  override readonly name = 'ExchangeUnavailableError';
}

/** The receiver refused the package as a whole (bad signature, digest mismatch): retrying cannot help. */
export class PackageRefusedError extends Error {
  override readonly name = 'PackageRefusedError';
}

export interface ExchangePort {
  /** Hands the package over; returns the receiver's ticket. Repeating a flow returns the same ticket. */
  submit(pkg: FeedPackage): Promise<{ ticket: string }>;
  /**
   * The receipt file for a ticket (gzip JSONL: a `ReceiptHeader` line, then one `ReceiptLine`
   * per record), or undefined while the receiver is still checking.
   */
  receipt(ticket: string): Promise<Buffer | undefined>;
}
