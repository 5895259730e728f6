import type { Clock } from '../platform/clock.js';
import type { FeedBuildProgress } from './feed-submission.js';

/**
 * Keeps a build's progress on its submission while the build runs in its own transaction. The
 * builder reports after every batch; this writes at most once per `everyMs` and one write at a
 * time, through a write that runs outside the build's transaction (so the page sees it before the
 * build commits), and never makes the builder wait. A report that comes too soon is dropped: the
 * next one carries it. A failed write is handed to `failed` and does not stop the build.
 */
export class BuildProgressWriter {
  private lastWriteAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;
  private latest: FeedBuildProgress | undefined;

  constructor(
    private readonly write: (progress: FeedBuildProgress) => Promise<void>,
    private readonly clock: Clock,
    private readonly failed: (error: unknown) => void,
    private readonly everyMs = 1_000,
  ) {}

  report(progress: FeedBuildProgress): void {
    this.latest = progress;
    const now = this.clock.now().getTime();
    if (this.inFlight || now - this.lastWriteAt < this.everyMs) return;
    this.lastWriteAt = now;
    this.inFlight = this.write(progress)
      .catch(this.failed)
      .finally(() => {
        this.inFlight = undefined;
      });
  }

  /** Waits for the write in flight, if any; call it after the build's transaction has ended. */
  async settled(): Promise<void> {
    await this.inFlight;
  }

  /** After a build that ended well: the latest report, written after any still in flight, so no earlier figure lands after it. */
  async finish(): Promise<void> {
    await this.settled();
    if (this.latest) await this.write(this.latest).catch(this.failed);
  }
}
