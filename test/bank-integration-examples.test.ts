import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { submitBodySchema, submitResponseSchema, webhookBodySchema } from '../bank-adapters/json-webhooks/wire.js';
import { sm2Verify } from '../src/platform/sm2.js';
import { demoEnterpriseLogin, productIdsByBankCode, productLike } from './helpers/lending-fixtures.js';
import { ENVELOPE_BANK, JSON_BANK, startSignedCallbackPlatform, type SignedCallbackPlatform } from './helpers/signed-callbacks.js';

/**
 * The examples of docs/bank-integration.md, sent as printed: what a bank copies must be heard.
 * Only the application id (the docs' is not on this platform) and the transaction dates (a
 * ledger date may not lie after tomorrow, Shanghai) are put in.
 */
const doc = readFileSync(new URL('../docs/bank-integration.md', import.meta.url), 'utf8');
const section = (heading: string) => doc.slice(doc.indexOf(heading), doc.indexOf('\n### ', doc.indexOf(heading) + heading.length));
const today = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

/** The `Example data` column of §4.6, by status, with `{…,` standing for the id and reference. */
function callbackExamples(): Map<string, string> {
  const rows = [...section('### 4.6').matchAll(/^\| `([A-Z_]+)` \|.*\| `(\{.*\})` \|$/gm)];
  return new Map(rows.map((r) => [r[1]!, r[2]!]));
}

let env: SignedCallbackPlatform;
let sme: string;
let productOf: Map<string, string>;

beforeAll(async () => {
  env = await startSignedCallbackPlatform();
  sme = await env.platform.login(demoEnterpriseLogin(env.platform));
  productOf = await productIdsByBankCode(env.platform, sme);
});
afterAll(() => env?.close());

/** An application of 500,000 for 12 months, on a product whose ranges hold the docs' figures. */
async function apply(bankCode: string): Promise<string> {
  const productId = await productLike(env.platform, productOf.get(bankCode)!);
  await env.platform.database
    .knex('loan_products')
    .where({ id: productId })
    .update({ min_amount: '100000', max_amount: '1000000', min_rate: '3.0000', max_rate: '5.0000', min_term_months: 6, max_term_months: 36 });
  const res = await env.platform.api('/api/v1/loan-applications', { token: sme, body: { productId, amount: '500000.00', termMonths: 12, purpose: '采购原材料' } });
  expect(res.status, await res.clone().text()).toBe(201);
  return ((await res.json()) as { application: { id: string } }).application.id;
}

const row = (id: string) => env.platform.database.knex('loan_applications').where({ id }).first();

describe('docs/bank-integration.md examples', () => {
  it('§4.1 and §4.5: the submit request, its answer and the signed body parse as the protocol does', () => {
    const submit = /^Submit example:\n\n```json\n([\s\S]+?)\n→ 201 (\{.*\})$/m.exec(section('### 4.1'))!;
    expect(submitBodySchema.safeParse(JSON.parse(submit[1]!)).error).toBeUndefined();
    expect(submitResponseSchema.safeParse(JSON.parse(submit[2]!)).error).toBeUndefined();
    const body = /^body +(\{.*\})$/m.exec(section('### 4.5'))![1]!;
    expect(webhookBodySchema.safeParse(JSON.parse(body)).error).toBeUndefined();
  });

  it('§4.6: every example callback, in the order a loan goes, is applied', async () => {
    const examples = callbackExamples();
    expect([...examples.keys()].sort()).toEqual(
      ['APPROVED', 'CONTRACT_SIGNED', 'DECLINED', 'DEFAULTED', 'DISBURSED', 'DOCUMENTS_REQUIRED', 'IN_REVIEW', 'RECEIVED', 'REPAYMENT_RECEIVED', 'SETTLED'].sort(),
    );
    const send = async (id: string, status: string) => {
      const data = examples
        .get(status)!
        .replace('{…,', '{"applicationId":"7d0c…","bankReference":"ABC-000123",')
        .replace('"7d0c…"', JSON.stringify(id))
        .replace(/"date":"\d{4}-\d{2}-\d{2}"/, `"date":"${today()}"`);
      const body = { type: 'loan_application.status_changed', timestamp: new Date().toISOString(), data: JSON.parse(data) as unknown };
      const res = await env.jsonCallback(`evt_doc_${status}_${id.slice(0, 8)}`, body);
      expect(res.status, `${status}: ${await res.clone().text()}`).toBe(200);
    };
    const lent = await apply(JSON_BANK);
    for (const status of ['RECEIVED', 'IN_REVIEW', 'DOCUMENTS_REQUIRED', 'APPROVED', 'CONTRACT_SIGNED', 'DISBURSED', 'REPAYMENT_RECEIVED', 'SETTLED']) await send(lent, status);
    // The settlement carries the final repayment, so the ledger shows the loan repaid when it closes.
    expect(await row(lent)).toMatchObject({ status: 'CLOSED', approved_amount: '400000.00', disbursed_amount: '200000.00', repaid_amount: '200000.00' });
    const declined = await apply(JSON_BANK);
    for (const status of ['RECEIVED', 'DECLINED']) await send(declined, status);
    expect(await row(declined)).toMatchObject({ status: 'REJECTED', rejection_reason: 'POLICY_NOT_MET' });
    const defaulted = await apply(JSON_BANK);
    for (const status of ['DISBURSED', 'DEFAULTED']) await send(defaulted, status);
    expect(await row(defaulted)).toMatchObject({ status: 'DEFAULTED', disbursed_amount: '200000.00' });
  });

  it('§5.6: the example notification is applied', async () => {
    const example = /^Example notification `biz_content`[^\n]*\n\n```json\n(\{.*\})\n```$/m.exec(doc)![1]!;
    const id = await apply(ENVELOPE_BANK);
    const biz = { ...(JSON.parse(example) as Record<string, unknown>), platform_app_id: id, trxn_date: today().replace(/-/g, '') };
    const res = await env.envelopeCallback(biz);
    expect(res.status, await res.clone().text()).toBe(200);
    expect(await row(id)).toMatchObject({ status: 'DISBURSED', approved_amount: '400000.00', disbursed_amount: '200000.00' });
  });

  it('§1: the platform key the guide says to configure verifies the platform\'s answer to a notification', async () => {
    const pointer = /configure `keys\[(\d+)\]\.publicKey`/.exec(section('1. Getting connected'))!;
    const { keys } = (await (await env.platform.api('/api/v1/platform/keys')).json()) as { keys: { publicKey: string }[] };
    const publicKey = keys[Number(pointer[1])]!.publicKey;
    const res = await env.envelopeCallback({ event_id: 'evt_doc_keys', platform_app_id: await apply(ENVELOPE_BANK), bank_app_no: 'ABC-000123', app_status: '01' });
    const text = await res.text();
    expect(res.status, text).toBe(200);
    const { sign } = JSON.parse(text) as { sign: string };
    expect(sm2Verify(/"response_biz_content":(\{.*?\}),"sign_type"/.exec(text)![1]!, sign, publicKey)).toBe(true);
  });
});
