import { describe, expect, it } from 'vitest';
import { FakeClock } from '../platform/clock.js';
import { BuildProgressWriter } from './build-progress-writer.js';
import type { FeedBuildProgress } from './feed-submission.js';

const at = (rows: number, recordTypesDone = 0): FeedBuildProgress => ({ rows, recordTypesDone, recordTypes: 7 });

/** A write that finishes when the test says so. */
function heldWrites() {
  const written: FeedBuildProgress[] = [];
  const pending: (() => void)[] = [];
  const write = (progress: FeedBuildProgress) =>
    new Promise<void>((resolve) => {
      written.push(progress);
      pending.push(resolve);
    });
  const finishAll = async () => {
    for (const resolve of pending.splice(0)) resolve();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { written, write, finishAll };
}

describe('BuildProgressWriter', () => {
  it('writes the first report at once, then at most once a second', async () => {
    const clock = new FakeClock();
    const writes = heldWrites();
    const writer = new BuildProgressWriter(writes.write, clock, () => undefined);
    writer.report(at(10_000));
    await writes.finishAll();
    clock.advance(400);
    writer.report(at(20_000));
    clock.advance(599);
    writer.report(at(30_000));
    expect(writes.written).toEqual([at(10_000)]);
    clock.advance(1);
    writer.report(at(40_000, 1));
    await writes.finishAll();
    expect(writes.written).toEqual([at(10_000), at(40_000, 1)]);
  });

  it('starts no second write while one is in flight, and settled() waits for it', async () => {
    const clock = new FakeClock();
    const writes = heldWrites();
    const writer = new BuildProgressWriter(writes.write, clock, () => undefined);
    writer.report(at(1));
    clock.advance(5_000);
    writer.report(at(2));
    expect(writes.written).toEqual([at(1)]);
    let settled = false;
    const waiting = writer.settled().then(() => (settled = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(settled).toBe(false);
    await writes.finishAll();
    await waiting;
    expect(settled).toBe(true);
    writer.report(at(3));
    expect(writes.written).toEqual([at(1), at(3)]);
  });

  it('finishes with the latest report, written after the one in flight, also when the throttle dropped it', async () => {
    const clock = new FakeClock();
    const writes = heldWrites();
    const writer = new BuildProgressWriter(writes.write, clock, () => undefined);
    writer.report(at(1));
    writer.report(at(2, 7));
    const finished = writer.finish();
    await writes.finishAll();
    await writes.finishAll();
    await finished;
    expect(writes.written).toEqual([at(1), at(2, 7)]);
  });

  it('hands a failed write to its handler and keeps reporting', async () => {
    const clock = new FakeClock();
    const failures: unknown[] = [];
    let calls = 0;
    const writer = new BuildProgressWriter(
      () => (++calls === 1 ? Promise.reject(new Error('connection lost')) : Promise.resolve()),
      clock,
      (error) => failures.push(error),
    );
    writer.report(at(1));
    await writer.settled();
    expect(failures).toHaveLength(1);
    clock.advance(1_000);
    writer.report(at(2));
    await writer.settled();
    expect(calls).toBe(2);
  });
});
