import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEnterpriseLogin, productIdsByBankCode, productLike } from './helpers/lending-fixtures.js';
import { ENVELOPE_BANK, JSON_BANK, RawBiz, startSignedCallbackPlatform, type SignedCallbackPlatform } from './helpers/signed-callbacks.js';

/**
 * A bank integrating from docs/bank-integration.md §4.6 and §5.6: each status names the data it
 * carries. A callback without it was answered 200 and applied (an approval with no terms, then
 * tranches of any size; a disbursement with nothing in the ledger), so these failed before.
 */
let env: SignedCallbackPlatform;
let sme: string;
let productOf: Map<string, string>;

beforeAll(async () => {
  env = await startSignedCallbackPlatform();
  sme = await env.platform.login(demoEnterpriseLogin(env.platform));
  productOf = await productIdsByBankCode(env.platform, sme);
});
afterAll(() => env?.close());

async function apply(bankCode: string, amount = '500000'): Promise<string> {
  const productId = await productLike(env.platform, productOf.get(bankCode)!);
  const res = await env.platform.api('/api/v1/loan-applications', { token: sme, body: { productId, amount, termMonths: 12, purpose: '购买设备' } });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { application: { id: string } }).application.id;
}

const row = (id: string) => env.platform.database.knex('loan_applications').where({ id }).first();
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

async function malformed(res: Response, fields: string[]): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(400);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(text) as { code: string; errors: { field: string; code: string }[] };
  expect(body.code).toBe('CALLBACK_MALFORMED');
  expect(body.errors.map((e) => e.field).sort(), text).toEqual([...fields].sort());
  expect(body.errors.every((e) => e.code === 'REQUIRED')).toBe(true);
}

describe('a callback without the data its status carries: 400 naming the field, nothing applied', () => {
  it('json-webhooks: approval, rejection, action and transaction', async () => {
    const id = await apply(JSON_BANK);
    const before = await row(id);
    const body = (status: string, extra: Record<string, unknown> = {}) => ({
      type: 'loan_application.status_changed',
      timestamp: new Date().toISOString(),
      data: { applicationId: id, bankReference: 'CCB-31', status, ...extra },
    });
    await malformed(await env.jsonCallback('evt_approved_bare', body('APPROVED')), ['data.approval']);
    await malformed(await env.jsonCallback('evt_declined_bare', body('DECLINED')), ['data.rejection']);
    await malformed(await env.jsonCallback('evt_docs_bare', body('DOCUMENTS_REQUIRED')), ['data.action']);
    await malformed(await env.jsonCallback('evt_disbursed_bare', body('DISBURSED')), ['data.transaction']);
    await malformed(await env.jsonCallback('evt_repaid_bare', body('REPAYMENT_RECEIVED')), ['data.transaction']);
    expect(await row(id)).toMatchObject({ status: before.status, version: before.version, approved_amount: null });
    expect(await env.platform.database.knex('bank_callbacks').where({ application_id: id })).toEqual([]);
    // The docs' example, with its terms, is heard.
    const approved = body('APPROVED', { approval: { amount: '400000.00', rate: '3.85', termMonths: 12 } });
    expect((await env.jsonCallback('evt_approved', approved)).status).toBe(200);
    expect(await row(id)).toMatchObject({ status: 'APPROVED', approved_amount: '400000.00' });
  });

  it('cn-open-platform-sm: the codes and the fields of a group given only in part', async () => {
    const id = await apply(ENVELOPE_BANK);
    const before = await row(id);
    const biz = (app_status: string, extra: Record<string, unknown> = {}) => ({
      event_id: `e${Math.random().toString(36).slice(2)}`,
      platform_app_id: id,
      bank_app_no: 'ICBC-31',
      app_status,
      ...extra,
    });
    await malformed(await env.envelopeCallback(biz('04')), ['appr_amt', 'appr_rate', 'appr_term']);
    await malformed(await env.envelopeCallback(biz('04', { appr_amt: '400000.00', appr_term: 12 })), ['appr_rate']);
    await malformed(await env.envelopeCallback(biz('05', { reject_desc: '不符合准入条件' })), ['reject_code']);
    await malformed(await env.envelopeCallback(biz('03')), ['action_code']);
    await malformed(await env.envelopeCallback(biz('07', { trxn_no: 'DB0001', trxn_amt: '200000.00' })), ['trxn_date']);
    await malformed(await env.envelopeCallback(biz('02', { trxn_no: 'DB0001' })), ['trxn_amt', 'trxn_date']);
    expect(await row(id)).toMatchObject({ status: before.status, version: before.version, approved_amount: null });
    // The docs' example notification (a tranche with the approval repeated) is heard.
    const example = { appr_amt: '400000.00', appr_rate: '4.10', appr_term: 12, trxn_no: 'DB0001', trxn_amt: '200000.00', trxn_date: today().replace(/-/g, '') };
    expect((await env.envelopeCallback(biz('07', example))).status).toBe(200);
    expect(await row(id)).toMatchObject({ status: 'DISBURSED', approved_amount: '400000.00', disbursed_amount: '200000.00' });
  });
});

describe('tranches reported before the approval terms', () => {
  it('are bounded by the amount applied for, as no approval may exceed it', async () => {
    const id = await apply(JSON_BANK, '500000');
    const tranche = (reference: string, amount: string) => ({
      type: 'loan_application.status_changed',
      timestamp: new Date().toISOString(),
      data: { applicationId: id, bankReference: 'CCB-32', status: 'DISBURSED', transaction: { reference, amount, date: today() } },
    });
    const refused = await env.jsonCallback('evt_huge_tranche', tranche('DB1', '29000000.00'));
    expect(refused.status).toBe(422);
    expect(await refused.json()).toMatchObject({ received: false, error: expect.stringContaining('DISBURSEMENT_EXCEEDS_APPROVED') });
    expect((await row(id)).disbursed_amount).toBe('0.00');
    expect((await env.jsonCallback('evt_tranche_1', tranche('DB2', '300000.00'))).status).toBe(200);
    expect((await env.jsonCallback('evt_tranche_2', tranche('DB3', '200000.01'))).status).toBe(422);
    expect((await env.jsonCallback('evt_tranche_3', tranche('DB4', '200000.00'))).status).toBe(200);
    expect(await row(id)).toMatchObject({ status: 'DISBURSED', approved_amount: null, disbursed_amount: '500000.00' });
    // The bank's admins are told of each refused report once, a repeat of it telling nothing more.
    expect((await env.jsonCallback('evt_huge_tranche', tranche('DB1', '29000000.00'))).status).toBe(422);
    const told = await env.platform.database.knex('notifications as n').join('users as u', 'u.id', 'n.user_id')
      .where('n.dedupe_key', 'like', `bank-report-refused:${id}:%`).select('u.position', 'n.dedupe_key', 'n.link', 'n.body');
    const admins = new Set(told.map((t: { dedupe_key: string }) => t.dedupe_key));
    expect([...admins].sort()).toEqual([`bank-report-refused:${id}:evt_huge_tranche`, `bank-report-refused:${id}:evt_tranche_2`]);
    expect(told.every((t: { position: string; link: string }) => t.position === 'institution_admin' && t.link === `/bank/applications/${id}`)).toBe(true);
    expect(told.find((t: { dedupe_key: string }) => t.dedupe_key.endsWith('evt_tranche_2'))!.body).toContain('累计放款不能超过');
  });
});

describe('a signed, decryptable notification whose biz_content is not JSON', () => {
  it('is malformed content (400 naming biz_content), as a JSON callback body is, not an unverified one (401)', async () => {
    for (const text of ['not json', '{"event_id":"e1",']) {
      const res = await env.envelopeCallback(new RawBiz(text));
      const body = (await res.json()) as { code: string; errors: { field: string; code: string }[] };
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(body).toMatchObject({ code: 'CALLBACK_MALFORMED', errors: [{ field: 'biz_content', code: 'MALFORMED_JSON' }] });
    }
    const json = await env.jsonCallback('evt_not_json', 'not json');
    expect(json.status).toBe(400);
    expect(await json.json()).toMatchObject({ errors: [{ code: 'MALFORMED_JSON' }] });
  });
});

describe('a signed callback dated outside the window: refused as a replay, logged, nothing applied', () => {
  const MINUTES_11 = 11 * 60_000;
  const refusals = (bankCode: string, reason: string) =>
    env.platform.database.knex('bank_callback_rejections').where({ bank_code: bankCode, reason }).count({ n: '*' }).first().then((r) => Number(r?.n));

  it('json-webhooks: a body `timestamp` long past, far ahead or not a date-time is 400 naming it, with fresh signed headers', async () => {
    const id = await apply(JSON_BANK);
    const before = await row(id);
    const body = (timestamp: string) => ({ type: 'loan_application.status_changed', timestamp, data: { applicationId: id, bankReference: 'CCB-41', status: 'IN_REVIEW' } });
    const loggedBefore = await refusals(JSON_BANK, 'BODY_TIMESTAMP_OUT_OF_WINDOW');
    for (const [eventId, timestamp] of [
      ['evt_stale_body', new Date(Date.now() - MINUTES_11).toISOString()],
      ['evt_future_body', new Date(Date.now() + MINUTES_11).toISOString()],
      ['evt_bad_body_time', '2026-13-40 25:00'],
    ] as const) {
      const res = await env.jsonCallback(eventId, body(timestamp));
      const text = await res.text();
      expect(res.status, text).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect((JSON.parse(text) as { errors: { field: string }[] }).errors.map((e) => e.field), text).toEqual(['timestamp']);
    }
    expect(await refusals(JSON_BANK, 'BODY_TIMESTAMP_OUT_OF_WINDOW')).toBe(loggedBefore + 2);
    expect(await row(id)).toMatchObject({ status: before.status, version: before.version });
    // The header's own window, as before: 401 in the bank's protocol.
    const staleHeader = await env.jsonCallback('evt_stale_header', body(new Date().toISOString()), new Date(Date.now() - MINUTES_11));
    expect(staleHeader.status).toBe(401);
    // The answer says which header is at fault, not only the code.
    expect(await staleHeader.json()).toMatchObject({ received: false, error: 'TIMESTAMP_OUT_OF_WINDOW', detail: expect.stringContaining('webhook-timestamp') });
    // Sent now, heard.
    expect((await env.jsonCallback('evt_fresh_body', body(new Date().toISOString()))).status).toBe(200);
    expect(await row(id)).toMatchObject({ status: 'UNDER_REVIEW' });
  });

  it('json-webhooks: a body that is not UTF-8 is refused naming body, not as a bad signature', async () => {
    // Before: the GBK bytes were read as U+FFFD, the HMAC over them no longer matched, and the bank
    // was answered 401 SIGNATURE_MISMATCH and told to check its secret.
    const id = await apply(JSON_BANK);
    const before = await row(id);
    const text = JSON.stringify({ type: 'loan_application.status_changed', timestamp: new Date().toISOString(), data: { applicationId: id, bankReference: 'CCB-9', status: 'DOCUMENTS_REQUIRED', action: { code: 'OTHER', description: 'XX' } } });
    // "补充" in GBK where the description's text is.
    const [head, tail] = text.split('XX') as [string, string];
    const gbk = Buffer.concat([Buffer.from(head), Buffer.from([0xb2, 0xb9, 0xb3, 0xe4]), Buffer.from(tail)]);
    const res = await env.jsonCallbackBytes('evt_gbk_body', gbk);
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ code: 'INVALID_ENCODING', errors: [{ field: 'body', code: 'INVALID_ENCODING' }] });
    expect(await row(id)).toMatchObject({ status: before.status, version: before.version });
    // The same bytes in UTF-8 are heard.
    expect((await env.jsonCallbackBytes('evt_utf8_body', Buffer.from(text.replace('XX', '补充')))).status).toBe(200);
  });

  it('cn-open-platform-sm: the envelope `timestamp` (signed, and the only one it carries) long past or far ahead is refused', async () => {
    const id = await apply(ENVELOPE_BANK);
    const before = await row(id);
    const biz = () => ({ event_id: `e${Math.random().toString(36).slice(2)}`, platform_app_id: id, bank_app_no: 'ICBC-41', app_status: '02' });
    const loggedBefore = await refusals(ENVELOPE_BANK, 'TIMESTAMP_OUT_OF_WINDOW');
    for (const at of [new Date(Date.now() - MINUTES_11), new Date(Date.now() + MINUTES_11)]) {
      const res = await env.envelopeCallback(biz(), at);
      expect(res.status).toBe(401);
      expect(await res.text()).toContain('TIMESTAMP_OUT_OF_WINDOW');
    }
    expect(await refusals(ENVELOPE_BANK, 'TIMESTAMP_OUT_OF_WINDOW')).toBe(loggedBefore + 2);
    expect(await row(id)).toMatchObject({ status: before.status, version: before.version });
    // A bank that writes UTC where the protocol says Beijing time is told so (before: the code
    // alone, and the bank was left to guess at its clock).
    const utc = await env.envelopeCallback(biz(), new Date(Date.now() - 8 * 3_600_000));
    expect(utc.status).toBe(401);
    const answer = JSON.parse(await utc.text()) as { response_biz_content: { return_code: number; return_msg: string } };
    expect(answer.response_biz_content.return_code).toBe(40101);
    expect(answer.response_biz_content.return_msg).toMatch(/^TIMESTAMP_OUT_OF_WINDOW: timestamp .*约 8 小时.*UTC\+8/);
    expect((await env.envelopeCallback(biz())).status).toBe(200);
  });
});
