import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEnterpriseLogin, productLike } from './helpers/lending-fixtures.js';
import { ENVELOPE_BANK, JSON_BANK, RawBiz, startSignedCallbackPlatform, type SignedCallbackPlatform } from './helpers/signed-callbacks.js';

/** Issue 11, "values": each case here answered 5xx or accepted bad data before its fix. */
let env: SignedCallbackPlatform;
let sme: string;
let icbc: string;
let admin: string;
const productOf = new Map<string, string>();

beforeAll(async () => {
  env = await startSignedCallbackPlatform();
  sme = await env.platform.login(demoEnterpriseLogin(env.platform));
  icbc = await env.platform.login('icbc_officer');
  admin = await env.platform.login('admin');
  const list = (await (await env.platform.api('/api/v1/loan-products', { token: sme })).json()) as { items: { id: string; bankId: string }[] };
  const banks = (await env.platform.database.knex('institutions').where({ type: 'bank' }).select('id', 'code')) as { id: string; code: string }[];
  for (const p of list.items) productOf.set(banks.find((b) => b.id === p.bankId)!.code, p.id);
});
afterAll(() => env?.close());

const api = (...args: Parameters<SignedCallbackPlatform['platform']['api']>) => env.platform.api(...args);

async function problem(res: Response, status: number, field?: string): Promise<{ code: string; detail: string; errors: { field: string }[] }> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const body = JSON.parse(text) as { code: string; detail: string; errors: { field: string }[] };
  if (field !== undefined) expect(body.errors.map((e) => e.field), text).toContain(field);
  return body;
}

/** A callback refused in the bank's own protocol (not problem+json): 422, the refusal code in its words. */
async function refusedInProtocol(res: Response, code: string): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(422);
  expect(res.headers.get('content-type')).not.toMatch(/problem/);
  const body = JSON.parse(text) as { received?: boolean; error?: string; response_biz_content?: { return_code: number; return_msg: string } };
  if (body.response_biz_content) {
    expect(body.response_biz_content.return_code).toBe(40001);
    expect(body.response_biz_content.return_msg).toContain(code);
  } else {
    expect(body).toMatchObject({ received: false });
    expect(body.error).toContain(code);
  }
}

async function apply(bankCode: string, amount = '500000'): Promise<string> {
  const productId = await productLike(env.platform, productOf.get(bankCode)!);
  const res = await api('/api/v1/loan-applications', { token: sme, body: { productId, amount, termMonths: 12, purpose: '购买设备' } });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { application: { id: string } }).application.id;
}

/** An ICBC application approved by the officer for `amount` (500000 by default). */
async function approvedByOfficer(amount = '500000'): Promise<string> {
  const id = await apply(ENVELOPE_BANK, amount);
  expect((await api(`/api/v1/bank/loan-applications/${id}/accept`, { token: icbc, body: {} })).status).toBe(200);
  const decided = await api(`/api/v1/bank/loan-applications/${id}/decision`, {
    token: icbc,
    body: { decision: 'approve', approvedAmount: amount, approvedRate: '3.85', approvedTermMonths: 12 },
  });
  expect(decided.status, await decided.clone().text()).toBe(200);
  return id;
}

/** Today in Shanghai, and days from it: ledger dates may not precede the approval nor pass tomorrow. */
const shanghaiDay = (days = 0) => new Date(Date.now() + 8 * 3_600_000 + days * 86_400_000).toISOString().slice(0, 10);

const ledger = (id: string, kind: 'disbursements' | 'repayments', reference: string, amount: string, occurredOn = shanghaiDay()) =>
  api(`/api/v1/bank/loan-applications/${id}/${kind}`, { token: icbc, body: { reference, amount, occurredOn } });

const row = (id: string) => env.platform.database.knex('loan_applications').where({ id }).first();

const registration = { uscc: '914403001922038216', name: '某公司', legalRepresentative: '某人', contactName: '某人', contactMobile: '13800000000', mobileCode: '000000', password: 'Passw0rd1' };

describe('hazards refused at the edge (400 naming the field)', () => {
  it('a __proto__ or constructor key in a JSON body', async () => {
    await problem(await api('/api/v1/enterprises/registrations', { body: `{"__proto__":{"admin":true},${JSON.stringify(registration).slice(1)}` }), 400, '__proto__');
    await problem(await api('/api/v1/auth/token', { body: '{"username":"a","password":"b","x":{"constructor":{"prototype":1}}}' }), 400, 'x.constructor');
  });

  it('a NUL character and a lone surrogate in a string', async () => {
    await problem(await api('/api/v1/enterprises/registrations', { body: { ...registration, name: 'a\u0000b' } }), 400, 'name');
    await problem(await api('/api/v1/auth/token', { body: '{"username":"\\ud800","password":"x"}' }), 400, 'username');
    await problem(await api('/api/v1/loan-products?regionCode=%00'), 400, 'regionCode');
  });

  it('deeply nested JSON', async () => {
    const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    const body = await problem(await api('/api/v1/auth/token', { body: `{"username":"a","password":"b","x":${deep}}` }), 400);
    expect(body.code).toBe('JSON_TOO_DEEP');
    expect(body.errors[0]!.field).toMatch(/^x\.0\.0/);
  });
});

describe('a field named twice in one JSON object: 400 naming it, nothing applied', () => {
  // JSON.parse keeps the last of the two silently; the sender, or whoever checked the message on
  // its way, may have read the first.
  it('in a request body, at any depth, escapes read', async () => {
    const body = await problem(await api('/api/v1/institution/webhook', { method: 'PUT', token: await env.platform.login('icbc_admin'), body: '{"url":"https://bank.example/a","url":"https://bank.example/b"}' }), 400, 'url');
    expect(body.code).toBe('DUPLICATE_KEY');
    const id = await approvedByOfficer();
    const ledgerBody = `{"reference":"D1","amount":"1000","amount":"900000","occurredOn":"${shanghaiDay()}"}`;
    await problem(await api(`/api/v1/bank/loan-applications/${id}/disbursements`, { token: icbc, body: ledgerBody }), 400, 'amount');
    await problem(await api('/api/v1/auth/token', { body: '{"username":"a","password":"b","\\u0070assword":"c"}' }), 400, 'password');
    await problem(await api('/api/v1/loan-applications', { token: sme, body: `{"productId":"${productOf.get(JSON_BANK)!}","amount":"1","termMonths":12,"purpose":"x","consent":{"scopes":[],"scopes":[]}}` }), 400, 'consent.scopes');
    // The same name in different objects is not a repeat.
    expect((await api('/api/v1/auth/token', { body: '{"username":"admin","password":"Demo@2026"}' })).status).not.toBe(400);
  });

  it('in a signed callback of either protocol', async () => {
    const id = await apply(JSON_BANK);
    const before = await row(id);
    const raw = `{"type":"loan_application.status_changed","timestamp":"${new Date().toISOString()}","data":{"applicationId":"${id}","bankReference":"CCB-1","status":"RECEIVED","status":"DEFAULTED"}}`;
    await problem(await env.jsonCallback('evt_twice', raw), 400, 'data.status');
    expect(await row(id)).toMatchObject({ status: before.status, version: before.version });

    const envelopeId = await apply(ENVELOPE_BANK);
    const envelopeBefore = await row(envelopeId);
    const biz = `{"event_id":"e-twice","platform_app_id":"${envelopeId}","bank_app_no":"ICBC-1","app_status":"01","app_status":"10"}`;
    await problem(await env.envelopeCallback(new RawBiz(biz)), 400, 'app_status');
    expect(await row(envelopeId)).toMatchObject({ status: envelopeBefore.status, version: envelopeBefore.version });
    // The same text without the repeat is heard.
    expect((await env.envelopeCallback(new RawBiz(biz.replace(',"app_status":"10"', '')))).status).toBe(200);
  });
});

describe('dates', () => {
  it('refuses impossible and out-of-range ledger dates', async () => {
    const id = await approvedByOfficer();
    for (const day of ['2026-02-30', '0000-01-01', '1999-12-31']) await problem(await ledger(id, 'disbursements', `D-${day}`, '1000', day), 400, 'occurredOn');
    await problem(await ledger(id, 'disbursements', 'D-2100', '1000', '2100-01-01'), 422, 'occurredOn');
    await problem(await ledger(id, 'disbursements', 'D-after-tomorrow', '1000', shanghaiDay(2)), 422, 'occurredOn');
    const early = await problem(await ledger(id, 'disbursements', 'D-before-approval', '1000', shanghaiDay(-1)), 422, 'occurredOn');
    expect(early.code).toBe('DISBURSEMENT_BEFORE_APPROVAL');
    expect(await env.platform.database.knex('loan_ledger_entries').where({ application_id: id })).toHaveLength(0);
  });

  it('refuses the same calendar day twice and impossible calendar days', async () => {
    const days = (...d: string[]) => ({ days: d.map((day) => ({ day, isWorkingDay: false, note: '假日' })) });
    await problem(await api('/api/v1/working-calendar', { method: 'PUT', token: admin, body: days('2026-10-01', '2026-10-01') }), 400, 'days.1.day');
    await problem(await api('/api/v1/working-calendar', { method: 'PUT', token: admin, body: days('2026-02-30') }), 400, 'days.0.day');
  });
});

describe('lending limits', () => {
  it('keeps cumulative disbursements within the approved amount', async () => {
    const id = await approvedByOfficer();
    expect((await ledger(id, 'disbursements', 'D1', '300000')).status).toBe(200);
    await problem(await ledger(id, 'disbursements', 'D2', '200000.01'), 422, 'amount');
    expect((await ledger(id, 'disbursements', 'D3', '200000')).status).toBe(200);
    expect((await row(id)).disbursed_amount).toBe('500000.00');
  });

  it('refuses a repayment above the outstanding amount, and later repayments still work', async () => {
    const id = await approvedByOfficer();
    expect((await ledger(id, 'disbursements', 'D1', '500000')).status).toBe(200);
    await problem(await ledger(id, 'repayments', 'R-absurd', '9999999999999999.99'), 400, 'amount');
    await problem(await ledger(id, 'repayments', 'R-over', '500000.01'), 422, 'amount');
    expect((await ledger(id, 'repayments', 'R1', '1000')).status).toBe(200);
    expect((await ledger(id, 'repayments', 'R2', '499000')).status).toBe(200);
    expect((await row(id)).repaid_amount).toBe('500000.00');
  });

  it('refuses a ledger reference used again with another amount or date, and still takes the exact repeat', async () => {
    const id = await approvedByOfficer();
    expect((await ledger(id, 'disbursements', 'D1', '300000')).status).toBe(200);
    expect((await ledger(id, 'disbursements', 'D1', '300000.00')).status).toBe(200);
    const reused = await problem(await ledger(id, 'disbursements', 'D1', '200000'), 422, 'reference');
    expect(reused.code).toBe('LEDGER_REFERENCE_REUSED');
    await problem(await ledger(id, 'disbursements', 'D1', '300000', shanghaiDay(1)), 422, 'reference');
    expect((await ledger(id, 'repayments', 'R1', '1000')).status).toBe(200);
    await problem(await ledger(id, 'repayments', 'R1', '2000'), 422, 'reference');
    expect(await row(id)).toMatchObject({ disbursed_amount: '300000.00', repaid_amount: '1000.00' });
    expect(await env.platform.database.knex('loan_ledger_entries').where({ application_id: id }).count('* as n').first()).toMatchObject({ n: 2 });
  });

  it('refuses approvals outside the product range', async () => {
    const id = await apply(ENVELOPE_BANK);
    await api(`/api/v1/bank/loan-applications/${id}/accept`, { token: icbc, body: {} });
    const decide = (approvedAmount: string, approvedRate: string, approvedTermMonths: number) =>
      api(`/api/v1/bank/loan-applications/${id}/decision`, { token: icbc, body: { decision: 'approve', approvedAmount, approvedRate, approvedTermMonths } });
    await problem(await decide('3000000.01', '3.85', 12), 422, 'approvedAmount');
    await problem(await decide('99999.99', '3.85', 12), 422, 'approvedAmount');
    // Within the product, but above what the enterprise applied for (500000).
    await problem(await decide('500000.01', '3.85', 12), 422, 'approvedAmount');
    await problem(await decide('500000', '9.99', 12), 422, 'approvedRate');
    await problem(await decide('500000', '3.85', 48), 422, 'approvedTermMonths');
    expect((await row(id)).status).toBe('ACCEPTED');
  });

  it('refuses bidi overrides inside free text, which would show the officer another text than was sent', async () => {
    const id = await apply(ENVELOPE_BANK);
    const before = await row(id);
    const res = await api(`/api/v1/loan-applications/${id}/withdraw`, { token: sme, body: { reason: '金额\u202e0001 改为 1000' } });
    const body = await problem(res, 400, 'reason');
    expect(body.errors[0]).toMatchObject({ code: 'CONTROL_CHARACTER' });
    expect(await row(id)).toMatchObject({ status: before.status, version: before.version });
  });

  it('refuses free text made only of invisible characters, and trims the rest', async () => {
    const bad = await api('/api/v1/loan-applications', { token: sme, body: { productId: productOf.get(ENVELOPE_BANK), amount: '500000', termMonths: 12, purpose: '\u200b\u200c\ufeff\u2060 \u3000' } });
    await problem(bad, 400, 'purpose');
    const productId = await productLike(env.platform, productOf.get(ENVELOPE_BANK)!);
    const ok = await api('/api/v1/loan-applications', { token: sme, body: { productId, amount: '500000', termMonths: 12, purpose: '\ufeff 采购原材料\u200b ' } });
    expect(((await ok.json()) as { application: { purpose: string } }).application.purpose).toBe('采购原材料');
  });
});

describe('signed callbacks with bad values: 400/422 problem+json, never 401 or 5xx, nothing written', () => {
  const jsonBody = (applicationId: string, extra: Record<string, unknown>) => ({
    type: 'loan_application.status_changed',
    timestamp: new Date().toISOString(),
    data: { applicationId, bankReference: 'CCB-1', status: 'DISBURSED', approval: { amount: '500000', rate: '3.85', termMonths: 12 }, ...extra },
  });

  it('json-webhooks: overflowing amounts, impossible dates, malformed fields, hazards', async () => {
    const id = await apply(JSON_BANK);
    const before = await row(id);
    const tx = (amount: string, date = '2026-11-20', reference = 'T1') => ({ transaction: { reference, amount, date } });
    await problem(await env.jsonCallback('evt_big1', jsonBody(id, tx('9999999999999999.99'))), 400, 'data.transaction.amount');
    await problem(await env.jsonCallback('evt_date1', jsonBody(id, tx('1000', '2026-02-30'))), 400, 'data.transaction.date');
    await problem(await env.jsonCallback('evt_date2', jsonBody(id, tx('1000', '0000-01-01'))), 400, 'data.transaction.date');
    await problem(await env.jsonCallback('evt_status', { ...jsonBody(id, {}), data: { applicationId: id, bankReference: 'CCB-1', status: 'NOPE' } }), 400, 'data.status');
    await refusedInProtocol(await env.jsonCallback('evt_over', jsonBody(id, tx('500000.01'))), 'DISBURSEMENT_EXCEEDS_APPROVED');
    await problem(await env.jsonCallback('evt_proto', `{"__proto__":{},${JSON.stringify(jsonBody(id, {})).slice(1)}`), 400, '__proto__');
    await problem(await env.jsonCallback('evt_nul', jsonBody(id, { bankReference: 'A\u0000B' })), 400, 'data.bankReference');
    await problem(await env.jsonCallback('evt_deep', `{"x":${'['.repeat(3_000)}${']'.repeat(3_000)}}`), 400);
    const after = await row(id);
    expect(after).toMatchObject({ status: before.status, version: before.version, disbursed_amount: '0.00' });
    // Only the callback that broke a limit is recorded, as refused.
    expect((await env.platform.database.knex('bank_callbacks').where({ application_id: id })).map((c) => [c.event_id, c.outcome])).toEqual([['evt_over', 'refused']]);
    // The same bank then reports correct values and is heard.
    expect((await env.jsonCallback('evt_good', jsonBody(id, tx('500000')))).status).toBe(200);
    expect((await row(id)).disbursed_amount).toBe('500000.00');
  });

  it('cn-open-platform-sm: impossible dates, overflow, malformed fields, hazards', async () => {
    const id = await apply(ENVELOPE_BANK);
    const before = await row(id);
    const biz = (extra: Record<string, unknown>) => ({
      event_id: `e${Math.random().toString(36).slice(2)}`,
      platform_app_id: id,
      bank_app_no: 'ICBC-1',
      app_status: '07',
      appr_amt: '500000',
      appr_rate: '3.85',
      appr_term: 12,
      trxn_no: 'T1',
      trxn_amt: '1000',
      trxn_date: '20261120',
      ...extra,
    });
    await problem(await env.envelopeCallback(biz({ trxn_date: '20260230' })), 400, 'trxn_date');
    await problem(await env.envelopeCallback(biz({ trxn_date: '00000101' })), 400, 'trxn_date');
    await problem(await env.envelopeCallback(biz({ trxn_amt: '9999999999999999.99' })), 400, 'trxn_amt');
    await problem(await env.envelopeCallback(biz({ appr_term: 99_999_999_999 })), 400, 'appr_term');
    await problem(await env.envelopeCallback(biz({ app_status: '99' })), 400, 'app_status');
    await refusedInProtocol(await env.envelopeCallback(biz({ trxn_amt: '500000.01' })), 'DISBURSEMENT_EXCEEDS_APPROVED');
    await problem(await env.envelopeCallback(biz({ bank_app_no: '\ud800' })), 400, 'bank_app_no');
    await problem(await env.envelopeCallback(JSON.parse(`{"__proto__":{},${JSON.stringify(biz({})).slice(1)}`)), 400, '__proto__');
    expect(await row(id)).toMatchObject({ status: before.status, version: before.version, disbursed_amount: '0.00' });
    expect((await env.envelopeCallback(biz({ trxn_amt: '500000' }))).status).toBe(200);
    expect((await row(id)).disbursed_amount).toBe('500000.00');
  });
});

describe('bank callbacks outside the loan limits: refused in the protocol, recorded, not applied', () => {
  const approval = (amount: string, rate: string, termMonths = 12) => ({ amount, rate, termMonths });

  it('json-webhooks: an approval below the rate floor or above the request', async () => {
    const id = await apply(JSON_BANK);
    const before = await row(id);
    const body = (a: ReturnType<typeof approval>) => ({
      type: 'loan_application.status_changed',
      timestamp: new Date().toISOString(),
      data: { applicationId: id, bankReference: 'CCB-9', status: 'APPROVED', approval: a },
    });
    await refusedInProtocol(await env.jsonCallback('evt_low_rate', body(approval('500000', '3.00'))), 'APPROVAL_OUTSIDE_PRODUCT');
    await refusedInProtocol(await env.jsonCallback('evt_too_much', body(approval('500000.01', '3.85'))), 'APPROVAL_OUTSIDE_PRODUCT');
    // The bank retries the same event: refused alike, from the record.
    await refusedInProtocol(await env.jsonCallback('evt_low_rate', body(approval('500000', '3.00'))), 'APPROVAL_OUTSIDE_PRODUCT');
    expect(await row(id)).toMatchObject({ status: before.status, version: before.version, approved_amount: null });
    const recorded = await env.platform.database.knex('bank_callbacks').where({ application_id: id }).orderBy('id');
    expect(recorded.map((c) => [c.event_id, c.outcome])).toEqual([['evt_low_rate', 'refused'], ['evt_too_much', 'refused']]);
    expect(recorded[0].result.errors.map((e: { field: string }) => e.field)).toEqual(['approvedRate']);
    expect((await env.jsonCallback('evt_in_range', body(approval('450000', '3.85')))).status).toBe(200);
    expect(await row(id)).toMatchObject({ status: 'APPROVED', approved_amount: '450000.00' });
  });

  it('json-webhooks: a repayment that arrives before its disbursement is refused unrecorded, and heard when the bank retries it after', async () => {
    const id = await apply(JSON_BANK);
    const body = (status: string, amount: string, reference: string) => ({
      type: 'loan_application.status_changed',
      timestamp: new Date().toISOString(),
      data: { applicationId: id, bankReference: 'CCB-7', status, approval: approval('500000', '3.85'), transaction: { reference, amount, date: shanghaiDay() } },
    });
    await refusedInProtocol(await env.jsonCallback('evt_repaid_first', body('REPAYMENT_RECEIVED', '1000', 'R1')), 'REPAYMENT_EXCEEDS_OUTSTANDING');
    expect(await env.platform.database.knex('bank_callbacks').where({ application_id: id })).toEqual([]);
    expect((await env.jsonCallback('evt_disbursed', body('DISBURSED', '500000', 'T1'))).status).toBe(200);
    // The bank's retry of the same event, now after the disbursement, is applied.
    expect((await env.jsonCallback('evt_repaid_first', body('REPAYMENT_RECEIVED', '1000', 'R1'))).status).toBe(200);
    expect(await row(id)).toMatchObject({ status: 'REPAYING', disbursed_amount: '500000.00', repaid_amount: '1000.00' });
  });

  it('a settlement or a default reported before any disbursement is refused unrecorded, and heard when retried after it', async () => {
    const id = await apply(JSON_BANK);
    const body = (status: string, transaction?: { reference: string; amount: string }) => ({
      type: 'loan_application.status_changed',
      timestamp: new Date().toISOString(),
      data: { applicationId: id, bankReference: 'CCB-8', status, approval: approval('500000', '3.85'), ...(transaction && { transaction: { ...transaction, date: shanghaiDay() } }) },
    });
    await refusedInProtocol(await env.jsonCallback('evt_settled_first', body('SETTLED')), 'NOTHING_DISBURSED');
    await refusedInProtocol(await env.jsonCallback('evt_defaulted_first', body('DEFAULTED')), 'NOTHING_DISBURSED');
    expect(await row(id)).toMatchObject({ status: 'SUBMITTED', disbursed_amount: '0.00' });
    expect(await env.platform.database.knex('bank_callbacks').where({ application_id: id })).toEqual([]);
    expect((await env.jsonCallback('evt_disbursed_late', body('DISBURSED', { reference: 'T1', amount: '500000' }))).status).toBe(200);
    expect((await env.jsonCallback('evt_defaulted_first', body('DEFAULTED'))).status).toBe(200);
    expect(await row(id)).toMatchObject({ status: 'DEFAULTED', disbursed_amount: '500000.00' });
  });

  it('cn-open-platform-sm: a settlement before any disbursement is refused in the protocol; a reused event_id is named as sent', async () => {
    const id = await apply(ENVELOPE_BANK);
    const biz = { event_id: 'e_settled_first', platform_app_id: id, bank_app_no: 'ICBC-10', app_status: '09', appr_amt: '500000', appr_rate: '4.10', appr_term: 12 };
    await refusedInProtocol(await env.envelopeCallback(biz), 'NOTHING_DISBURSED');
    expect(await row(id)).toMatchObject({ status: 'SUBMITTED', disbursed_amount: '0.00' });
    expect((await env.envelopeCallback({ ...biz, event_id: 'e_accepted', app_status: '02' })).status).toBe(200);
    const reused = await env.envelopeCallback({ ...biz, event_id: 'e_accepted', app_status: '01' });
    expect(reused.status).toBe(422);
    // Named as the bank sends it: the id is biz_content's event_id.
    expect(await reused.json()).toMatchObject({ code: 'EVENT_ID_REUSED', errors: [{ field: 'event_id' }] });
  });

  it('json-webhooks: a transaction reference reported again with another amount', async () => {
    const id = await apply(JSON_BANK);
    const body = (amount: string) => ({
      type: 'loan_application.status_changed',
      timestamp: new Date().toISOString(),
      data: { applicationId: id, bankReference: 'CCB-8', status: 'DISBURSED', approval: approval('500000', '3.85'), transaction: { reference: 'T1', amount, date: shanghaiDay() } },
    });
    expect((await env.jsonCallback('evt_t1', body('300000'))).status).toBe(200);
    await refusedInProtocol(await env.jsonCallback('evt_t1_again', body('200000')), 'LEDGER_REFERENCE_REUSED');
    expect(await row(id)).toMatchObject({ disbursed_amount: '300000.00' });
    const recorded = await env.platform.database.knex('bank_callbacks').where({ application_id: id }).orderBy('id');
    expect(recorded.map((c) => [c.event_id, c.outcome])).toEqual([['evt_t1', 'applied'], ['evt_t1_again', 'refused']]);
  });

  it('cn-open-platform-sm: an approval above the rate cap', async () => {
    const id = await apply(ENVELOPE_BANK);
    const biz = (rate: string, eventId: string) => ({ event_id: eventId, platform_app_id: id, bank_app_no: 'ICBC-9', app_status: '04', appr_amt: '500000', appr_rate: rate, appr_term: 12 });
    await refusedInProtocol(await env.envelopeCallback(biz('9.99', 'e_high_rate')), 'APPROVAL_OUTSIDE_PRODUCT');
    expect(await row(id)).toMatchObject({ status: 'SUBMITTED', approved_amount: null });
    expect(await env.platform.database.knex('bank_callbacks').where({ application_id: id }).select('outcome')).toEqual([{ outcome: 'refused' }]);
    expect((await env.envelopeCallback(biz('4.10', 'e_ok_rate'))).status).toBe(200);
    expect(await row(id)).toMatchObject({ status: 'APPROVED', approved_rate: '4.1000' });
  });
});

describe('problem details are our own sentences', () => {
  it('no library text (regex source, parser messages) in detail or field messages', async () => {
    const checks = [
      await api('/api/v1/loan-products?regionCode=abc'),
      await api('/api/v1/auth/token', { body: '{"username":1,"password":[]}' }),
      await api('/api/v1/auth/token', { body: '{"username":"a"', headers: { 'content-type': 'application/json; charset=latin-9' } }),
    ];
    for (const res of checks) {
      const text = await res.text();
      expect(res.status, text).toBeGreaterThanOrEqual(400);
      expect(res.status, text).toBeLessThan(500);
      expect(text).not.toMatch(/\/\^|\\d|Unexpected|JSON\.parse|unsupported charset|期望|无效/i);
    }
  });
});
