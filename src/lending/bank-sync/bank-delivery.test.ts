import { describe, expect, it } from 'vitest';
import type { OutboxMessage } from '../../platform/outbox/outbox-message.js';
import { PermanentDeliveryError } from '../../platform/outbox/outbox-message.js';
import { CANCEL_TOPIC, SUBMIT_TOPIC } from '../applications/application-state-machine.js';
import { submissionMessageKey } from '../applications/loan-application.js';
import { bankAdapterDeliverer, type SubmissionDeliveries } from './bank-delivery.js';

const message = (topic: string, key: string, payload: Record<string, unknown>): OutboxMessage =>
  ({ id: '1', channel: 'bank_adapter', target: 'ABC_HS', topic, messageKey: key, payload, status: 'pending', attempts: 1, maxAttempts: 10 }) as OutboxMessage;

const submission = message(SUBMIT_TOPIC, submissionMessageKey('app-1'), {
  applicationId: 'app-1',
  enterprise: { uscc: '91420200MA4F000001', name: '黄石华兴科技有限公司' },
  product: null,
  amount: '500000.00',
  termMonths: 12,
  purpose: '采购原材料',
  firstLoan: true,
  submittedAt: '2026-12-05T02:00:00.000Z',
});
const withdrawal = message(CANCEL_TOPIC, 'loan-application:app-1:cancel', { applicationId: 'app-1', bankReference: null, reason: '资金已到位' });

function setUp() {
  const sent: string[] = [];
  const pending = new Set<string>([submissionMessageKey('app-1')]);
  const gateway = {
    submitApplication: async (_bank: string, request: { idempotencyKey: string }) => {
      sent.push(request.idempotencyKey);
      return { bankReference: 'ABC-1' };
    },
    cancelApplication: async (_bank: string, request: { idempotencyKey: string }) => {
      sent.push(request.idempotencyKey);
    },
  };
  const receipts = { recordSubmissionReceipt: async () => undefined };
  const submissions: SubmissionDeliveries = { stillToDeliver: async (_bank, key) => pending.has(key) };
  return { sent, pending, deliver: bankAdapterDeliverer(gateway, receipts, submissions) };
}

describe('the bank_adapter deliverer', () => {
  it('holds a withdrawal back while its submission is still to be delivered, so the bank never gets them in the other order', async () => {
    const { sent, pending, deliver } = setUp();
    const held = await deliver(withdrawal).then(() => undefined, (error: unknown) => error);
    // Retried later (not a permanent failure), and nothing reached the bank.
    expect(held).toBeInstanceOf(Error);
    expect(held).not.toBeInstanceOf(PermanentDeliveryError);
    expect(sent).toEqual([]);

    await deliver(submission);
    pending.delete(submissionMessageKey('app-1'));
    await deliver(withdrawal);
    expect(sent).toEqual([submissionMessageKey('app-1'), 'loan-application:app-1:cancel']);
  });
});
