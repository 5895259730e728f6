import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEBHOOK_CHANNEL, WEBHOOK_MAX_ATTEMPTS } from '../src/institutions/institution-webhook-service.js';
import { alertStore } from '../src/oversight/alert-store.js';
import { OversightService } from '../src/oversight/oversight-service.js';
import { oversightStore } from '../src/oversight/oversight-store.js';
import { FakeClock } from '../src/platform/clock.js';
import { outboxStore } from '../src/platform/outbox/outbox-store.js';
import { institutionAdminOf } from './helpers/institution-admin.js';
import { seedOversightDistrict, type OversightFixture } from './helpers/oversight-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

// Issue 18: an overdue application escalates by the working calendar, first to the bank (a
// webhook event and an alert for its institution admins), then to the financial office (an alert it sees and acknowledges), once per
// case across scheduler runs and instances. The case is hand-made; every run has its own clock.
//
// Limits: 24 working hours to acceptance. Submitted Thu 2027-03-04 10:00; Fri 2027-03-05 is made a
// holiday; the weekend counts nothing. Worked by then: Thu 14 h, Mon 09:00 → 23 h, Mon 11:00 →
// 25 h (past the limit: the bank), Tue 11:00 → 49 h (past twice the limit: the office).
let platform: TestPlatform;
let office: string;
let fixture: OversightFixture;
let caseId: string;
let bankAdmin: string;
let bankAdminId: string;

const sh = (local: string) => new Date(`${local}+08:00`);
const THRESHOLDS = { acceptHours: 24, decisionHours: 72 };
const instance = (local: string) =>
  new OversightService({
    db: platform.database.knex,
    store: oversightStore,
    clock: new FakeClock(sh(local)),
    configuredBanks: async () => [],
    connectedBanks: async () => new Set(),
    thresholds: THRESHOLDS,
    outbox: outboxStore,
    webhookChannel: WEBHOOK_CHANNEL,
    webhookMaxAttempts: WEBHOOK_MAX_ATTEMPTS,
    alerts: alertStore,
    notifications: platform.services.notifications,
  });

const caseMessages = async () =>
  (await platform.database.knex('outbox_messages').where({ topic: 'application.overdue' }).select('payload', 'max_attempts')).filter((m) => m.payload.data.applicationId === caseId);
const caseAlerts = () => platform.database.knex('oversight_alerts').where({ application_id: caseId, audience: 'office' });
const bankCaseAlerts = () => platform.database.knex('oversight_alerts').where({ application_id: caseId, audience: 'bank' });
// 站内消息 about this case (issue 19): the escalation's notifications, each told once.
const caseNotices = (userIds: string[]) =>
  platform.database.knex('notifications').whereIn('user_id', userIds).where({ kind: 'sla_breach' }).whereLike('dedupe_key', `overdue:${caseId}:%`).select('user_id', 'title', 'body', 'link');
const officeUserIds = async () => (await platform.database.knex('users').where({ role: 'financial_office', status: 'active' }).pluck('id')).map(String);
type Alerts = { total: number; items: { id: string; applicationId: string; bankName: string; overdueFor: string; waitedWorkHours: number }[] };
const alerts = async (token = office) => {
  const res = await platform.api('/api/v1/oversight/alerts', { token });
  expect(res.status).toBe(200);
  return (await res.json()) as Alerts;
};

beforeAll(async () => {
  platform = await startTestPlatform({ SCHEDULER_ENABLED: 'false', DEMO_CREDIT_RECORD_ENTITIES: '0' });
  office = await platform.login('jrj_viewer');
  const knex = platform.database.knex;
  fixture = await seedOversightDistrict(knex);
  await knex('working_calendar').insert({ day: '2027-03-05', is_working_day: false, note: '测试假日' }).onConflict('day').merge();
  const enterprise = await knex('enterprises').where({ uscc: '91420299OVS0000005' }).first('id');
  const product = await knex('loan_products').where({ bank_id: fixture.bankId }).first('id');
  const [row] = await knex('loan_applications')
    .insert({ enterprise_id: enterprise.id, bank_id: fixture.bankId, product_id: product.id, term_months: 12, purpose: '经营周转', amount: '200000.00', status: 'SUBMITTED', submitted_at: sh('2027-03-04T10:00:00') })
    .returning('id');
  caseId = String(row.id);
  const admin = await institutionAdminOf(platform, 'OVS_BANK');
  bankAdmin = admin.accessToken;
  bankAdminId = admin.userId;
  await platform.services.oversight.refresh();
});
afterAll(() => platform?.close());

describe('escalation of an overdue application by the working calendar', () => {
  it('waits while the hours are not working hours: a holiday and a weekend count nothing', async () => {
    for (const at of ['2027-03-05T12:00:00', '2027-03-08T09:00:00']) await instance(at).escalateOverdue();
    expect(await caseMessages()).toHaveLength(0);
    expect(await caseAlerts()).toHaveLength(0);
    expect(await bankCaseAlerts()).toHaveLength(0);
    expect(await caseNotices([bankAdminId, ...(await officeUserIds())])).toHaveLength(0);
  });

  it('tells the bank past the limit (its system and its institution admins), and not yet the office', async () => {
    await instance('2027-03-08T11:00:00').escalateOverdue();
    const messages = await caseMessages();
    expect(messages.map((m) => m.payload.data)).toEqual([expect.objectContaining({ overdueFor: 'acceptance', escalation: 'bank', waitedWorkHours: 25 })]);
    expect(messages.map((m) => m.max_attempts)).toEqual([WEBHOOK_MAX_ATTEMPTS]);
    expect(await caseAlerts()).toHaveLength(0);
    const mine = (await alerts(bankAdmin)).items.filter((a) => a.applicationId === caseId);
    expect(mine).toEqual([expect.objectContaining({ bankName: '测试村镇银行', overdueFor: 'acceptance', waitedWorkHours: 25 })]);
    expect((await alerts()).items.some((a) => a.applicationId === caseId)).toBe(false);
    expect(await caseNotices([bankAdminId])).toEqual([expect.objectContaining({ title: '贷款申请超时未处理', link: `/bank/applications/${caseId}` })]);
    expect((await caseNotices([bankAdminId]))[0].body).toContain('25 个工作小时');
    expect(await caseNotices(await officeUserIds())).toHaveLength(0);
    const sms = await platform.database.knex('outbox_messages').where({ channel: 'notification_sms' }).whereLike('message_key', `notification-sms:${bankAdminId}:%overdue:${caseId}:%`);
    expect(sms).toHaveLength(1);
  });

  it("keeps a bank's list to its own institution admins: another bank's admin sees none of it, a plain officer is refused", async () => {
    const other = (await institutionAdminOf(platform, 'ABC_HS')).accessToken;
    expect((await alerts(other)).items.some((a) => a.applicationId === caseId)).toBe(false);
    const mine = (await alerts(bankAdmin)).items.find((a) => a.applicationId === caseId)!;
    const ack = (token: string) => platform.api(`/api/v1/oversight/alerts/${mine.id}/acknowledge`, { method: 'POST', token });
    expect((await ack(other)).status).toBe(404);
    expect((await ack(office)).status).toBe(404);
    expect((await ack(await platform.login('abc_officer'))).status).toBe(403);
    expect((await ack(bankAdmin)).status).toBe(204);
    expect((await alerts(bankAdmin)).items.some((a) => a.applicationId === caseId)).toBe(false);
  });

  it('raises the case to the office past twice the limit, once across runs and concurrent instances', async () => {
    await Promise.all([instance('2027-03-09T11:00:00').escalateOverdue(), instance('2027-03-09T11:00:00').escalateOverdue()]);
    await instance('2027-03-09T15:00:00').escalateOverdue();
    expect((await caseMessages()).map((m) => m.payload.data.escalation).sort()).toEqual(['bank', 'office']);
    expect(await bankCaseAlerts()).toHaveLength(1);
    const rows = await caseAlerts();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ bank_id: fixture.bankId, overdue_for: 'acceptance', raised_at: sh('2027-03-09T11:00:00') });
    expect(Number(rows[0].waited_work_hours)).toBe(49);
    // The office's people are told once, the bank's admin still once, across the repeated runs.
    const office = await officeUserIds();
    expect(office.length).toBeGreaterThan(0);
    const told = await caseNotices(office);
    expect(told.map((n) => n.user_id).sort()).toEqual([...office].sort());
    expect(told[0]).toMatchObject({ title: '银行贷款申请超时预警', link: '/oversight/lending-sla' });
    expect(told[0].body).toContain('测试村镇银行');
    expect(await caseNotices([bankAdminId])).toHaveLength(1);
  });

  it('shows the office its pending alerts with the unread count, and an acknowledged one leaves the list', async () => {
    const before = await alerts();
    const mine = before.items.find((a) => a.applicationId === caseId)!;
    expect(mine).toMatchObject({ bankName: '测试村镇银行', overdueFor: 'acceptance', waitedWorkHours: 49 });
    expect(before.total).toBe(before.items.length);
    const ack = (id: string) => platform.api(`/api/v1/oversight/alerts/${id}/acknowledge`, { method: 'POST', token: office });
    expect((await ack(mine.id)).status).toBe(204);
    expect((await ack(mine.id)).status).toBe(204);
    const after = await alerts();
    expect(after.total).toBe(before.total - 1);
    expect(after.items.some((a) => a.id === mine.id)).toBe(false);
    await instance('2027-03-10T11:00:00').escalateOverdue();
    expect((await alerts()).total).toBe(after.total);
    expect(await caseNotices([bankAdminId, ...(await officeUserIds())])).toHaveLength(1 + (await officeUserIds()).length);
  });

  it('answers an unknown or malformed alert with a problem naming it, and refuses other roles', async () => {
    const missing = await platform.api('/api/v1/oversight/alerts/00000000-0000-4000-8000-000000000000/acknowledge', { method: 'POST', token: office });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    const malformed = await platform.api('/api/v1/oversight/alerts/abc/acknowledge', { method: 'POST', token: office });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(await malformed.json())).toContain('"id"');
    const bank = await platform.login('abc_officer');
    expect((await platform.api('/api/v1/oversight/alerts', { token: bank })).status).toBe(403);
  });
});
