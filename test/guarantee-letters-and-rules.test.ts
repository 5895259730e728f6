import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sm3Hex } from '../src/platform/national-crypto.js';
import { registerEnterprises, type TestEnterprise } from './helpers/consent-fixtures.js';
import { publishedProduct, startPlatformWithSimulator, type SimulatedPlatform } from './helpers/lending-fixtures.js';
import { pdfText } from './helpers/pdf-text.js';

// Issue 16, the rest: the 担保函 PDF for the three parties of a guaranteed application.
let env: SimulatedPlatform;
let kdd: string;
let hsfg: string;
let bank: string;
let sme: TestEnterprise;
let other: TestEnterprise;
let guaranteeFirst: string;

const api = (...args: Parameters<SimulatedPlatform['platform']['api']>) => env.platform.api(...args);

async function created(res: Response): Promise<{ id: string }> {
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string };
}

beforeAll(async () => {
  env = await startPlatformWithSimulator();
  [kdd, hsfg, bank] = await Promise.all([env.platform.login('kdd_officer'), env.platform.login('hsfg_officer'), env.platform.login('hbb_officer')]);
  [sme, other] = (await registerEnterprises(env.platform, 2)) as [TestEnterprise, TestEnterprise];
  guaranteeFirst = await publishedProduct(env.platform, 'hbb_officer', { name: '科担贷（见保即贷）', guaranteeType: 'guarantee_company' });
  await created(
    await api('/api/v1/guarantee-products', {
      token: kdd,
      body: {
        loanProductId: guaranteeFirst,
        name: '科担贷',
        route: 'guarantee_first',
        templateCode: 'HB-4321-2021',
        guaranteedShareBp: 8000,
        feeRate: '1.00',
        feeSubsidyRate: '0.50',
        singleFirmCap: '5000000.00',
        maxTermMonths: 36,
        counterGuarantees: ['controller_guarantee'],
      },
    }),
  );
});
afterAll(() => env?.close());

describe('担保函 PDF', () => {
  it('is issued once granted, to the company, the bank and the SME, with the key terms and its SM3 digest', async () => {
    const applied = await api('/api/v1/loan-applications', { token: sme.token, body: { productId: guaranteeFirst, amount: '333333.33', termMonths: 12, purpose: '研发投入' } });
    expect(applied.status, await applied.clone().text()).toBe(201);
    const applicationId = ((await applied.json()) as { application: { id: string } }).application.id;
    const letterPath = `/api/v1/loan-applications/${applicationId}/guarantee-letter.pdf`;
    expect((await api(letterPath, { token: kdd })).status).toBe(409);

    const queue = (await (await api('/api/v1/guarantees?status=pending', { token: kdd })).json()) as { items: { id: string; applicationId: string }[] };
    const guarantee = queue.items.find((g) => g.applicationId === applicationId)!;
    expect((await api(`/api/v1/guarantees/${guarantee.id}/decision`, { token: kdd, body: { decision: 'grant' } })).status).toBe(200);

    const first = await api(letterPath, { token: kdd });
    expect(first.status, await first.clone().text()).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/pdf');
    const pdf = Buffer.from(await first.arrayBuffer());
    const digest = first.headers.get('x-content-sm3');
    expect(digest).toBe(sm3Hex(pdf));
    const stored = await env.platform.database.knex('guarantee_letters').where({ guarantee_id: guarantee.id }).first('sm3', 'size_bytes');
    expect(stored).toEqual({ sm3: digest, size_bytes: pdf.length });

    const terms = (await (await api(`/api/v1/guarantees/${guarantee.id}/letter`, { token: kdd })).json()) as { letterNo: string };
    const text = pdfText(pdf).replace(/\n/g, '');
    for (const expected of [
      '担保函',
      '致：湖北银行黄石分行',
      sme.name,
      sme.uscc,
      `担保函编号：${terms.letterNo}`,
      '借款金额：333333.33 元',
      '担保金额：266666.66 元',
      '担保比例：80.00%',
      '借款期限：12 个月',
      '反担保要求：实际控制人连带责任保证',
      '见保即贷',
    ]) {
      expect(text).toContain(expected);
    }

    // The bank and the SME get the same bytes; other firms and other companies get nothing.
    for (const token of [bank, sme.token]) {
      const copy = await api(letterPath, { token });
      expect(copy.status).toBe(200);
      expect(sm3Hex(Buffer.from(await copy.arrayBuffer()))).toBe(digest);
    }
    expect((await api(letterPath, { token: other.token })).status).toBe(404);
    expect((await api(letterPath, { token: hsfg })).status).toBe(404);
    expect((await api('/api/v1/loan-applications/not-a-uuid/guarantee-letter.pdf', { token: kdd })).status).toBe(400);
  });
});
