/**
 * At most `running` tasks at once and `waiting` more queued, in order; a task past both is
 * refused with `busy()` at once. For work whose memory grows with its size (an export of a whole
 * list built in memory): concurrent callers would otherwise hold one copy each.
 */
export class BoundedConcurrency {
  private active = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    private readonly running: number,
    private readonly waiting: number,
    private readonly busy: () => Error,
  ) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active < this.running) this.active++;
    else if (this.queue.length < this.waiting) await new Promise<void>((resolve) => this.queue.push(resolve));
    else throw this.busy();
    try {
      return await task();
    } finally {
      // The slot passes to the next in the queue, or is freed.
      const next = this.queue.shift();
      if (next) next();
      else this.active--;
    }
  }
}
