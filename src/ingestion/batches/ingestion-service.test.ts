import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { Db, DbOrTrx } from '../../db/database.js';
import { makeUscc } from '../../demo/demo-city.js';
import type { TransactionRunner } from '../../db/transaction.js';
import { FakeClock } from '../../platform/clock.js';
import type { Batch, BatchCounts } from './batch.js';
import { BatchRecovery } from './batch-recovery.js';
import type { BatchStore } from './batch-store.js';
import type { CalendarStore } from '../calendar/calendar-store.js';
import type { CreditRecordStore } from '../records/credit-record-store.js';
import { IngestionService } from './ingestion-service.js';
import { RowsChunk } from '../records/record-chunk.js';
import type { ProfilePort } from '../records/profile-port.js';
import type { RegisterStore } from '../register/register-store.js';

const [A, B, C] = ['10000001', '10000002', '10000003'].map((n) => makeUscc('91', '420202', n)) as [string, string, string];
const NAMES = new Map([[A, 'A'], [B, 'B'], [C, 'C']]);
const names = (usccs: readonly string[]) => usccs.map((u) => NAMES.get(u) ?? u).join(',');

/** Each transaction is its own object, so a call can be tied to the transaction it ran in. */
interface FakeTx {
  readonly n: number;
}

/**
 * Fakes that log what happens in which transaction: chunk writes, profile marks and the
 * batch's finish. Records are not validated here (the category schemas have their own tests).
 */
function harness(options: { chunkSize: number; maxUploadBytes?: number; unfinished?: string[]; usccsOfBatches?: string[] }) {
  const log: string[] = [];
  let transactions = 0;
  const txOf = (tx: DbOrTrx) => (tx as unknown as FakeTx).n;
  const transaction: TransactionRunner = async (work) => {
    const tx = { n: ++transactions } as FakeTx;
    log.push(`begin ${tx.n}`);
    const result = await work(tx as unknown as DbOrTrx);
    log.push(`commit ${tx.n}`);
    return result;
  };
  const batch: Batch = {
    id: '00000000-0000-4000-8000-000000000001', institutionId: 'i', submittedBy: null, category: 'tax_payments', formatVersion: 1,
    channel: 'api', fileFormat: 'jsonl', fileName: null, status: 'processing', failure: null, receivedAt: new Date('2026-11-25T02:00:00Z'),
    completedAt: null, rowsRead: 0, rowsAccepted: 0, rowsRejected: 0, rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 0,
  };
  const batches: BatchStore = {
    insert: async () => batch,
    addCounts: async (_tx, _id, d: BatchCounts) => {
      batch.rowsRead += d.rowsRead;
      batch.rowsAccepted += d.rowsAccepted;
    },
    finish: async (tx, _id, status) => {
      log.push(`finish ${status} in ${txOf(tx)}`);
      return { ...batch, status };
    },
    find: async () => batch,
    unfinished: async () => options.unfinished ?? [],
    heartbeat: async () => undefined,
    closeAbandoned: async (tx) => {
      log.push(`closeAbandoned in ${txOf(tx)}`);
      return [];
    },
    list: async () => [batch],
    quarantine: async () => undefined,
    rejections: async () => [],
  };
  const records: CreditRecordStore = {
    chunk: () => new RowsChunk(),
    upsertChunk: async (tx, _c, chunk) => {
      const rows = (chunk as RowsChunk).rows();
      log.push(`upsert ${names(rows.map((r) => r.uscc))} in ${txOf(tx)}`);
      return { inserted: rows.length, updated: 0, usccs: [...new Set(rows.map((r) => r.uscc))] };
    },
    upsert: async () => {
      throw new Error('the service upserts chunks');
    },
    findByKey: async () => undefined,
    usable: async () => [],
    ofEnterprise: async () => [],
    leftOut: async () => [],
    usccsOfBatches: async () => options.usccsOfBatches ?? [],
    setStatus: async () => undefined,
    setDisputed: async () => undefined,
    insertEvent: async () => true,
    events: async () => [],
    history: async () => [],
  };
  const profiles: ProfilePort = {
    markStale: async (tx, usccs) => {
      log.push(`markStale ${names(usccs)} in ${txOf(tx)}`);
    },
    refresh: async () => [],
    rebuildDueInBackground: () => undefined,
    pendingMarkedBy: async () => 0,
    versionsUsing: async () => [],
  };
  const recovery = new BatchRecovery({ db: {} as Db, transaction, batches, records, profiles, clock: new FakeClock(), staleSeconds: 120 });
  const service = new IngestionService({
    db: {} as Db,
    transaction,
    batches,
    records,
    calendar: {} as CalendarStore,
    register: { existing: async (_tx, usccs) => new Set(usccs) } as RegisterStore,
    sources: { assertMayDeliver: async () => undefined },
    recovery,
    profiles,
    clock: new FakeClock(),
    chunkSize: options.chunkSize,
    maxUploadBytes: options.maxUploadBytes ?? 1_000_000,
    parallelWrites: 1,
  });
  return { service, recovery, log };
}

const line = (uscc: string, period: string) => JSON.stringify({ uscc, period, taxType: 'vat', amountPaid: '1.00' }) + '\n';
const upload = (body: string | string[]) => ({
  institutionId: 'i', userId: null, category: 'tax_payments', formatVersion: 1, channel: 'api' as const, fileFormat: 'jsonl' as const, fileName: null,
  body: Readable.from(typeof body === 'string' ? [body] : body),
});

describe('IngestionService marks profiles stale once per batch', () => {
  it('after every chunk committed and before the transaction that completes the batch, each enterprise once and in key order', async () => {
    const { service, log } = harness({ chunkSize: 2 });
    await service.ingest(upload(line(C, '2026-08') + line(A, '2026-08') + line(C, '2026-09') + line(B, '2026-09') + line(A, '2026-09')));
    expect(log).toEqual([
      'begin 1', 'upsert A,C in 1', 'commit 1',
      'begin 2', 'upsert B,C in 2', 'commit 2',
      'begin 3', 'upsert A in 3', 'commit 3',
      'begin 4', 'markStale A,B,C in 4', 'commit 4',
      'begin 5', 'finish completed in 5', 'commit 5',
    ]);
  });

  it('marks the enterprises of the chunks that were stored when a batch fails', async () => {
    const lines = [line(B, '2026-08'), line(A, '2026-08'), line(C, '2026-08')];
    // The byte limit stops the stream in the third line.
    const { service, log } = harness({ chunkSize: 2, maxUploadBytes: lines.join('').length - 10 });
    await expect(service.ingest(upload(lines))).rejects.toMatchObject({ code: 'UPLOAD_TOO_LARGE' });
    expect(log).toEqual([
      'begin 1', 'upsert A,B in 1', 'commit 1',
      'begin 2', 'upsert  in 2', 'commit 2',
      'begin 3', 'markStale A,B in 3', 'commit 3',
      'begin 4', 'finish failed in 4', 'commit 4',
    ]);
  });

  it('re-marks, at startup, the enterprises of batches a stopped process left unfinished', async () => {
    const { recovery, log } = harness({ chunkSize: 2, unfinished: ['b1', 'b2'], usccsOfBatches: [C, A] });
    expect(await recovery.recoverAtStart()).toEqual(['b1', 'b2']);
    expect(log).toEqual(['begin 1', 'markStale A,C in 1', 'closeAbandoned in 1', 'commit 1']);
  });
});

