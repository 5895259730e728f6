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
export class UploadGate {
  private active = 0;
  private readonly waiting: { grant: () => void; timer: NodeJS.Timeout }[] = [];

  constructor(private readonly options: UploadGateOptions) {}

  /** Resolves with the function that gives the place back (call it exactly once). */
  async acquire(): Promise<() => void> {
    if (this.active < this.options.maxActive) {
      this.active++;
      return this.releaser();
    }
    if (this.waiting.length >= this.options.maxQueued) throw uploadsBusy();
    await new Promise<void>((resolve, reject) => {
      const entry = {
        grant: () => {
          clearTimeout(entry.timer);
          resolve();
        },
        timer: setTimeout(() => {
          this.waiting.splice(this.waiting.indexOf(entry), 1);
          reject(uploadsBusy());
        }, this.options.waitMs),
      };
      this.waiting.push(entry);
    });
    return this.releaser();
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next.grant();
      else this.active--;
    };
  }
}
