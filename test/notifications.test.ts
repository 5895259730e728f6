import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expiringGrantStore } from '../src/consents/expiring-grant-store.js';
import { GrantExpiryNotices } from '../src/consents/grant-expiry-notices.js';
import { FakeClock } from '../src/platform/clock.js';
import { shanghaiDate } from '../src/platform/business-date.js';
import { SMS_CHANNEL } from '../src/notifications/notification-service.js';
import { demoEnterpriseLogin, productLike, publishedProduct } from './helpers/lending-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

// Issue 19 / 20: the events of an application, a Q&A answer, an expiring grant reach the right
// people only (站内消息), and SMS reach the simulator's inbox as each person chose. One boot.
let platform: TestPlatform;
let sme: string;
let smeUserId: string;
let smeMobile: string;
let officer: string;
let productId: string;

interface Notice {
  id: string;
  kind: string;
  title: string;
  body: string;
  link: string | null;
  readAt: string | null;
}
interface Page {
  total: number;
  unread: number;
  items: Notice[];
}

const json = async <T>(res: Response, status: number): Promise<T> => {
  const body = await res.text();
  expect(res.status, body).toBe(status);
  return (body ? JSON.parse(body) : undefined) as T;
};
const inbox = async (token: string, query = '') => json<Page>(await platform.api(`/api/v1/me/notifications${query}`, { token }), 200);
/** Who was told anything about the application, by user id. */
const toldAbout = async (applicationId: string) =>
  (await platform.database.knex('notifications').whereLike('dedupe_key', `application:${applicationId}:%`).select('user_id', 'kind')).map((r) => ({ userId: String(r.user_id), kind: r.kind as string }));
const bankPeople = async (code: string) =>
  (await platform.database.knex('users as u').join('institutions as i', 'i.id', 'u.institution_id').where({ 'i.code': code, 'u.status': 'active' }).pluck('u.id')).map(String);
/**
 * Until no SMS is left to send. The platform's own relay runs too: a pass of ours that claims
 * nothing may mean its pass holds the message, so the wait is on the messages, not on our passes.
 */
const deliverSms = async () => {
  for (;;) {
    await platform.services.outboxRelay.runOnce();
    const unsent = await platform.database.knex('outbox_messages').where({ channel: SMS_CHANNEL, status: 'pending' }).count<{ n: string }[]>({ n: '*' });
    if (Number(unsent[0]!.n) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
const smsTo = async (mobile: string) => (await platform.services.smsInbox!.latest(500)).filter((m) => m.mobileMasked === `${mobile.slice(0, 3)}****${mobile.slice(7)}`);

async function apply(amount: string): Promise<{ id: string; version: number }> {
  const res = await json<{ application: { id: string; version: number } }>(
    await platform.api('/api/v1/loan-applications', { token: sme, body: { productId: await productLike(platform, productId), amount, termMonths: 12, purpose: '采购原材料' } }),
    201,
  );
  return res.application;
}
const act = async (id: string, path: string, body: Record<string, unknown>) =>
  json<{ application: { version: number } }>(await platform.api(`/api/v1/bank/loan-applications/${id}/${path}`, { token: officer, body }), 200);

beforeAll(async () => {
  platform = await startTestPlatform({ BANK_SIMULATOR: 'false', SCHEDULER_ENABLED: 'false', DEMO_CREDIT_RECORD_ENTITIES: '0' });
  const login = demoEnterpriseLogin(platform);
  sme = await platform.login(login);
  const user = await platform.database.knex('users').where({ username: login }).first('id', 'enterprise_id');
  smeUserId = String(user.id);
  smeMobile = (await platform.services.registration.contactMobile(platform.database.knex, String(user.enterprise_id)))!;
  officer = await platform.login('abc_officer');
  productId = await publishedProduct(platform, 'abc_officer');
});
afterAll(() => platform?.close());

describe('notifications of a loan application', () => {
  it("tells the bank's people of a new application, and no other bank", async () => {
    const { id } = await apply('300000');
    const told = await toldAbout(id);
    expect(told.every((t) => t.kind === 'application_received')).toBe(true);
    expect(told.map((t) => t.userId).sort()).toEqual((await bankPeople('ABC_HS')).sort());
    const mine = (await inbox(officer)).items.find((n) => n.link === `/bank/applications/${id}`)!;
    expect(mine).toMatchObject({ kind: 'application_received', title: '收到新的贷款申请' });
    expect(mine.body).toContain('300,000.00 元');
    const other = await platform.login('icbc_officer');
    expect((await inbox(other)).items.some((n) => n.link === `/bank/applications/${id}`)).toBe(false);
  });

  it('tells the SME what material is needed and why it was declined; the SMS says so in the platform\'s words only', async () => {
    const { id } = await apply('200000');
    const accepted = await act(id, 'accept', {});
    const asked = await act(id, 'decision', { decision: 'request_action', version: accepted.application.version, actionType: 'ADD_DOCUMENT', comment: '请补充近三个月的银行流水' });
    await act(id, 'decision', { decision: 'reject', version: asked.application.version, rejectionReason: 'INSUFFICIENT_REPAYMENT_CAPACITY', comment: '流水不足以覆盖月供' });
    const about = (await inbox(sme)).items.filter((n) => n.link === `/enterprise/applications/${id}`);
    expect(about.map((n) => n.kind)).toEqual(['application_declined', 'material_requested']);
    expect(about[1]!.body).toContain('请补充近三个月的银行流水');
    expect(about[0]!.body).toContain('还款能力不足');
    expect(about[0]!.body).toContain('流水不足以覆盖月供');
    expect((await toldAbout(id)).filter((t) => t.kind !== 'application_received').map((t) => t.userId)).toEqual([smeUserId, smeUserId]);
    await deliverSms();
    // The officer's words stay in the 站内消息: a text signed 【信易贷】 carries none of them.
    const texts = (await smsTo(smeMobile)).map((m) => m.content);
    expect(texts).toContainEqual(expect.stringMatching(/^【信易贷】银行要求补充材料：.*请您补充材料。详情请登录信易贷平台查看。$/));
    expect(texts.some((t) => t.includes('银行流水') || t.includes('流水不足以覆盖月供'))).toBe(false);
  });

  it('respects the SME turning SMS off for approvals, and still texts the disbursement', async () => {
    await json(await platform.api('/api/v1/me/notification-preferences', { method: 'PUT', token: sme, body: { items: [{ kind: 'application_approved', inPlatform: false, sms: false }] } }), 200);
    const prefs = await json<{ items: { kind: string; inPlatform: boolean; sms: boolean }[] }>(await platform.api('/api/v1/me/notification-preferences', { token: sme }), 200);
    // 必达: the inbox stays on for an approval whatever is chosen.
    expect(prefs.items.find((p) => p.kind === 'application_approved')).toMatchObject({ inPlatform: true, sms: false });
    const { id } = await apply('400000');
    const accepted = await act(id, 'accept', {});
    await act(id, 'decision', { decision: 'approve', version: accepted.application.version, approvedAmount: '350000', approvedRate: '3.85', approvedTermMonths: 12 });
    await act(id, 'disbursements', { reference: `N-${id.slice(0, 8)}`, amount: '350000', occurredOn: shanghaiDate(new Date()) });
    const about = (await inbox(sme)).items.filter((n) => n.link === `/enterprise/applications/${id}`);
    expect(about.map((n) => n.kind)).toEqual(['loan_disbursed', 'application_approved']);
    expect(about[1]!.body).toContain('350,000.00 元');
    expect(about[1]!.body).toContain('3.85%');
    await deliverSms();
    const texts = (await smsTo(smeMobile)).map((m) => m.content);
    expect(texts.some((t) => t.includes('350,000.00') && t.includes('放款'))).toBe(true);
    expect(texts.some((t) => t.includes('审批通过'))).toBe(false);
  });
});

describe('the inbox API', () => {
  it('counts unread, reads one and all, and answers 404 for another person\'s message', async () => {
    const before = await inbox(sme);
    expect(before.unread).toBeGreaterThan(1);
    const count = await json<{ unread: number }>(await platform.api('/api/v1/me/notifications/unread-count', { token: sme }), 200);
    expect(count.unread).toBe(before.unread);
    const first = before.items[0]!;
    expect((await platform.api(`/api/v1/me/notifications/${first.id}/read`, { method: 'POST', token: officer })).status).toBe(404);
    expect((await platform.api(`/api/v1/me/notifications/${first.id}/read`, { method: 'POST', token: sme })).status).toBe(204);
    expect((await inbox(sme)).unread).toBe(before.unread - 1);
    const paged = await inbox(sme, '?pageSize=1&page=2&unreadOnly=true');
    expect(paged.items).toHaveLength(1);
    expect(paged.total).toBe(before.unread - 1);
    const all = await json<{ updated: number }>(await platform.api('/api/v1/me/notifications/read-all', { method: 'POST', token: sme }), 200);
    expect(all.updated).toBe(before.unread - 1);
    expect((await inbox(sme)).unread).toBe(0);
    expect((await inbox(officer)).unread).toBeGreaterThan(0);
  });

  it('names the bad field of a bad request', async () => {
    const bad = await json<{ errors: { field: string }[] }>(await platform.api('/api/v1/me/notifications?pageSize=500', { token: sme }), 400);
    expect(bad.errors.map((e) => e.field)).toEqual(['pageSize']);
    const badId = await json<{ errors: { field: string }[] }>(await platform.api('/api/v1/me/notifications/abc/read', { method: 'POST', token: sme }), 400);
    expect(badId.errors.map((e) => e.field)).toEqual(['id']);
    const badPrefs = await json<{ errors: { field: string }[] }>(
      await platform.api('/api/v1/me/notification-preferences', { method: 'PUT', token: sme, body: { items: [{ kind: 'nope', inPlatform: true, sms: 'yes' }] } }),
      400,
    );
    expect(badPrefs.errors.map((e) => e.field).sort()).toEqual(['items.0.kind', 'items.0.sms']);
  });

  it("offers each person the settings of the kinds their role is told of, and names a kind that is not", async () => {
    const offered = async (token: string) => (await json<{ items: { kind: string }[] }>(await platform.api('/api/v1/me/notification-preferences', { token }), 200)).items.map((i) => i.kind);
    expect(await offered(officer)).toEqual(['application_received', 'sla_breach', 'product_reviewed', 'bank_report_refused']);
    expect(await offered(sme)).not.toContain('product_reviewed');
    expect(await offered(sme)).toContain('loan_disbursed');
    const foreign = await json<{ errors: { field: string; message: string }[] }>(
      await platform.api('/api/v1/me/notification-preferences', { method: 'PUT', token: officer, body: { items: [{ kind: 'sla_breach', inPlatform: true, sms: true }, { kind: 'loan_disbursed', inPlatform: false, sms: false }] } }),
      400,
    );
    expect(foreign.errors).toEqual([expect.objectContaining({ field: 'items.1.kind', message: expect.stringContaining('贷款已放款') })]);
  });
});

describe('notifications beyond lending', () => {
  it('tells the asker when an expert answers on the Q&A board', async () => {
    const question = await json<{ id: string }>(await platform.api('/api/v1/me/qa/questions', { token: sme, body: { title: '首贷户有哪些优惠', body: '第一次贷款有什么支持政策？' } }), 201);
    expect((await platform.api(`/api/v1/qa/questions/${question.id}/moderation`, { token: await platform.login('jrj_viewer'), body: { status: 'published' } })).status).toBe(204);
    const answer = await json<{ id: string }>(await platform.api(`/api/v1/qa/questions/${question.id}/answers`, { token: officer, body: { body: '可享受首贷贴息。' } }), 201);
    const rows = await platform.database.knex('notifications').where({ dedupe_key: `qa-answer:${answer.id}` }).pluck('user_id');
    expect(rows.map(String)).toEqual([smeUserId]);
    expect((await inbox(sme)).items[0]).toMatchObject({ kind: 'question_answered', link: '/qa' });
    expect((await inbox(sme)).items[0]!.body).toContain('首贷户有哪些优惠');
  });

  it('reminds the enterprise of a grant ending within the window, once per grant and end', async () => {
    const knex = platform.database.knex;
    const grant = await knex('consent_grants').where({ enterprise_id: (await knex('users').where({ id: smeUserId }).first('enterprise_id')).enterprise_id, status: 'ACTIVE' }).orderBy('valid_until').first('id', 'valid_until');
    const validUntil = new Date(grant.valid_until);
    const run = (daysBefore: number) =>
      new GrantExpiryNotices({ db: knex, store: expiringGrantStore, notifications: platform.services.notifications, clock: new FakeClock(new Date(validUntil.getTime() - daysBefore * 86_400_000)) }).run();
    await run(10);
    const told = () => knex('notifications').where({ dedupe_key: `grant-expiring:${grant.id}:${validUntil.toISOString()}` }).pluck('user_id');
    expect(await told()).toHaveLength(0);
    await run(3);
    await run(2);
    expect((await told()).map(String)).toEqual([smeUserId]);
    const notice = (await inbox(sme)).items.find((n) => n.kind === 'grant_expiring' && n.link === `/consents/${grant.id}`)!;
    expect(notice.body).toContain(shanghaiDate(validUntil));
    await deliverSms();
    expect((await smsTo(smeMobile)).some((m) => m.content.includes('数据授权即将到期'))).toBe(true);
  });
});

// Last: it spends the SME's phone's texts for the hour, which the tests above count on.
describe('texts per mobile', () => {
  it("texts a mobile at most SMS_NOTIFICATIONS_MAX_PER_MOBILE_PER_HOUR (10) notices an hour, however many tranches a bank records and accounts carry it; the inbox has each", async () => {
    // A staff account the legal representative gave the firm's contact mobile: a second account, one phone.
    const staff = await json<{ member: { id: string } }>(
      await platform.api('/api/v1/enterprise/staff', { token: sme, body: { username: 'notice_twin', displayName: '财务', mobile: smeMobile, position: 'staff' } }),
      201,
    );
    const { id } = await apply('100000');
    const accepted = await act(id, 'accept', {});
    await act(id, 'decision', { decision: 'approve', version: accepted.application.version, approvedAmount: '100000', approvedRate: '3.85', approvedTermMonths: 12 });
    for (let i = 1; i <= 15; i++) await act(id, 'disbursements', { reference: `T-${i}-${id.slice(0, 8)}`, amount: '1.00', occurredOn: shanghaiDate(new Date()) });
    const disbursed = (await inbox(sme, '?pageSize=100')).items.filter((n) => n.link === `/enterprise/applications/${id}` && n.kind === 'loan_disbursed');
    expect(disbursed).toHaveLength(15);
    const told = await platform.database.knex('notifications').where({ user_id: staff.member.id, kind: 'loan_disbursed' }).count<{ n: string }[]>({ n: '*' });
    expect(Number(told[0]!.n)).toBe(15);
    // Every text either account was sent (this hour's, the tests' above included), whatever the outbox names as its target.
    const texts = (await platform.database.knex.raw(
      `select count(*)::int as n from outbox_messages o
        where o.channel = ? and exists (select 1 from notifications n where n.user_id in (?, ?) and o.message_key = 'notification-sms:' || n.user_id || ':' || n.dedupe_key)`,
      [SMS_CHANNEL, smeUserId, staff.member.id],
    )) as { rows: { n: number }[] };
    expect(texts.rows[0]!.n).toBe(10);
    expect(await platform.database.knex('outbox_messages').where({ channel: SMS_CHANNEL }).whereLike('target', `%${smeMobile}%`)).toHaveLength(0);
  });
});
