import { describe, expect, it } from 'vitest';
import type { Db, DbOrTrx } from '../db/database.js';
import { FakeClock } from '../platform/clock.js';
import type { NewOutboxMessage, OutboxMessage } from '../platform/outbox/outbox-message.js';
import type { SmsGateway } from '../platform/sms/sms-gateway.js';
import { FakeNotificationStore } from './fake-notification-store.js';
import { effectiveChannels } from './notification-kinds.js';
import { NotificationService, SMS_CHANNEL } from './notification-service.js';
import type { Audience, RecipientDirectory } from './notification.js';

const db = { transaction: (work: (tx: DbOrTrx) => unknown) => work({} as DbOrTrx) } as unknown as Db;

function setUp() {
  const store = new FakeNotificationStore();
  const outbox: NewOutboxMessage[] = [];
  const sent: { mobile: string; content: string }[] = [];
  const people: Record<string, string[]> = { 'enterprise:e1': ['legal', 'staff'], 'enterprise:e2': ['other'], 'enterprise:e3': ['twin1', 'twin2'], office: ['office1'] };
  const mobiles: Record<string, string> = { legal: '13800000001', other: '13800000002', twin1: '13800000003', twin2: '13800000003' };
  const directory: RecipientDirectory = {
    async userIds(_tx, audience: Audience) {
      return people[audience.to === 'enterprise' ? `enterprise:${audience.enterpriseId}` : audience.to] ?? [];
    },
    async mobileOf(_tx, userId) {
      return mobiles[userId];
    },
  };
  let failing = false;
  const sms: SmsGateway = {
    kind: 'simulator',
    async send(mobile, content) {
      if (failing) throw new Error('gateway down');
      sent.push({ mobile, content });
    },
  };
  const service = new NotificationService({
    db,
    store,
    directory,
    enqueue: async (_tx, m) => void outbox.push(m),
    sms,
    clock: new FakeClock(),
    readRetentionMonths: 12,
    smsPerMobilePerHour: 3,
    smsSentWithinHour: async (_tx, recipient, limit) => Math.min(limit, outbox.filter((m) => m.target === recipient).length),
  });
  return { service, store, outbox, sent, fail: (on: boolean) => (failing = on) };
}

const approved = { kind: 'application_approved' as const, title: '贷款申请审批通过', body: '已批准', dedupeKey: 'application:a1:approve:1' };
const asMessage = (m: NewOutboxMessage): OutboxMessage => ({ ...m, id: '1', status: 'pending', attempts: 1, maxAttempts: 10, nextAttemptAt: new Date(0), lastError: null, createdAt: new Date(0), deliveredAt: null });

describe('channels per kind', () => {
  it('keeps the inbox of a must-not-miss kind on whatever is chosen, and lets SMS be turned off', () => {
    expect(effectiveChannels('loan_disbursed', undefined)).toEqual({ inPlatform: true, sms: true });
    expect(effectiveChannels('loan_disbursed', { inPlatform: false, sms: false })).toEqual({ inPlatform: true, sms: false });
  });
  it('starts other kinds in the inbox only, and lets both be turned off or SMS on', () => {
    expect(effectiveChannels('question_answered', undefined)).toEqual({ inPlatform: true, sms: false });
    expect(effectiveChannels('question_answered', { inPlatform: false, sms: true })).toEqual({ inPlatform: false, sms: true });
  });
});

describe('NotificationService', () => {
  it("tells the audience's people only, once per event key, with an SMS per person through the outbox", async () => {
    const { service, store, outbox } = setUp();
    await service.notify({} as DbOrTrx, { to: 'enterprise', enterpriseId: 'e1' }, approved);
    await service.notify({} as DbOrTrx, { to: 'enterprise', enterpriseId: 'e1' }, approved);
    expect(store.rows.map((r) => r.userId).sort()).toEqual(['legal', 'staff']);
    expect(new Set(outbox.map((m) => m.messageKey)).size).toBe(2);
    expect(outbox.every((m) => m.channel === SMS_CHANNEL && !JSON.stringify(m.payload).includes('138'))).toBe(true);
    expect((await service.list('other', { unreadOnly: false, page: 1, pageSize: 20 })).total).toBe(0);
  });

  it('respects a person turning SMS off and an optional kind off in the inbox', async () => {
    const { service, store, outbox } = setUp();
    await service.savePreferences('staff', 'enterprise', new Map([['application_approved', { inPlatform: false, sms: false }], ['question_answered', { inPlatform: false, sms: false }]]));
    await service.notify({} as DbOrTrx, { to: 'enterprise', enterpriseId: 'e1' }, approved);
    await service.notify({} as DbOrTrx, { to: 'enterprise', enterpriseId: 'e1' }, { kind: 'question_answered', title: '新回答', body: '专家回答了', dedupeKey: 'qa-answer:1' });
    expect(outbox.map((m) => (m.payload as { userId: string }).userId)).toEqual(['legal']);
    expect(store.rows.filter((r) => r.userId === 'staff').map((r) => r.kind)).toEqual(['application_approved']);
    const prefs = await service.preferences('staff', 'enterprise');
    expect(prefs.find((p) => p.kind === 'application_approved')).toMatchObject({ inPlatform: true, sms: false, mustNotMiss: true });
    expect(prefs.find((p) => p.kind === 'question_answered')).toMatchObject({ inPlatform: false, sms: false, mustNotMiss: false });
  });

  it('counts, reads one, reads all, and treats another person\'s message as missing', async () => {
    const { service, store } = setUp();
    await service.notify({} as DbOrTrx, { to: 'enterprise', enterpriseId: 'e1' }, approved);
    await service.notify({} as DbOrTrx, { to: 'enterprise', enterpriseId: 'e1' }, { ...approved, dedupeKey: 'other-event' });
    const mine = store.rows.find((r) => r.userId === 'legal')!;
    await expect(service.markRead('other', mine.id)).rejects.toMatchObject({ code: 'NOTIFICATION_NOT_FOUND' });
    await service.markRead('legal', mine.id);
    expect(await service.unreadCount('legal')).toBe(1);
    expect(await service.markAllRead('legal')).toBe(1);
    expect((await service.list('legal', { unreadOnly: true, page: 1, pageSize: 20 })).total).toBe(0);
    expect(await service.unreadCount('staff')).toBe(2);
  });

  it('texts the mobile looked up at sending, skips a person without one, and throws for a retry when the gateway fails', async () => {
    const { service, outbox, sent, fail } = setUp();
    await service.notify({} as DbOrTrx, { to: 'enterprise', enterpriseId: 'e1' }, approved);
    const deliver = service.smsDeliverer();
    fail(true);
    await expect(deliver(asMessage(outbox[0]!))).rejects.toThrow('gateway down');
    fail(false);
    for (const m of outbox) await deliver(asMessage(m));
    expect(sent).toEqual([{ mobile: '13800000001', content: '【信易贷】贷款申请审批通过：已批准' }]);
  });

  it("shows a party's own words in the inbox and never texts them under the platform's signature", async () => {
    const { service, store, outbox, sent } = setUp();
    await service.notify({} as DbOrTrx, { to: 'enterprise', enterpriseId: 'e1' }, { ...approved, quote: '审批意见：请点击 http://evil.example' });
    expect(store.rows.find((r) => r.userId === 'legal')!.body).toBe('已批准审批意见：请点击 http://evil.example');
    for (const m of outbox) await service.smsDeliverer()(asMessage(m));
    expect(sent).toEqual([{ mobile: '13800000001', content: '【信易贷】贷款申请审批通过：已批准详情请登录信易贷平台查看。' }]);
  });

  it('texts a mobile at most the hourly number of notices, however many accounts carry it; the rest reach the inbox only', async () => {
    const { service, store, outbox } = setUp();
    const textsTo = (userIds: string[]) => outbox.filter((m) => userIds.includes((m.payload as { userId: string }).userId));
    for (let i = 1; i <= 5; i++) await service.notify({} as DbOrTrx, { to: 'enterprise', enterpriseId: 'e1' }, { ...approved, dedupeKey: `application:a1:disburse:${i}` });
    expect(textsTo(['legal'])).toHaveLength(3);
    expect(store.rows.filter((r) => r.userId === 'legal')).toHaveLength(5);
    // Two accounts with one number: the phone's hourly number, not each account's.
    for (let i = 1; i <= 5; i++) await service.notify({} as DbOrTrx, { to: 'enterprise', enterpriseId: 'e3' }, { ...approved, dedupeKey: `application:a3:disburse:${i}` });
    expect(textsTo(['twin1', 'twin2'])).toHaveLength(3);
    expect(store.rows.filter((r) => r.userId === 'twin2')).toHaveLength(5);
    await service.notify({} as DbOrTrx, { to: 'enterprise', enterpriseId: 'e2' }, approved);
    expect(textsTo(['other'])).toHaveLength(1);
    // The outbox holds no number: a person's text names the person, its target the number's digest.
    expect(outbox.some((m) => m.target.includes('1380000'))).toBe(false);
  });

  it("lists only the kinds a person's role is told of", async () => {
    const { service } = setUp();
    expect((await service.preferences('staff', 'enterprise')).map((p) => p.kind)).toEqual(['material_requested', 'application_approved', 'application_declined', 'loan_disbursed', 'guarantee_decided', 'grant_expiring', 'question_answered']);
    expect((await service.preferences('officer', 'bank_officer')).map((p) => p.kind)).toEqual(['application_received', 'sla_breach', 'product_reviewed', 'bank_report_refused']);
    expect((await service.preferences('office', 'financial_office')).map((p) => p.kind)).toEqual(['sla_breach']);
    expect(await service.preferences('source', 'data_source')).toEqual([]);
  });
});
