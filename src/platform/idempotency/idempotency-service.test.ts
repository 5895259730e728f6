import { describe, expect, it } from 'vitest';
import type { Db, DbOrTrx } from '../../db/database.js';
import { FakeClock } from '../clock.js';
import { DomainError } from '../errors.js';
import { FakeIdempotencyStore } from './fake-idempotency-store.js';
import { IdempotencyService, type IdempotentWrite, type MarkApplied } from './idempotency-service.js';

const scope = { callerId: 'user-1', operation: 'loan-applications.create', key: 'k-1' };
const tx = {} as DbOrTrx;

function setUp() {
  const store = new FakeIdempotencyStore();
  const clock = new FakeClock(new Date('2026-11-25T02:00:00Z'));
  const service = new IdempotencyService({ db: {} as Db, store, clock });
  let runs = 0;
  /** A write of one application per run, marking the claim applied as its transaction would. */
  const write = (body: (applied: MarkApplied) => Promise<{ status: number; body: unknown }> = async (applied) => {
    const id = `app-${++runs}`;
    await applied(tx, id);
    return { status: 201, body: { id } };
  }): IdempotentWrite => ({ run: body, answerApplied: async (id) => ({ status: 201, body: { id, now: true } }) });
  return { store, clock, service, write, runs: () => runs };
}

describe('IdempotencyService', () => {
  it('runs a request once and replays its response to a repeat with the same body', async () => {
    const { service, write, runs } = setUp();
    const first = await service.run(scope, { amount: '1', term: 12 }, write());
    const again = await service.run(scope, { term: 12, amount: '1' }, write());
    expect(first).toEqual({ status: 201, body: { id: 'app-1' }, replayed: false });
    expect(again).toEqual({ status: 201, body: { id: 'app-1' }, replayed: true });
    expect(runs()).toBe(1);
  });

  it('keeps keys apart per caller and operation', async () => {
    const { service, write, runs } = setUp();
    await service.run(scope, {}, write());
    await service.run({ ...scope, callerId: 'user-2' }, {}, write());
    await service.run({ ...scope, operation: 'demands.create' }, {}, write());
    expect(runs()).toBe(3);
  });

  it('refuses the same key with another body (422) and a repeat while the first runs (409)', async () => {
    const { service, write } = setUp();
    await service.run(scope, { amount: '1' }, write());
    await expect(service.run(scope, { amount: '2' }, write())).rejects.toMatchObject({ kind: 'unprocessable', code: 'IDEMPOTENCY_KEY_REUSED' });

    let finish!: () => void;
    const slow = service.run({ ...scope, key: 'k-2' }, {}, write(() => new Promise((resolve) => (finish = () => resolve({ status: 201, body: {} })))));
    await expect(service.run({ ...scope, key: 'k-2' }, {}, write())).rejects.toMatchObject({ kind: 'conflict', code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS' });
    finish();
    await expect(slow).resolves.toMatchObject({ replayed: false });
  });

  it('forgets a request that failed, so it can be retried with the same key', async () => {
    const { service, write, runs } = setUp();
    const failure = new DomainError('unprocessable', 'PRODUCT_NOT_AVAILABLE', '该金融产品不存在或未上架');
    await expect(service.run(scope, {}, write(() => Promise.reject(failure)))).rejects.toBe(failure);
    await expect(service.run(scope, {}, write())).resolves.toMatchObject({ replayed: false });
    expect(runs()).toBe(1);
  });

  it('takes over a claim abandoned for a minute before its write applied, and purges keys after 24 hours', async () => {
    const { clock, service, write } = setUp();
    void service.run(scope, {}, write(() => new Promise(() => undefined))); // its process died mid-request
    await Promise.resolve();
    await expect(service.run(scope, {}, write())).rejects.toMatchObject({ code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS' });
    clock.advance(61_000);
    await expect(service.run(scope, {}, write())).resolves.toMatchObject({ replayed: false });

    clock.advance(23 * 3_600_000);
    expect(await service.purgeExpired()).toBe(0);
    clock.advance(3_600_001);
    expect(await service.purgeExpired()).toBe(1);
  });

  it('answers a write applied by a process that died before storing its answer from the state as it is now, for good', async () => {
    const { clock, service, write, runs } = setUp();
    void service.run(scope, {}, write(async (applied) => {
      await applied(tx, 'app-0');
      return new Promise(() => undefined); // committed, then the process died
    }));
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(61_000);
    const retry = await service.run(scope, {}, write());
    expect(retry).toEqual({ status: 201, body: { id: 'app-0', now: true }, replayed: true });
    expect(runs()).toBe(0);
    await expect(service.replay(scope, {}, write())).resolves.toEqual(retry);
    await expect(service.run(scope, { other: true }, write())).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED' });
  });

  it('rolls back a slow attempt whose claim was taken over and applied, and answers it as applied', async () => {
    const { clock, service, write } = setUp();
    let resume!: () => void;
    const slow = service.run(scope, {}, write(async (applied) => {
      await new Promise<void>((resolve) => (resume = resolve));
      await applied(tx, 'app-slow'); // refused: the claim is no longer this attempt's
      return { status: 201, body: { id: 'app-slow' } };
    }));
    await new Promise((resolve) => setImmediate(resolve));
    clock.advance(61_000);
    await expect(service.run(scope, {}, write())).resolves.toEqual({ status: 201, body: { id: 'app-1' }, replayed: false });
    resume();
    await expect(slow).resolves.toEqual({ status: 201, body: { id: 'app-1' }, replayed: true });
  });
});
