import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEnterpriseLogin, productLike } from './helpers/lending-fixtures.js';
import { ENVELOPE_BANK, JSON_BANK, startSignedCallbackPlatform, type SignedCallbackPlatform } from './helpers/signed-callbacks.js';

/** A settlement closes a loan only when the platform's ledger shows it repaid, in both protocols and by the officer. */
let env: SignedCallbackPlatform;
let sme: string;
let icbc: string;
const productOf = new Map<string, string>();

beforeAll(async () => {
  env = await startSignedCallbackPlatform();
  sme = await env.platform.login(demoEnterpriseLogin(env.platform));
  icbc = await env.platform.login('icbc_officer');
  const list = (await (await env.platform.api('/api/v1/loan-products', { token: sme })).json()) as { items: { id: string; bankId: string }[] };
  const banks = (await env.platform.database.knex('institutions').where({ type: 'bank' }).select('id', 'code')) as { id: string; code: string }[];
  for (const p of list.items) productOf.set(banks.find((b) => b.id === p.bankId)!.code, p.id);
});
afterAll(() => env?.close());

const api = (...args: Parameters<SignedCallbackPlatform['platform']['api']>) => env.platform.api(...args);
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
const row = (id: string) => env.platform.database.knex('loan_applications').where({ id }).first();
const callbacks = (id: string) => env.platform.database.knex('bank_callbacks').where({ application_id: id });

async function apply(bankCode: string): Promise<string> {
  const productId = await productLike(env.platform, productOf.get(bankCode)!);
  const res = await api('/api/v1/loan-applications', { token: sme, body: { productId, amount: '500000', termMonths: 12, purpose: '购买设备' } });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { application: { id: string } }).application.id;
}

async function refusedInProtocol(res: Response, code: string): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(422);
  expect(text).toContain(code);
}

describe('a settlement must agree with the ledger', () => {
  it('json-webhooks: SETTLED with principal outstanding is refused unrecorded; carrying the final repayment, it closes the loan', async () => {
    const id = await apply(JSON_BANK);
    const body = (status: string, transaction?: { reference: string; amount: string }) => ({
      type: 'loan_application.status_changed',
      timestamp: new Date().toISOString(),
      data: { applicationId: id, bankReference: 'CCB-S1', status, approval: { amount: '500000', rate: '3.85', termMonths: 12 }, ...(transaction && { transaction: { ...transaction, date: today() } }) },
    });
    expect((await env.jsonCallback('evt_s_disbursed', body('DISBURSED', { reference: 'T1', amount: '500000' }))).status).toBe(200);
    expect((await env.jsonCallback('evt_s_repaid', body('REPAYMENT_RECEIVED', { reference: 'R1', amount: '100000' }))).status).toBe(200);
    await refusedInProtocol(await env.jsonCallback('evt_s_settled', body('SETTLED')), 'SETTLEMENT_WITH_OUTSTANDING');
    // A final repayment that still leaves principal outstanding is refused too, and its entry rolled back.
    await refusedInProtocol(await env.jsonCallback('evt_s_settled_short', body('SETTLED', { reference: 'R2', amount: '300000' })), 'SETTLEMENT_WITH_OUTSTANDING');
    expect(await row(id)).toMatchObject({ status: 'REPAYING', repaid_amount: '100000.00' });
    expect((await callbacks(id)).map((c) => c.event_id).sort()).toEqual(['evt_s_disbursed', 'evt_s_repaid']);
    expect(await env.platform.database.knex('loan_ledger_entries').where({ application_id: id, reference: 'R2' })).toEqual([]);
    expect((await env.jsonCallback('evt_s_settled_final', body('SETTLED', { reference: 'R2', amount: '400000' }))).status).toBe(200);
    expect(await row(id)).toMatchObject({ status: 'CLOSED', disbursed_amount: '500000.00', repaid_amount: '500000.00' });
  });

  it('json-webhooks: a settlement that overtook the last repayment is heard when the bank retries it after', async () => {
    const id = await apply(JSON_BANK);
    const body = (status: string, transaction?: { reference: string; amount: string }) => ({
      type: 'loan_application.status_changed',
      timestamp: new Date().toISOString(),
      data: { applicationId: id, bankReference: 'CCB-S2', status, ...(transaction && { transaction: { ...transaction, date: today() } }) },
    });
    expect((await env.jsonCallback('evt_o_disbursed', body('DISBURSED', { reference: 'T1', amount: '200000' }))).status).toBe(200);
    await refusedInProtocol(await env.jsonCallback('evt_o_settled', body('SETTLED')), 'SETTLEMENT_WITH_OUTSTANDING');
    expect((await env.jsonCallback('evt_o_repaid', body('REPAYMENT_RECEIVED', { reference: 'R1', amount: '200000' }))).status).toBe(200);
    expect((await env.jsonCallback('evt_o_settled', body('SETTLED'))).status).toBe(200);
    expect(await row(id)).toMatchObject({ status: 'CLOSED', repaid_amount: '200000.00' });
  });

  it('cn-open-platform-sm: 09 with principal outstanding is refused; with the final trxn it closes the loan', async () => {
    const id = await apply(ENVELOPE_BANK);
    const date = today().replace(/-/g, '');
    const biz = { platform_app_id: id, bank_app_no: 'ICBC-S3', appr_amt: '500000', appr_rate: '4.10', appr_term: 12 };
    expect((await env.envelopeCallback({ ...biz, event_id: 'e_s_disbursed', app_status: '07', trxn_no: 'T1', trxn_amt: '500000', trxn_date: date })).status).toBe(200);
    await refusedInProtocol(await env.envelopeCallback({ ...biz, event_id: 'e_s_settled', app_status: '09' }), 'SETTLEMENT_WITH_OUTSTANDING');
    expect(await row(id)).toMatchObject({ status: 'DISBURSED', repaid_amount: '0.00' });
    expect((await env.envelopeCallback({ ...biz, event_id: 'e_s_settled_final', app_status: '09', trxn_no: 'R1', trxn_amt: '500000', trxn_date: date })).status).toBe(200);
    expect(await row(id)).toMatchObject({ status: 'CLOSED', repaid_amount: '500000.00' });
  });

  it('the officer: a repayment marked as closing the loan must repay it in full (422 naming outstandingPrincipal)', async () => {
    const id = await apply(ENVELOPE_BANK);
    expect((await api(`/api/v1/bank/loan-applications/${id}/accept`, { token: icbc, body: {} })).status).toBe(200);
    const decided = await api(`/api/v1/bank/loan-applications/${id}/decision`, { token: icbc, body: { decision: 'approve', approvedAmount: '500000', approvedRate: '3.85', approvedTermMonths: 12 } });
    expect(decided.status, await decided.clone().text()).toBe(200);
    const ledger = (kind: string, body: Record<string, unknown>) => api(`/api/v1/bank/loan-applications/${id}/${kind}`, { token: icbc, body: { occurredOn: today(), ...body } });
    expect((await ledger('disbursements', { reference: 'T1', amount: '500000' })).status).toBe(200);
    const short = await ledger('repayments', { reference: 'R1', amount: '100000', closesLoan: true });
    expect(short.status).toBe(422);
    expect(short.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const problem = (await short.json()) as { code: string; detail: string; errors: { field: string }[] };
    expect(problem).toMatchObject({ code: 'SETTLEMENT_WITH_OUTSTANDING', errors: [{ field: 'outstandingPrincipal' }] });
    expect(problem.detail).toContain('400,000.00');
    expect(await row(id)).toMatchObject({ status: 'DISBURSED', repaid_amount: '0.00' });
    expect((await ledger('repayments', { reference: 'R1', amount: '500000', closesLoan: true })).status).toBe(200);
    expect(await row(id)).toMatchObject({ status: 'CLOSED', repaid_amount: '500000.00' });
  });
});
