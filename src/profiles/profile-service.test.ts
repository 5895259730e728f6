import { describe, expect, it } from 'vitest';
import { fakeTransactionRunner } from '../db/transaction.js';
import { FakeClock } from '../platform/clock.js';
import { createLogger } from '../platform/logger.js';
import { ProfileService } from './profile-service.js';
import type { ProfileStore } from './profile-store.js';
import type { SetAssemblyStore } from './set-assembly-store.js';

/**
 * Heads in memory: `claimDue` answers the stale heads no one holds, waiting first on `hold` when
 * one is set; a claimed head is held until its rebuild.
 */
class FakeHeads {
  readonly stale = new Set<string>();
  readonly held = new Set<string>();
  readonly rebuilt: string[] = [];
  hold: Promise<void> | undefined;

  readonly store = {
    markStale: async (_tx: unknown, usccs: readonly string[]) => {
      for (const u of usccs) this.stale.add(u);
    },
    lockHeads: async (_tx: unknown, usccs: readonly string[]) => [...usccs],
    claimDue: async (_tx: unknown, _today: string, limit: number) => {
      const due = [...this.stale].filter((u) => !this.held.has(u)).slice(0, limit);
      for (const u of due) this.held.add(u);
      await this.hold;
      return due;
    },
  } as unknown as ProfileStore;

  readonly assembly = {
    rebuild: async (_tx: unknown, request: { usccs: readonly string[] }) =>
      request.usccs.map((uscc) => {
        this.stale.delete(uscc);
        this.held.delete(uscc);
        this.rebuilt.push(uscc);
        return { uscc, version: 1, changed: true };
      }),
  } as unknown as SetAssemblyStore;
}

const serviceOver = (heads: FakeHeads) =>
  new ProfileService({
    transaction: fakeTransactionRunner,
    store: heads.store,
    assembly: heads.assembly,
    clock: new FakeClock(),
    logger: createLogger('silent'),
    enterpriseUscc: async () => '',
    selfReported: async () => new Map(),
    thirdPartyFacts: async () => new Map(),
  });

describe('ProfileService background drain', () => {
  it('rebuilds a profile marked while a running drain was taking its last look', async () => {
    const heads = new FakeHeads();
    const profiles = serviceOver(heads);
    let release!: () => void;
    heads.hold = new Promise((resolve) => (release = resolve));

    profiles.rebuildDueInBackground(); // looks, finds nothing yet, and waits on `hold`
    await heads.store.markStale({} as never, ['91420200MA4KXXXX1A']);
    profiles.rebuildDueInBackground(); // a batch finished while that look was under way
    heads.hold = undefined;
    release();
    await profiles.settled();

    expect(heads.rebuilt).toEqual(['91420200MA4KXXXX1A']);
    expect(heads.stale.size).toBe(0);
  });

  it('starts a new drain after the last one ended', async () => {
    const heads = new FakeHeads();
    const profiles = serviceOver(heads);
    profiles.rebuildDueInBackground();
    await profiles.settled();
    await heads.store.markStale({} as never, ['91420200MA4KYYYY2B']);
    profiles.rebuildDueInBackground();
    await profiles.settled();
    expect(heads.rebuilt).toEqual(['91420200MA4KYYYY2B']);
  });
});
