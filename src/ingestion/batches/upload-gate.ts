import { BoundedConcurrency } from '../../platform/bounded-concurrency.js';
import { DomainError } from '../../platform/errors.js';

export interface UploadGateOptions {
  /** Uploads read at once (each holds a reader, its chunks in flight and, for XLSX, its shared strings). */
  readonly maxActive: number;
  /** Uploads that may wait for a place; past that the answer is "busy" at once. */
  readonly maxQueued: number;
  /** Longest wait for a place before the answer is "busy". */
  readonly waitMs: number;
}

/** Seconds a busy answer asks the client to wait before retrying. */
const RETRY_AFTER_SECONDS = 15;

export const uploadsBusy = () =>
  new DomainError('unavailable', 'UPLOADS_BUSY', '平台正在处理其他报送文件，请稍后重试（本次报送未处理，可原样重新报送）', [], {
    retryAfterSeconds: RETRY_AFTER_SECONDS,
  });

/**
 * Bounds the uploads read at once: a few files that each expand to a lot of work (or memory)
 * wait their turn, and past the queue the sender is told to retry later (503 with Retry-After),
 * instead of every upload slowing down together until the heap runs out.
 */
export class UploadGate extends BoundedConcurrency {
  constructor(options: UploadGateOptions) {
    super(options, uploadsBusy);
  }
}
