import { describe, expect, it } from 'vitest';
import { registerEnterprises, type TestEnterprise } from './helpers/consent-fixtures.js';
import { admin, authority, feed, nextNumber, otherFeed, platform, SAMPLES, sendAs, startIngestionPlatform } from './helpers/ingestion-platform.js';

startIngestionPlatform();

interface SourceRecord { recordKey: string; underObjection: boolean }
interface Objection { id: string; number: string; status: string; dueOn: string; escalatedAt: string | null; answeredAt: string | null }

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

const answer = (id: string, body: Record<string, unknown>, token = feed) => platform.api(`/api/v1/credit-objections/${id}/answer`, { token, body });

describe('异议 from filing to the department’s answer', () => {
  it('marks the record 异议中, takes a correction only through a new delivery, and queues the result for the next-day 08:00 sync', async () => {
    const [e] = (await registerEnterprises(platform, 1)) as [TestEnterprise];
    const { penalty, key } = await penaltyOf(e);
    const objection = await file(e, key);
    expect(objection.status).toBe('open');
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
    const done = await answer(objection.id, { outcome: 'corrected', reason: '罚款金额有误，已更正', correctionBatchId: resent.body.id });
    expect(done.status).toBe(200);
    const answered = (await done.json()) as Objection;
    expect(answered.status).toBe('corrected');

    expect((await ownRecords(e)).find((r) => r.recordKey === key)?.underObjection).toBe(false);
    const stored = await platform.database.knex('credit_records').where({ category: 'penalties', record_key: key }).first();
    expect(stored).toMatchObject({ disputed: false, batch_id: resent.body.id });
    const [message] = await platform.database.knex('outbox_messages').where({ topic: 'credit_objection.resolved', message_key: `objection:${objection.id}:resolved` });
    expect(message).toBeDefined();
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
