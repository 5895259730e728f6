import { describe, expect, it } from 'vitest';
import type { Logger } from '../platform/logger.js';
import { PermanentDeliveryError, type OutboxMessage } from '../platform/outbox/outbox-message.js';
import { ExchangeUnavailableError } from './exchange/exchange-port.js';
import { ProvincialNodeSimulator } from './exchange/provincial-simulator.js';
import { UPWARD_RESULTS_CHANNEL, upwardResultDeliverer } from './upward-results.js';

const answeredAt = new Date('2026-12-04T09:30:00Z');
const payload = {
  objectionNumber: 'YY20261204-0007',
  uscc: '91420200MA4KXXXX1A',
  category: 'penalties',
  recordKey: 'k-1',
  outcome: 'corrected',
  reason: '金额有误，已更正',
  filedAt: '2026-12-01T02:00:00.000Z',
  answeredAt: answeredAt.toISOString(),
  deliverBy: '2026-12-05T00:00:00.000Z',
};
const message = (body: Record<string, unknown>): OutboxMessage => ({
  id: '1', channel: UPWARD_RESULTS_CHANNEL, target: 'provincial_node', topic: 'credit_objection.resolved', messageKey: 'objection:a:resolved',
  payload: body, status: 'pending', attempts: 1, maxAttempts: 10, nextAttemptAt: answeredAt, lastError: null, createdAt: answeredAt, deliveredAt: null,
});

function setUp(now: Date) {
  const node = new ProvincialNodeSimulator('unused');
  const warnings: unknown[] = [];
  const logger = { warn: (o: unknown) => warnings.push(o) } as unknown as Logger;
  return { node, warnings, deliver: upwardResultDeliverer(node, { now: () => now }, logger) };
}

describe('upward objection results', () => {
  it('hands the result to the node once under the message key, and retries through an outage', async () => {
    const { node, warnings, deliver } = setUp(answeredAt);
    node.failNext(1);
    await expect(deliver(message(payload))).rejects.toBeInstanceOf(ExchangeUnavailableError);
    expect(node.results()).toEqual([]);
    await deliver(message(payload));
    await deliver(message(payload));
    expect(node.results()).toEqual([{ resultId: 'objection:a:resolved', kind: 'objection', ...payload }]);
    expect(warnings).toEqual([]);
  });

  it('dead-letters a malformed payload and logs a result that arrives after 08:00 the next day', async () => {
    const { node, warnings, deliver } = setUp(new Date('2026-12-05T00:00:01Z'));
    await expect(deliver(message({ ...payload, outcome: 'maybe' }))).rejects.toBeInstanceOf(PermanentDeliveryError);
    await deliver(message(payload));
    expect(node.results()).toHaveLength(1);
    expect(warnings).toHaveLength(1);
  });
});
