import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { FakeClock } from '../clock.js';
import { DomainError } from '../errors.js';
import { FakeIdempotencyStore } from './fake-idempotency-store.js';
import { IdempotencyService } from './idempotency-service.js';

const scope = { callerId: 'user-1', operation: 'loan-applications.create', key: 'k-1' };

function setUp() {
  const store = new FakeIdempotencyStore();
  const clock = new FakeClock(new Date('2026-11-25T02:00:00Z'));
  const service = new IdempotencyService({ db: {} as Db, store, clock });
  let runs = 0;
  const handler = async () => ({ status: 201, body: { id: `app-${++runs}` } });
  return { store, clock, service, handler, runs: () => runs };
}

describe('IdempotencyService', () => {
  it('runs a request once and replays its response to a repeat with the same body', async () => {
    const { service, handler, runs } = setUp();
    const first = await service.run(scope, { amount: '1', term: 12 }, handler);
    const again = await service.run(scope, { term: 12, amount: '1' }, handler);
    expect(first).toEqual({ status: 201, body: { id: 'app-1' }, replayed: false });
    expect(again).toEqual({ status: 201, body: { id: 'app-1' }, replayed: true });
    expect(runs()).toBe(1);
  });

  it('keeps keys apart per caller and operation', async () => {
    const { service, handler, runs } = setUp();
    await service.run(scope, {}, handler);
    await service.run({ ...scope, callerId: 'user-2' }, {}, handler);
    await service.run({ ...scope, operation: 'demands.create' }, {}, handler);
    expect(runs()).toBe(3);
  });

  it('refuses the same key with another body (422) and a repeat while the first runs (409)', async () => {
    const { service, handler } = setUp();
    await service.run(scope, { amount: '1' }, handler);
    await expect(service.run(scope, { amount: '2' }, handler)).rejects.toMatchObject({ kind: 'unprocessable', code: 'IDEMPOTENCY_KEY_REUSED' });

    let finish!: () => void;
    const slow = service.run({ ...scope, key: 'k-2' }, {}, () => new Promise((resolve) => (finish = () => resolve({ status: 201, body: {} }))));
    await expect(service.run({ ...scope, key: 'k-2' }, {}, handler)).rejects.toMatchObject({ kind: 'conflict', code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS' });
    finish();
    await expect(slow).resolves.toMatchObject({ replayed: false });
  });

  it('forgets a request that failed, so it can be retried with the same key', async () => {
    const { service, handler, runs } = setUp();
    const failure = new DomainError('unprocessable', 'PRODUCT_NOT_AVAILABLE', '该金融产品不存在或未上架');
    await expect(service.run(scope, {}, () => Promise.reject(failure))).rejects.toBe(failure);
    await expect(service.run(scope, {}, handler)).resolves.toMatchObject({ replayed: false });
    expect(runs()).toBe(1);
  });

  it('takes over a claim abandoned for a minute, and purges keys after 24 hours', async () => {
    const { clock, service, handler } = setUp();
    void service.run(scope, {}, () => new Promise(() => undefined)); // its process died mid-request
    await Promise.resolve();
    await expect(service.run(scope, {}, handler)).rejects.toMatchObject({ code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS' });
    clock.advance(61_000);
    await expect(service.run(scope, {}, handler)).resolves.toMatchObject({ replayed: false });

    clock.advance(23 * 3_600_000);
    expect(await service.purgeExpired()).toBe(0);
    clock.advance(3_600_001);
    expect(await service.purgeExpired()).toBe(1);
  });
});
