import { describe, expect, it } from 'vitest';
import { BankGateway, type BankAdapterSource } from '../../../bank-adapters/gateway.js';
import { BankAdapterError, type BankAdapter } from '../../../bank-adapters/port.js';
import type { Db } from '../../db/database.js';
import { fakeTransactionRunner } from '../../db/transaction.js';
import { FakeClock } from '../../platform/clock.js';
import { unprocessableField } from '../../platform/errors.js';
import { createLogger } from '../../platform/logger.js';
import type { ApplicationStateMachine } from '../applications/application-state-machine.js';
import type { ApplicationStore } from '../applications/application-store.js';
import type { BankDirectory } from '../bank-directory.js';
import type { BankCallbackStore } from './bank-callback-store.js';
import { BankSyncService, POLL_FAILURES_BEFORE_SKIP } from './bank-sync-service.js';

/**
 * The polling job against a bank that refuses or cannot be reached. Before, every silent
 * application of such a bank was asked and logged (a warning with a stack) every round, and the
 * first hundred applications of all banks, oldest first, could all be its own: the other banks'
 * silent applications were never polled while it stayed down.
 */
const BANKS = [
  { id: 'bank-down', code: 'DOWN_HS', name: '停机银行' },
  { id: 'bank-up', code: 'UP_HS', name: '正常银行' },
];

function setUp() {
  const clock = new FakeClock(new Date('2026-12-07T02:00:00Z'));
  let failure: BankAdapterError | undefined = new BankAdapterError('bank answered 401: {"error":"bad api key"}', false, '401');
  const asked: string[] = [];
  const adapter = (code: string): BankAdapter =>
    ({
      identifier: 'fake',
      bankCode: code,
      async queryStatus(query) {
        asked.push(query.applicationId);
        if (code === 'DOWN_HS' && failure) throw failure;
        // One of the other bank's applications reports a settlement its ledger does not cover; any
        // application with a reference is one the bank's status query (on a wrong path) says it lost.
        if (query.bankReference !== null) return null;
        return query.applicationId === 'up-0' ? [{ eventId: 'poll:closed', applicationId: 'up-0', type: 'closed', occurredAt: clock.now() }] : [];
      },
    }) as Partial<BankAdapter> as BankAdapter;
  const source: BankAdapterSource = { adapterFor: async (code) => adapter(code), configuredBankCodes: async () => BANKS.map((b) => b.code), exchanged: () => undefined };
  // The down bank's applications have been silent longest: 150 of them, then the other bank's 5.
  const silent = [
    ...Array.from({ length: 150 }, (_, i) => ({ id: `down-${i}`, bankId: 'bank-down', bankReference: null as string | null, since: i })),
    ...Array.from({ length: 5 }, (_, i) => ({ id: `up-${i}`, bankId: 'bank-up', bankReference: null as string | null, since: 1_000 + i })),
  ];
  const contacted = new Set<string>();
  const applications = {
    listSilent: async (_tx: unknown, _statuses: unknown, _before: Date, limit: number, bankIds: readonly string[]) =>
      silent.filter((a) => bankIds.includes(a.bankId) && !contacted.has(a.id)).slice(0, limit),
  } as unknown as ApplicationStore;
  const machine = {
    recordBankContact: async (_tx: unknown, id: string) => void contacted.add(id),
    applyBankReport: async () => {
      throw unprocessableField('SETTLEMENT_WITH_OUTSTANDING', 'outstandingPrincipal', '尚有未还本金 100,000.00 元');
    },
  } as unknown as ApplicationStateMachine;
  const banks: BankDirectory = { findByCode: async (_tx, code) => BANKS.find((b) => b.code === code), findById: async () => undefined, hasAdapter: async () => true };
  const lines: { level: number; msg: string; bankCode?: string; failed?: number; skipped?: number }[] = [];
  const logger = createLogger('debug', { write: (line: string) => void lines.push(JSON.parse(line)) });
  const service = new BankSyncService({
    db: {} as Db,
    transaction: fakeTransactionRunner,
    gateway: new BankGateway(source, () => clock.now()),
    callbacks: {} as BankCallbackStore,
    applications,
    machine,
    banks,
    clock,
    logger,
    pollSilentMinutes: 60,
    rejectionLimit: { max: 10, windowSeconds: 60 },
    notices: { refused: async () => undefined },
  });
  const logged = (level: 'warn' | 'info' | 'debug', prefix = 'status polls') => lines.filter((l) => l.level === { warn: 40, info: 30, debug: 20 }[level] && l.msg.startsWith(prefix));
  const acknowledged = () => silent.filter((a) => a.bankId === 'bank-up').forEach((a) => (a.bankReference = `UP-${a.id}`));
  return { service, asked, contacted, logged, lines, clock, fail: (error: BankAdapterError | undefined) => (failure = error), silentAgain: () => contacted.clear(), acknowledged };
}

describe('polling silent applications while one bank refuses', () => {
  it('polls every other bank, asks the refusing one a few times a round, and says so once', async () => {
    const { service, asked, contacted, logged } = setUp();
    const first = await service.pollSilent();
    expect(first).toEqual({ polled: POLL_FAILURES_BEFORE_SKIP + 5, failed: POLL_FAILURES_BEFORE_SKIP, skipped: 100 - POLL_FAILURES_BEFORE_SKIP });
    expect([...contacted].sort()).toEqual(['up-0', 'up-1', 'up-2', 'up-3', 'up-4']);
    expect(asked.filter((id) => id.startsWith('down-'))).toHaveLength(POLL_FAILURES_BEFORE_SKIP);
    expect(logged('warn')).toEqual([expect.objectContaining({ msg: 'status polls failed', bankCode: 'DOWN_HS', failed: POLL_FAILURES_BEFORE_SKIP, skipped: 97 })]);

    // The same refusal the next rounds: nothing more at warn.
    await service.pollSilent();
    await service.pollSilent();
    expect(logged('warn')).toHaveLength(1);
    expect(logged('debug').map((l) => l.msg)).toEqual(['status polls still failing', 'status polls still failing']);
  });

  it('tells when the bank answers again, and when it fails another way', async () => {
    const { service, logged, fail } = setUp();
    await service.pollSilent();
    fail(undefined);
    const recovered = await service.pollSilent();
    expect(recovered).toMatchObject({ failed: 0, skipped: 0 });
    expect(logged('info')).toEqual([expect.objectContaining({ msg: 'status polls answered again', bankCode: 'DOWN_HS' })]);
    fail(new BankAdapterError('bank did not answer within 400 ms', true));
    await service.pollSilent();
    expect(logged('warn').map((l) => l.msg)).toEqual(['status polls failed', 'status polls failed']);
  });

  it('warns once of a report the ledger refuses, however many rounds bring it back', async () => {
    const { service, logged, silentAgain } = setUp();
    for (let round = 0; round < 3; round++) {
      silentAgain();
      expect((await service.pollSilent()).failed).toBe(POLL_FAILURES_BEFORE_SKIP);
    }
    expect(logged('warn', 'status poll report').map((l) => l.msg)).toEqual(['status poll report refused']);
    expect(logged('debug', 'status poll report').map((l) => l.msg)).toEqual(['status poll report still refused', 'status poll report still refused']);
  });

  it('says so when the bank’s status query answers "not found" for applications it acknowledged', async () => {
    // Before: taken as "unknown to the bank" in silence, round after round (a query on a wrong path).
    const { service, logged, contacted, acknowledged, fail, silentAgain } = setUp();
    fail(undefined);
    acknowledged();
    const round = await service.pollSilent();
    expect(round).toMatchObject({ failed: POLL_FAILURES_BEFORE_SKIP, skipped: 5 - POLL_FAILURES_BEFORE_SKIP });
    expect(logged('warn')).toEqual([expect.objectContaining({ msg: 'status polls failed', bankCode: 'UP_HS' })]);
    // Asked ones still count as contact: polled again after LENDING_POLL_SILENT_MINUTES, not every round.
    expect(['up-0', 'up-1', 'up-2'].every((id) => contacted.has(id))).toBe(true);
    silentAgain();
    await service.pollSilent();
    expect(logged('warn')).toHaveLength(1);
  });
});
