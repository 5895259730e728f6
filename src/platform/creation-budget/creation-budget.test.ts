import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { FakeClock } from '../clock.js';
import type { DomainError } from '../errors.js';
import { CreationBudget, ENTERPRISE_CREATIONS_REFUSAL } from './creation-budget.js';
import { FakeSlidingWindowStore } from '../fake-sliding-window-store.js';

const setUp = () => {
  const clock = new FakeClock();
  const store = new FakeSlidingWindowStore();
  const budget = new CreationBudget({ db: {} as Db, store, clock, limit: { max: 2, windowSeconds: 60 }, refusal: ENTERPRISE_CREATIONS_REFUSAL });
  return { clock, store, budget };
};

describe('CreationBudget', () => {
  it('refuses an enterprise that created the maximum within the window until the oldest leaves it; others are not affected', async () => {
    const { clock, budget } = setUp();
    await budget.record('firm-a');
    clock.advance(20_000);
    await budget.record('firm-a');
    const refused = await budget.assertWithin('firm-a').catch((e: unknown) => e as DomainError);
    expect(refused).toMatchObject({ kind: 'rate_limited', code: 'ENTERPRISE_CREATIONS_RATE_LIMITED', extensions: { retryAfterSeconds: 40 } });
    await expect(budget.assertWithin('firm-b')).resolves.toBeUndefined();
    clock.advance(40_001);
    await expect(budget.assertWithin('firm-a')).resolves.toBeUndefined();
  });

  it('purges only what the window no longer reads', async () => {
    const { clock, store, budget } = setUp();
    await budget.record('firm-a');
    clock.advance(61_000);
    await budget.record('firm-a');
    expect(await budget.purgeExpired()).toBe(1);
    expect(store.rows).toHaveLength(1);
  });
});
