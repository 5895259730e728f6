import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { machineClient, publishedProductOf, submittedApplication } from './helpers/access-fixtures.js';
import { demoEnterpriseLogin } from './helpers/lending-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

/**
 * An integrator who sends a number where the API takes a decimal string (or the reverse) is told
 * what type the field takes. Before, a value of the wrong type was answered 请输入金额, as if
 * nothing had been sent, and the integrator looked for a missing field.
 */
let platform: TestPlatform;
let sme: string;
let bank: string;
let icbcProduct: string;

beforeAll(async () => {
  platform = await startTestPlatform({ BANK_SIMULATOR: 'false', SCHEDULER_ENABLED: 'false' });
  sme = await platform.login(demoEnterpriseLogin(platform));
  bank = (await machineClient(platform, await platform.login('icbc_admin'), ['applications:write', 'loans:write'])).token;
  icbcProduct = await publishedProductOf(platform, 'ICBC_HS');
});
afterAll(() => platform?.close());

async function messages(res: Response): Promise<Record<string, string>> {
  const text = await res.text();
  expect(res.status, text).toBe(400);
  return Object.fromEntries((JSON.parse(text) as { errors: { field: string; message: string }[] }).errors.map((e) => [e.field, e.message]));
}

describe('a value of the wrong type is named as such, a missing one as missing', () => {
  it('amounts, rates, months and dates', async () => {
    const apply = (body: Record<string, unknown>) => platform.api('/api/v1/loan-applications', { token: sme, body: { productId: icbcProduct, purpose: '购买设备', ...body } });
    expect(await messages(await apply({ amount: 500000, termMonths: '12' }))).toEqual({
      amount: '申请金额应为文本形式的金额（元），如 "500000.00"',
      termMonths: '申请期限应为整数月（数字，如 12）',
    });
    expect(await messages(await apply({}))).toEqual({ amount: '请输入申请金额', termMonths: '请输入申请期限' });
    const id = await submittedApplication(platform, sme, icbcProduct);
    expect((await platform.api(`/api/v1/bank/loan-applications/${id}/accept`, { token: bank, body: {} })).status).toBe(200);
    const decided = await platform.api(`/api/v1/bank/loan-applications/${id}/decision`, {
      token: bank,
      body: { decision: 'approve', approvedAmount: '300000', approvedRate: 3.85, approvedTermMonths: 12 },
    });
    expect(await messages(decided)).toEqual({ approvedRate: '批准利率应为文本形式的年化百分比，如 "3.85"' });
    const ledger = await platform.api(`/api/v1/bank/loan-applications/${id}/disbursements`, { token: bank, body: { reference: 'DB1', amount: '1000', occurredOn: 20261207 } });
    expect(await messages(ledger)).toEqual({ occurredOn: '发生日期应为 YYYY-MM-DD 格式的文本' });
  });
});
