import { describe, expect, it } from 'vitest';
import type { Db, DbOrTrx } from '../db/database.js';
import { FakeClock } from '../platform/clock.js';
import { createLogger } from '../platform/logger.js';
import { DEFAULT_MODEL } from './default-model.js';
import { Scorecard } from './evaluate.js';
import { INPUT_CATALOG, type ModelInputs } from './input-catalog.js';
import type { ModelVersion } from './model-version.js';
import { syntheticSample } from './synthetic-sample.js';
import type { PreparedResults, WhitelistStore } from './whitelist-store.js';
import type { AuthorisedRead, PreviousResult, RunView } from './whitelist.js';
import { WhitelistService } from './whitelist-service.js';

const BANK = 'bank-1';
const MODEL = { id: 'model-1', version: 1, document: DEFAULT_MODEL } as ModelVersion;
const SCOPES = [...new Set(INPUT_CATALOG.map((d) => d.scope))];

/** The bank's results in memory, written and removed as the PostgreSQL store does. */
function fakeStore(granted: () => ReadonlySet<string>) {
  const results = new Map<string, PreviousResult>();
  const processed: number[] = [];
  let run: RunView | undefined;
  const unused = () => Promise.reject(new Error('not used by a run'));
  const store: WhitelistStore = {
    async chunkEnds(_tx, _bank, _now, size) {
      const usccs = [...granted()].sort();
      const n = usccs.length;
      const ends = usccs
        .map((uscc, i) => ({ uscc, position: i + 1 }))
        .filter(({ position: p }) => p % size === 0 || p === n || (p === n - Math.floor(size / 4) && p > n - ((n - 1) % size) - 1));
      return { total: n, ends };
    },
    async firstChunkEnd(_tx, _bank, _now, size) {
      return [...granted()].sort()[size - 1];
    },
    async previous() {
      return new Map([...results].map(([uscc, r]) => [uscc, { ...r }]));
    },
    saveInputs: unused,
    prepareResults: (_bank, _seq, rows, replacing) => ({ replacing, rows }),
    async writeResults(_tx, _bank, _seq, prepared: PreparedResults) {
      for (const w of prepared.rows ?? []) results.set(w.uscc, { inputsHash: w.inputsHash, modelId: w.modelId, active: true, listed: w.listed });
    },
    async removeUnauthorised(_tx, _bank, _seq, _now, usccs) {
      const removed = usccs.filter((u) => results.get(u)?.active && !granted().has(u));
      for (const u of removed) results.set(u, { ...results.get(u)!, active: false, listed: false });
      return removed;
    },
    async startRun(_tx, r) {
      run = { id: 'run-1', bankId: r.bankId, modelId: r.modelId, seq: 1, trigger: r.trigger, status: 'running', total: 0, processed: 0, rescored: 0, listed: 0, removed: 0, error: null, startedAt: r.at, finishedAt: null };
      return run;
    },
    async progress(_tx, _id, fields) {
      if (fields.processed !== undefined) processed.push(fields.processed);
      Object.assign(run!, fields);
    },
    async finishRun(_tx, _id, status, error) {
      Object.assign(run!, { status, error });
    },
    heartbeat: async () => undefined,
    failAbandoned: async () => undefined,
    run: async () => run,
    runs: unused,
    list: unused,
    changes: unused,
    lastFetched: unused,
    saveFetchCursor: unused,
    forEnterprise: unused,
  };
  return { store, results, processed, listedInTable: () => [...results.values()].filter((r) => r.active && r.listed).length };
}

/** A service over the fake store, reading each range's enterprises through `read` (counted per USCC in `reads`). */
function serviceOver(store: WhitelistStore, reads: Map<string, number>, read: (after: string, through: string) => { usccs: string[]; data: (uscc: string) => ModelInputs }) {
  return new WhitelistService({
    db: {} as Db,
    transaction: (work) => work({} as DbOrTrx),
    store,
    clock: new FakeClock(),
    logger: createLogger('silent'),
    modelFor: async () => MODEL,
    readAuthorised: async (_run, after, through): Promise<AuthorisedRead[]> => {
      const { usccs, data } = read(after, through);
      for (const uscc of usccs) reads.set(uscc, (reads.get(uscc) ?? 0) + 1);
      return usccs.map((uscc) => ({ uscc, enterpriseId: `e-${uscc}`, scopes: SCOPES, grantUntil: new Date('2027-06-01T00:00:00Z'), data: data(uscc) }));
    },
    profileFor: () => Promise.reject(new Error('inputs are fresh')),
    chunkSize: 5,
  });
}

describe('WhitelistService runs', () => {
  it('reads every enterprise once and reports progress that only grows when the first range ends early (enterprises with several grants)', async () => {
    const usccs = Array.from({ length: 4 }, (_, i) => `U${String(i).padStart(17, '0')}`);
    const grants = new Set(usccs);
    const fake = fakeStore(() => grants);
    // Four enterprises, but their 5th grant in USCC order is the 2nd enterprise's: the first range
    // holds two, and the ranges counted by enterprise end before its nominal position.
    fake.store.firstChunkEnd = async () => usccs[1];
    const reads = new Map<string, number>();
    const inputs = syntheticSample(4, 4).rows;
    const service = serviceOver(fake.store, reads, (after, through) => ({
      usccs: usccs.filter((u) => u > after && u <= through),
      data: (uscc) => inputs[usccs.indexOf(uscc)]!,
    }));
    await service.start(BANK, 'manual', null);
    await service.settled();
    expect(await fake.store.run({} as DbOrTrx, 'run-1')).toMatchObject({ status: 'done', total: 4, rescored: 4 });
    expect(usccs.map((u) => reads.get(u))).toEqual(Array(4).fill(1));
    expect(fake.processed.at(-1)).toBe(4);
    expect(fake.processed).toEqual([...fake.processed].sort((a, b) => a - b));
  });

  it('read every authorised enterprise once, and report as listed what the results hold after each run: new, re-scored either way, unchanged, removed', async () => {
    const card = new Scorecard(DEFAULT_MODEL);
    const rows = syntheticSample(400, 11).rows;
    const isListed = (inputs: ModelInputs) => {
      const o = card.outcome(inputs);
      return o.decision === 'graded' && o.limit !== null && Number(o.limit) > 0;
    };
    const good = rows.filter(isListed).slice(0, 6);
    const bad = rows.filter((r) => !isListed(r)).slice(0, 6);
    expect([good.length, bad.length]).toEqual([6, 6]);
    const inputs = new Map<string, ModelInputs>();
    for (let i = 0; i < 12; i++) inputs.set(`U${String(i).padStart(17, '0')}`, i % 2 ? bad[i >> 1]! : good[i >> 1]!);
    const grants = new Set(inputs.keys());
    const fake = fakeStore(() => grants);
    const reads = new Map<string, number>();
    const service = serviceOver(fake.store, reads, (after, through) => ({
      usccs: [...grants].filter((u) => u > after && u <= through).sort(),
      data: (uscc) => inputs.get(uscc)!,
    }));
    const run = async () => {
      reads.clear();
      await service.start(BANK, 'manual', null);
      await service.settled();
      return (await fake.store.run({} as DbOrTrx, 'run-1'))!;
    };

    const first = await run();
    expect(first).toMatchObject({ status: 'done', total: 12, processed: 12, rescored: 12, listed: 6, removed: 0 });
    // Ranges: the first from its own look-up, then every fifth enterprise, the last one shortened.
    expect([...reads.values()]).toEqual(Array(12).fill(1));

    const [listedA, listedB, unlistedA, listedGone] = ['U00000000000000000', 'U00000000000000002', 'U00000000000000001', 'U00000000000000004'];
    inputs.set(listedA, bad[0]!);
    inputs.set(listedB, good[5]!);
    inputs.set(unlistedA, good[1]!);
    grants.delete(listedGone);
    const second = await run();
    expect(second).toMatchObject({ status: 'done', total: 11, processed: 11, rescored: 3, removed: 1 });
    expect([...reads.values()]).toEqual(Array(11).fill(1));
    expect(second.listed).toBe(fake.listedInTable());
    expect(second.listed).toBe(5);
  });
});
