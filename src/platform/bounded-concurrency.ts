export interface BoundedConcurrencyOptions {
  /** Holders at once. */
  readonly maxActive: number;
  /** Callers that may wait for a place, in order; past that the answer is `busy()` at once. */
  readonly maxQueued: number;
  /** Longest wait for a place before the answer is `busy()`; absent, a queued caller waits its turn. */
  readonly waitMs?: number;
}

/**
 * At most `maxActive` holders at once and `maxQueued` more waiting, in order; a caller past both
 * (or waiting longer than `waitMs`) is refused with `busy()`. For work whose memory grows with its
 * size (an upload being read, an export built in memory): concurrent callers would otherwise hold
 * one copy each and slow down together until the heap runs out.
 */
export class BoundedConcurrency {
  private active = 0;
  private readonly waiting: { grant: () => void; timer: NodeJS.Timeout | undefined }[] = [];

  constructor(
    private readonly options: BoundedConcurrencyOptions,
    private readonly busy: () => Error,
  ) {}

  /** Resolves with the function that gives the place back (call it exactly once). */
  async acquire(): Promise<() => void> {
    if (this.active < this.options.maxActive) {
      this.active++;
      return this.releaser();
    }
    if (this.waiting.length >= this.options.maxQueued) throw this.busy();
    const { waitMs } = this.options;
    await new Promise<void>((resolve, reject) => {
      const entry = {
        grant: () => {
          clearTimeout(entry.timer);
          resolve();
        },
        timer:
          waitMs === undefined
            ? undefined
            : setTimeout(() => {
                this.waiting.splice(this.waiting.indexOf(entry), 1);
                reject(this.busy());
              }, waitMs),
      };
      this.waiting.push(entry);
    });
    return this.releaser();
  }

  /** `task` run holding a place, which it gives back however the task ends. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      // The place passes to the next in the queue, or is freed.
      const next = this.waiting.shift();
      if (next) next.grant();
      else this.active--;
    };
  }
}
