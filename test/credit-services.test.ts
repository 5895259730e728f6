// Issue 20: credit reports, self-reported data and objections, on one platform boot.
import { beforeAll, describe, expect, it } from 'vitest';
import { sm3Hex } from '../src/platform/national-crypto.js';
import { consentTo } from './helpers/access-fixtures.js';
import { institutionId, registerEnterprises, type TestEnterprise } from './helpers/consent-fixtures.js';
import { fromUnits, toUnits } from '../src/profiles/decimal-sum.js';
import { admin, authority, feed, indicator, nextNumber, otherFeed, platform, profile, SAMPLES, sendAs, startIngestionPlatform } from './helpers/ingestion-platform.js';
import { pdfText } from './helpers/pdf-text.js';

startIngestionPlatform();

interface Report { id: string; verificationCode: string; profileVersion: number; leftOutCount: number; sm3: string; scopes: string[]; sizeBytes: number }
interface Profile { version: number; sections: { scope: string; records: { id: number; category: string; recordKey: string }[] }[] }

let enterprise: { id: string; uscc: string; token: string };

beforeAll(async () => {
  // A demo enterprise with credit records (the demo seeds records for some registered enterprises).
  const row = (await platform.database
    .knex('enterprises as e')
    .whereExists((q) => q.select(1).from('all_credit_records as r').whereRaw('r.uscc = e.uscc').where('r.status', 'active').whereNot('r.category', 'register'))
    .orderBy('e.uscc')
    .first('e.id', 'e.uscc')) as { id: string; uscc: string };
  enterprise = { ...row, token: await platform.login(row.uscc) };
});

const issue = async (): Promise<Report> => {
  const res = await platform.api('/api/v1/me/credit-reports', { method: 'POST', token: enterprise.token });
  expect(res.status).toBe(201);
  return (await res.json()) as Report;
};
const download = async (report: Report): Promise<Buffer> => {
  const res = await platform.api(`/api/v1/me/credit-reports/${report.id}/pdf`, { token: enterprise.token });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/pdf');
  return Buffer.from(await res.arrayBuffer());
};
const verify = (file: Buffer, code?: string) =>
  fetch(`${platform.url}/api/v1/public/credit-reports/verifications${code ? `?code=${encodeURIComponent(code)}` : ''}`, {
    method: 'POST',
    headers: { 'content-type': 'application/pdf' },
    body: new Uint8Array(file),
  });

describe('信用报告', () => {
  it('leaves a repaired record out and lists it as left out; the PDF names the profile version and sources', async () => {
    const profile = (await (await platform.api('/api/v1/me/profile', { token: enterprise.token })).json()) as Profile;
    const record = profile.sections.filter((s) => s.scope !== 'register').flatMap((s) => s.records)[0]!;
    const before = await issue();
    const beforeText = pdfText(await download(before));
    expect(beforeText).toContain('企业公共信用报告');
    expect(beforeText).toContain(`第 ${before.profileVersion} 版`);
    expect(beforeText).toContain('数据来源单位');
    expect(beforeText).not.toContain(record.recordKey);

    const notice = { category: record.category, recordKey: record.recordKey, kind: 'repair', noticeNo: '信修〔2026〕7号', reason: '已履行义务，完成信用修复' };
    expect((await platform.api('/api/v1/ingestion/notices', { token: admin, body: notice })).status).toBe(201);

    const after = await issue();
    expect(after.profileVersion).toBeGreaterThan(before.profileVersion);
    expect(after.leftOutCount).toBe(before.leftOutCount + 1);
    const current = (await (await platform.api('/api/v1/me/profile', { token: enterprise.token })).json()) as Profile;
    expect(current.version).toBe(after.profileVersion);
    expect(current.sections.flatMap((s) => s.records).map((r) => r.id)).not.toContain(record.id);
    const afterText = pdfText(await download(after));
    // Table cells wrap: compare without line breaks.
    const leftOutPart = afterText.slice(afterText.indexOf('三、未纳入本报告的记录'), afterText.indexOf('四、说明')).replaceAll('\n', '');
    expect(leftOutPart).toContain(record.recordKey);
    expect(leftOutPart).toContain('已信用修复');
  });

  it('names the enterprise’s district in the PDF, never its code', async () => {
    const { district_code: code } = await platform.database.knex('market_entities').where({ uscc: enterprise.uscc }).first('district_code');
    const { name } = await platform.database.knex('districts').where({ code }).first('name');
    const text = pdfText(await download(await issue())).replaceAll('\n', '');
    expect(text).toContain(`所属区县：${name}`);
    expect(text).not.toContain('所属区县代码');
    expect(text.replaceAll(enterprise.uscc, '')).not.toContain(code);
  });

  it('is free and repeatable: each report has its own code, and a download gives the same bytes', async () => {
    const [a, b] = [await issue(), await issue()];
    expect(a.verificationCode).not.toBe(b.verificationCode);
    const [first, again] = [await download(a), await download(a)];
    expect(first.equals(again)).toBe(true);
    expect(sm3Hex(first)).toBe(a.sm3);
    const list = (await (await platform.api('/api/v1/me/credit-reports', { token: enterprise.token })).json()) as { items: Report[] };
    expect(list.items.slice(0, 2).map((r) => r.id)).toEqual([b.id, a.id]);
  });

  it('verifies a copy by code and by file; a tampered PDF does not match', async () => {
    const report = await issue();
    const pdf = await download(report);
    const byCode = await fetch(`${platform.url}/api/v1/public/credit-reports/${report.verificationCode.toLowerCase().replaceAll('-', '')}`);
    expect(byCode.status).toBe(200);
    expect(await byCode.json()).toMatchObject({ verificationCode: report.verificationCode, sm3: report.sm3, profileVersion: report.profileVersion });

    expect(await (await verify(pdf, report.verificationCode)).json()).toMatchObject({ match: true, sm3: report.sm3, report: { verificationCode: report.verificationCode } });
    expect(await (await verify(pdf)).json()).toMatchObject({ match: true, report: { verificationCode: report.verificationCode } });

    const tampered = Buffer.from(pdf);
    const at = tampered.indexOf('/Title');
    tampered[at + 8] = tampered[at + 8]! ^ 0x01;
    const checked = (await (await verify(tampered, report.verificationCode)).json()) as { match: boolean; sm3: string };
    expect(checked.match).toBe(false);
    expect(checked.sm3).not.toBe(report.sm3);
    expect(await (await verify(tampered)).json()).toMatchObject({ match: false, report: null });

    expect((await fetch(`${platform.url}/api/v1/public/credit-reports/AAAA-BBBB-CCCC-DDDD`)).status).toBe(404);
    const notPdf = await platform.api('/api/v1/public/credit-reports/verifications', { body: { file: 'x' } });
    expect(notPdf.status).toBe(400);
    expect(((await notPdf.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('body');
  });

  it('an institution obtains the report only through the consent gate: granted scopes only, the read logged', async () => {
    const bank = await platform.login('abc_officer');
    const path = `/api/v1/institution/enterprises/${enterprise.uscc}/credit-report?purpose=loan_application`;
    expect((await platform.api(path, { token: bank })).status).toBe(403);

    const grant = await consentTo(platform, enterprise.token, await institutionId(platform, 'ABC_HS'));
    const logged = async () => Number(((await platform.database.knex('consent_access_log').where({ grant_id: grant }).count('* as n')) as { n: string }[])[0]!.n);
    const res = await platform.api(path, { token: bank });
    expect(res.status).toBe(200);
    const code = res.headers.get('x-verification-code')!;
    const text = pdfText(Buffer.from(await res.arrayBuffer()));
    expect(text).toContain('登记注册');
    expect(text).not.toContain('行政处罚');
    expect(text).toContain('经企业授权');
    expect(await logged()).toBe(1);
    const stored = await platform.database.knex('credit_reports').where({ verification_code: code }).first();
    expect(stored).toMatchObject({ issued_to: 'institution', scopes: ['register'] });
    expect(Number(stored.access_log_id)).toBeGreaterThan(0);
  });

  it('自愿填报 is signed, shown in its own section, shared only under a grant that includes it, and never in a public report', async () => {
    const item = { kind: 'main_products', title: '节能电机', content: '年产节能电机 12 万台，主要销往华中地区' };
    const unsigned = await platform.api('/api/v1/me/self-reported', { token: enterprise.token, body: { ...item, acceptCommitment: false } });
    expect(unsigned.status).toBe(400);
    const added = await platform.api('/api/v1/me/self-reported', { token: enterprise.token, body: { ...item, acceptCommitment: true } });
    expect(added.status).toBe(201);
    expect(((await added.json()) as { commitmentSm3: string }).commitmentSm3).toMatch(/^[0-9a-f]{64}$/);

    const own = (await (await platform.api('/api/v1/me/profile', { token: enterprise.token })).json()) as { sections: { scope: string; indicators: { label: string; value: unknown; recordIds: number[] }[] }[] };
    const section = own.sections.find((s) => s.scope === 'self_reported')!;
    expect(section.indicators).toEqual([expect.objectContaining({ value: item.content, recordIds: [] })]);
    expect(section.indicators[0]!.label).toContain('企业自愿填报');
    expect(own.sections.filter((s) => s.scope !== 'self_reported').flatMap((s) => s.indicators).map((i) => i.value)).not.toContain(item.content);

    const read = async (officer: string) =>
      (await (await platform.api(`/api/v1/institution/enterprises/${enterprise.uscc}/profile?purpose=loan_application`, { token: await platform.login(officer) })).json()) as {
        scopes: string[];
        data: Record<string, { indicators: { value: unknown }[] }>;
      };
    // ABC_HS holds a grant for `register` only (the test above).
    const withoutScope = await read('abc_officer');
    expect(withoutScope.scopes).toEqual(['register']);
    expect(withoutScope.data.self_reported).toBeUndefined();

    const grant = await platform.api('/api/v1/consents', {
      token: enterprise.token,
      body: {
        granteeInstitutionId: await institutionId(platform, 'HSFG'),
        scopes: ['register', 'self_reported'],
        purpose: 'loan_application',
        validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        fetchType: 'PERIODIC',
        frequency: { unit: 'DAY', value: 50 },
      },
    });
    expect(grant.status).toBe(201);
    const withScope = await read('hsfg_officer');
    expect(withScope.data.self_reported!.indicators.map((i) => i.value)).toEqual([item.content]);

    const report = await issue();
    expect(report.scopes).not.toContain('self_reported');
    expect(pdfText(await download(report))).not.toContain('节能电机');
  });

  it('自愿填报 the same item twice, even at once, stores one: a bank would count one contract as two', async () => {
    const item = { kind: 'major_contracts', title: '黄石港区污水管网采购合同', content: '合同金额 860 万元，2026 年 9 月签订，履行期 18 个月', acceptCommitment: true };
    const add = (body: Record<string, unknown> = item) => platform.api('/api/v1/me/self-reported', { token: enterprise.token, body });
    const both = await Promise.all([add(), add()]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const stored = (await both.find((r) => r.status === 201)!.json()) as { id: string };
    const refused = (await both.find((r) => r.status === 409)!.json()) as { code: string; detail: string; existingId: string };
    expect(refused).toMatchObject({ code: 'SELF_REPORTED_DUPLICATE', existingId: stored.id });
    expect(refused.detail).toContain('重大合同');
    // Another content is another item; once withdrawn, the same item may be reported again.
    const other = await add({ ...item, content: '合同金额 120 万元，2026 年 10 月签订' });
    expect(other.status).toBe(201);
    for (const id of [stored.id, ((await other.json()) as { id: string }).id]) {
      expect((await platform.api(`/api/v1/me/self-reported/${id}`, { token: enterprise.token, method: 'DELETE' })).status).toBe(204);
    }
    const again = await add();
    expect(again.status).toBe(201);
    expect((await platform.api(`/api/v1/me/self-reported/${((await again.json()) as { id: string }).id}`, { token: enterprise.token, method: 'DELETE' })).status).toBe(204);
  });
});

interface SourceRecord { recordKey: string; underObjection: boolean }
interface Objection { id: string; number: string; status: string; categoryLabel: string; dueOn: string; escalatedAt: string | null; answeredAt: string | null }

const ownRecords = async (e: TestEnterprise) =>
  ((await (await platform.api('/api/v1/me/profile', { token: e.token })).json()) as { sections: { records: SourceRecord[] }[] }).sections.flatMap((s) => s.records);

async function penaltyOf(e: TestEnterprise) {
  const penalty = SAMPLES.penalties!(e.uscc, nextNumber());
  expect((await sendAs('penalties', [penalty])).status).toBe(201);
  return { penalty, key: `${authority.uscc}|${String(penalty.decisionDocNo)}` };
}

async function file(e: TestEnterprise, recordKey: string): Promise<Objection> {
  const res = await platform.api('/api/v1/me/credit-objections', { token: e.token, body: { category: 'penalties', recordKey, reasons: '处罚已于复议中撤销，记录有误' } });
  expect(res.status).toBe(201);
  return (await res.json()) as Objection;
}

/** Waits for the relay (running in the platform) to deliver the message; the first retry comes within the 2 s backoff base. */
async function deliveredMessage(messageKey: string): Promise<{ attempts: number; payload: Record<string, unknown> }> {
  const end = Date.now() + 15_000;
  for (;;) {
    const row = await platform.database.knex('outbox_messages').where({ message_key: messageKey }).first();
    if (row?.status === 'delivered') return row as { attempts: number; payload: Record<string, unknown> };
    if (Date.now() > end) throw new Error(`not delivered: ${JSON.stringify(row)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const answer = (id: string, body: Record<string, unknown>, token = feed) => platform.api(`/api/v1/credit-objections/${id}/answer`, { token, body });

describe('异议 from filing to the department’s answer', () => {
  it('marks the record 异议中, takes a correction only through a new delivery, and queues the result for the next-day 08:00 sync', async () => {
    const [e] = (await registerEnterprises(platform, 1)) as [TestEnterprise];
    const { penalty, key } = await penaltyOf(e);
    const finesBefore = String(indicator(await profile(e.uscc), 'penalty_fines_36_months').value);
    const objection = await file(e, key);
    expect(objection.status).toBe('open');
    // The category as 数据报送 and the profile name it, the same for the enterprise and the department.
    expect(objection.categoryLabel).toBe('行政处罚');
    const handled = (await (await platform.api('/api/v1/credit-objections?status=open', { token: feed })).json()) as { items: Objection[] };
    expect(handled.items.find((o) => o.id === objection.id)?.categoryLabel).toBe('行政处罚');
    expect(objection.dueOn > new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10)).toBe(true);
    expect((await ownRecords(e)).find((r) => r.recordKey === key)?.underObjection).toBe(true);
    expect((await platform.api('/api/v1/me/credit-objections', { token: e.token, body: { category: 'penalties', recordKey: key, reasons: '重复' } })).status).toBe(409);

    const attach = (body: Buffer, type: string) =>
      fetch(`${platform.url}/api/v1/me/credit-objections/${objection.id}/attachments?fileName=${encodeURIComponent('复议决定书.pdf')}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${e.token}`, 'content-type': type },
        body: new Uint8Array(body),
      });
    expect((await attach(Buffer.from('%PDF-1.4\n复议决定'), 'application/pdf')).status).toBe(201);
    const disguised = await attach(Buffer.from('<html><script>alert(1)</script>'), 'application/pdf');
    expect(disguised.status).toBe(400);
    expect(((await disguised.json()) as { code: string }).code).toBe('ATTACHMENT_TYPE_NOT_ALLOWED');

    // Another department cannot answer; the delivering one must re-send before claiming a correction.
    expect((await answer(objection.id, { outcome: 'upheld', reason: '维持' }, otherFeed)).status).toBe(404);
    const early = await answer(objection.id, { outcome: 'corrected', reason: '罚款金额有误，已更正', correctionBatchId: crypto.randomUUID() });
    expect(early.status).toBe(422);
    const resent = await sendAs('penalties', [{ ...penalty, fineAmountWan: '0.3' }]);
    expect(resent.body.rowsUpdated).toBe(1);
    // The provincial node is down for the first delivery attempt: the outbox retries.
    const node = platform.services.nationalFeed.simulators.provincial!;
    node.failNext(1);
    const done = await answer(objection.id, { outcome: 'corrected', reason: '罚款金额有误，已更正', correctionBatchId: resent.body.id });
    expect(done.status).toBe(200);
    const answered = (await done.json()) as Objection;
    expect(answered.status).toBe('corrected');

    expect((await ownRecords(e)).find((r) => r.recordKey === key)?.underObjection).toBe(false);
    const stored = await platform.database.knex('all_credit_records').where({ category: 'penalties', record_key: key }).first();
    expect(stored).toMatchObject({ disputed: false, batch_id: resent.body.id });
    // The corrected profile: the fine counts at its corrected amount.
    const fines = indicator(await profile(e.uscc), 'penalty_fines_36_months');
    expect(fines.recordIds).toContain(Number(stored.id));
    expect(fines.value).toBe(fromUnits(toUnits(finesBefore, 6) - toUnits(String(penalty.fineAmountWan), 6) + toUnits('0.3', 6), 6));
    const messageKey = `objection:${objection.id}:resolved`;
    const message = await deliveredMessage(messageKey);
    expect(message.attempts).toBe(2);
    expect(node.results().find((r) => r.resultId === messageKey)).toMatchObject({ kind: 'objection', outcome: 'corrected', recordKey: key, objectionNumber: answered.number });
    const payload = message.payload as { outcome: string; recordKey: string; deliverBy: string; answeredAt: string };
    expect(payload).toMatchObject({ outcome: 'corrected', recordKey: key });
    // Before 08:00 Shanghai (00:00 UTC) of the day after the answer.
    const answeredShanghai = new Date(Date.parse(payload.answeredAt) + 8 * 3_600_000);
    const expected = Date.UTC(answeredShanghai.getUTCFullYear(), answeredShanghai.getUTCMonth(), answeredShanghai.getUTCDate() + 1);
    expect(Date.parse(payload.deliverBy)).toBe(expected);
  });

  it('a withdrawal goes through the notice path: the record leaves the profile', async () => {
    const [e] = (await registerEnterprises(platform, 1)) as [TestEnterprise];
    const { key } = await penaltyOf(e);
    const objection = await file(e, key);
    expect((await answer(objection.id, { outcome: 'withdrawn', reason: '主体认定错误，撤销该记录' })).status).toBe(200);
    expect((await ownRecords(e)).map((r) => r.recordKey)).not.toContain(key);
    const audit = (await (await platform.api(`/api/v1/ingestion/records/penalties/${encodeURIComponent(key)}`, { token: feed })).json()) as { record: { status: string }; events: { noticeNo: string }[] };
    expect(audit.record.status).toBe('withdrawn');
    expect(audit.events[0]!.noticeNo).toBe(`异议${objection.number}`);
    expect((await answer(objection.id, { outcome: 'upheld', reason: '再次答复' })).status).toBe(409);
  });

  it('two answers at once: one wins, and the record is withdrawn only if the objection is', async () => {
    const [e] = (await registerEnterprises(platform, 1)) as [TestEnterprise];
    const { key } = await penaltyOf(e);
    const objection = await file(e, key);
    const answers = await Promise.all([answer(objection.id, { outcome: 'withdrawn', reason: '撤销该记录' }), answer(objection.id, { outcome: 'upheld', reason: '维持' })]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const stored = await platform.database.knex('credit_objections').where({ id: objection.id }).first('status');
    const audit = (await (await platform.api(`/api/v1/ingestion/records/penalties/${encodeURIComponent(key)}`, { token: feed })).json()) as { record: { status: string } };
    expect(audit.record.status).toBe(stored.status === 'withdrawn' ? 'withdrawn' : 'active');
  });

  it('an overdue objection escalates to the financial office once', async () => {
    const [e] = (await registerEnterprises(platform, 1)) as [TestEnterprise];
    const { key } = await penaltyOf(e);
    const objection = await file(e, key);
    expect(await platform.services.creditServices.objections.escalateOverdue()).toEqual([]);
    await platform.database.knex('credit_objections').where({ id: objection.id }).update({ due_on: platform.database.knex.raw('current_date - 1') });
    const escalated = await platform.services.creditServices.objections.escalateOverdue();
    expect(escalated.map((o) => o.id)).toEqual([objection.id]);
    expect(await platform.services.creditServices.objections.escalateOverdue()).toEqual([]);
    const office = await platform.login('jrj_viewer');
    const listed = (await (await platform.api('/api/v1/credit-objections?escalated=true&status=open', { token: office })).json()) as { items: Objection[] };
    expect(listed.items.map((o) => o.id)).toContain(objection.id);
    expect((await platform.api('/api/v1/credit-objections', { token: admin })).status).toBe(200);
  });
});
