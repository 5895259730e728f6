import { describe, expect, it } from 'vitest';
import { untilReachable, type PageRoom } from './scroll-behavior';

/** A page whose height grows as its rows arrive, one step per frame, on a clock of 16 ms frames. */
function growingPage(rooms: readonly number[]): PageRoom & { frames: () => number } {
  let frame = 0;
  return {
    room: () => rooms[Math.min(frame, rooms.length - 1)]!,
    frame: (step) => {
      frame++;
      step();
    },
    now: () => frame * 16,
    frames: () => frame,
  };
}

describe('Back to a list', () => {
  it('waits until the rows it comes back to make the page tall enough for the place it left', async () => {
    const page = growingPage([0, 0, 300, 1200, 2400]);
    await untilReachable(1000, page);
    expect(page.frames()).toBe(3);
  });

  it('does not wait on a page already tall enough', async () => {
    const page = growingPage([2400]);
    await untilReachable(1000, page);
    expect(page.frames()).toBe(0);
  });

  it('gives up on a list that came back shorter, scrolling as far as it reaches', async () => {
    const page = growingPage([0, 300]);
    await untilReachable(1000, page, 160);
    expect(page.frames()).toBe(10);
  });
});
