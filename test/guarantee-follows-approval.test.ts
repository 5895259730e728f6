import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SimStepInput } from '../bank-adapters/simulator/script.js';
import { fromFen, toFen } from '../src/platform/money.js';
import { created, guaranteeProduct } from './helpers/guarantee-fixtures.js';
import { registerEnterprises, type TestEnterprise } from './helpers/consent-fixtures.js';
import { eventually, publishedProduct, startPlatformWithSimulator, type SimulatedPlatform } from './helpers/lending-fixtures.js';
import { deliverTechListings } from './helpers/tech-list-fixtures.js';

// Decision 0027: a granted guarantee follows the amount the bank approved. 见贷即保 when the
// approval's terms come after the guarantee was decided (callbacks out of order); 见保即贷 when the
// bank approves less than the company granted, and never more.
let env: SimulatedPlatform;
let kdd: string;
let hsfg: string;
let listed: TestEnterprise;
let loanFirst: string;

interface Detail {
  application: { id: string; status: string };
  events: { fromStatus: string | null; toStatus: string; action: string; actorType: string; reason: string | null }[];
}

const api = (...args: Parameters<SimulatedPlatform['platform']['api']>) => env.platform.api(...args);
const apply = (sme: TestEnterprise, productId: string) =>
  api('/api/v1/loan-applications', { token: sme.token, body: { productId, amount: '300000', termMonths: 12, purpose: '研发投入' } });
const capacity = async () => (await (await api('/api/v1/guarantee-capacity', { token: hsfg })).json()) as { used: string; left: string };
const guaranteeOf = async (applicationId: string) => {
  const { items } = (await (await api('/api/v1/guarantees', { token: hsfg })).json()) as { items: { applicationId: string }[] };
  return items.find((g) => g.applicationId === applicationId);
};
const detail = async (sme: TestEnterprise, id: string) => (await (await api(`/api/v1/loan-applications/${id}`, { token: sme.token })).json()) as Detail;

beforeAll(async () => {
  env = await startPlatformWithSimulator();
  [kdd, hsfg] = await Promise.all([env.platform.login('kdd_officer'), env.platform.login('hsfg_officer')]);
  [listed] = (await registerEnterprises(env.platform, 1)) as [TestEnterprise];
  loanFirst = await publishedProduct(env.platform, 'hbb_officer', { name: '科担贷（见贷即保）', guaranteeType: 'guarantee_company' });
  await created(
    await api('/api/v1/guarantee-products', {
      token: hsfg,
      body: guaranteeProduct(loanFirst, { name: '批量担保', route: 'loan_first', templateCode: 'BG-2-8', guaranteedShareBp: 8000, autoGrantMaxAmount: '1000000.00' }),
    }),
  );
  await deliverTechListings(env.platform, [{ uscc: listed.uscc, list: '高新技术企业', listedOn: '2025-01-01', authority: '湖北省科学技术厅' }]);
});
afterAll(() => env?.close());

describe('见保即贷 approved below the guarantee', () => {
  it('follows the lower approval (amount, fee, letter, capacity held); a later higher approval is refused, not a raise', async () => {
    const loanProduct = await publishedProduct(env.platform, 'hbb_officer', { name: '科担贷（见保即贷，八成）', guaranteeType: 'guarantee_company' });
    await created(await api('/api/v1/guarantee-products', { token: kdd, body: guaranteeProduct(loanProduct, { name: '科担贷八成', route: 'guarantee_first', guaranteedShareBp: 8000, eligibleLists: ['high_tech'], techTier: 'high_tech' }) }));
    const steps: SimStepInput[] = [{ event: 'accepted' }, { event: 'under_review' }, { event: 'approved', amount: '200000.00' }, { event: 'approved', amount: '250000.00' }, { event: 'contracted' }];
    env.simulator.setDefaultScript({ steps: steps.map((step) => ({ ...step, afterMs: 50 })) });
    const companyUsed = async () => ((await (await api('/api/v1/guarantee-capacity', { token: kdd })).json()) as { used: string }).used;
    const before = await companyUsed();

    const { application } = (await (await apply(listed, loanProduct)).json()) as Detail;
    const { items } = (await (await api('/api/v1/guarantees?status=pending', { token: kdd })).json()) as { items: { id: string; applicationId: string }[] };
    const id = items.find((g) => g.applicationId === application.id)!.id;
    // Granted on the 300,000 applied for: 80 % is 240,000, its fee 0.5 % a year for 12 months.
    expect(await (await api(`/api/v1/guarantees/${id}/decision`, { token: kdd, body: { decision: 'grant' } })).json()).toMatchObject({ guaranteedAmount: '240000.00', feeDue: '1200.00' });
    const followed = await eventually(() => detail(listed, application.id), (d) => d.events.some((e) => e.action === 'record' && e.actorType === 'guarantee_system'));
    await env.simulator.idle();
    expect(followed.events.find((e) => e.action === 'record' && e.actorType === 'guarantee_system')).toMatchObject({
      toStatus: 'APPROVED',
      reason: '银行批准金额 200,000.00 元，担保金额由 240,000.00 元调减为 160,000.00 元',
    });
    const guarantee = await (await api(`/api/v1/guarantees/${id}`, { token: kdd })).json();
    expect(guarantee.guarantee).toMatchObject({ status: 'granted', loanAmount: '200000.00', guaranteedAmount: '160000.00', feeDue: '800.00', reason: null });
    expect(await (await api(`/api/v1/guarantees/${id}/letter`, { token: kdd })).json()).toMatchObject({ loanAmount: '200000.00', guaranteedAmount: '160000.00', feeDue: '800.00' });
    expect(toFen(await companyUsed()) - toFen(before)).toBe(toFen('160000.00'));

    // The bank then raises its approval to 250,000, above the 200,000 the guarantee now covers: its
    // contract report carrying those terms is refused in its protocol and recorded, nothing applied.
    const row = await env.platform.database.knex('loan_applications').where({ id: application.id }).first('approved_amount', 'status');
    expect(row).toEqual({ approved_amount: '200000.00', status: 'APPROVED' });
    const refused = await env.platform.database.knex('bank_callbacks').where({ application_id: application.id, outcome: 'refused' }).select('result');
    expect(refused.map((r) => (typeof r.result === 'string' ? JSON.parse(r.result) : r.result))).toEqual([
      expect.objectContaining({ code: 'APPROVAL_ABOVE_GUARANTEE', errors: [expect.objectContaining({ field: 'approvedAmount', message: '批准金额不能超过担保机构已担保的贷款金额 200,000.00 元' })] }),
    ]);
    expect((await (await api(`/api/v1/guarantees/${id}`, { token: kdd })).json()).guarantee).toMatchObject({ loanAmount: '200000.00', guaranteedAmount: '160000.00' });
  });
  it("never raises the guarantee above the company's grant; the product's share cannot be raised under it", async () => {
    const loanProduct = await publishedProduct(env.platform, 'hbb_officer', { name: '科担贷（见保即贷，改比例）', guaranteeType: 'guarantee_company' });
    const body = guaranteeProduct(loanProduct, { name: '科担贷改比例', route: 'guarantee_first', guaranteedShareBp: 8000, eligibleLists: ['high_tech'], techTier: 'high_tech' });
    const product = await created(await api('/api/v1/guarantee-products', { token: kdd, body }));
    env.simulator.setDefaultScript({ steps: (['accepted', 'under_review', 'approved'] as const).map((event) => ({ event, afterMs: 50 })) });
    const { application } = (await (await apply(listed, loanProduct)).json()) as Detail;
    const { items } = (await (await api('/api/v1/guarantees?status=pending', { token: kdd })).json()) as { items: { id: string; applicationId: string }[] };
    const id = items.find((g) => g.applicationId === application.id)!.id;
    // The company tries to raise the product's share to 90 % after the firm applied: a pending
    // guarantee lives on the product's terms, so the change is refused naming the field (decision 0046).
    const raised = await api(`/api/v1/guarantee-products/${product.id}`, { token: kdd, method: 'PUT', body: { ...body, guaranteedShareBp: 9000 } });
    expect(raised.status).toBe(409);
    expect(await raised.json()).toMatchObject({ code: 'GUARANTEE_TERMS_IN_USE', errors: [{ field: 'guaranteedShareBp' }] });
    expect((await api(`/api/v1/guarantees/${id}/decision`, { token: kdd, body: { decision: 'grant' } })).status).toBe(200);
    await eventually(() => detail(listed, application.id), (d) => d.application.status === 'APPROVED');
    await env.simulator.idle();
    // Approved at the 300,000 applied for: the guarantee stays as granted, 80 %.
    expect((await (await api(`/api/v1/guarantees/${id}`, { token: kdd })).json()).guarantee).toMatchObject({ loanAmount: '300000.00', guaranteedAmount: '240000.00', feeDue: '1200.00' });
    expect((await detail(listed, application.id)).events.filter((e) => e.actorType === 'guarantee_system')).toEqual([]);
  });
});

describe('见贷即保 with callbacks out of order', () => {
  /** Accepted and under review, then `last` in this order, 50 ms apart. */
  const overtaken = (...last: SimStepInput[]) => {
    const steps: SimStepInput[] = [{ event: 'accepted' }, { event: 'under_review' }, ...last];
    return { steps: steps.map((step) => ({ ...step, afterMs: 50 })) };
  };

  it("decides the guarantee at the approval when the bank's contract callback overtakes it", async () => {
    expect((await api('/api/v1/guarantee-capacity', { token: hsfg, method: 'PUT', body: { batchLimit: '2000000.00' } })).status).toBe(200);
    env.simulator.setDefaultScript({ steps: (['accepted', 'under_review', 'contracted', 'approved'] as const).map((event) => ({ event, afterMs: 50 })) });
    const { application } = (await (await apply(listed, loanFirst)).json()) as Detail;
    const contracted = await eventually(() => detail(listed, application.id), (d) => d.application.status === 'CONTRACTED');
    // The late approval may already have filled in its terms (a 'record' event after these).
    expect(contracted.events.filter((e) => e.action !== 'record').slice(-3).map((e) => `${e.action}:${e.fromStatus}>${e.toStatus}`)).toEqual([
      'approve:UNDER_REVIEW>APPROVED',
      'confirm_guarantee:APPROVED>APPROVED',
      'contract:APPROVED>CONTRACTED',
    ]);
    expect(await env.platform.database.knex('guarantees').where({ application_id: application.id }).first('status')).toMatchObject({ status: 'granted' });
    await env.simulator.idle();
    expect((await detail(listed, application.id)).application.status).toBe('CONTRACTED');
  });

  it('reduces the guarantee to the approved amount when the approval comes after the contract, freeing capacity', async () => {
    const before = await capacity();
    env.simulator.setDefaultScript(overtaken({ event: 'contracted' }, { event: 'approved', amount: '200000.00' }));
    const { application } = (await (await apply(listed, loanFirst)).json()) as Detail;
    const followed = await eventually(() => detail(listed, application.id), (d) => d.events.some((e) => e.action === 'record' && e.actorType === 'guarantee_system'));
    // Decided on the 300,000 applied for (80 %: 240,000), then set to 80 % of the 200,000 approved.
    expect(followed.events.at(-1)).toMatchObject({ fromStatus: 'CONTRACTED', toStatus: 'CONTRACTED', reason: '银行批准金额 200,000.00 元，担保金额由 240,000.00 元调减为 160,000.00 元' });
    await env.simulator.idle();
    expect(await guaranteeOf(application.id)).toMatchObject({ status: 'granted', loanAmount: '200000.00', guaranteedAmount: '160000.00', feeDue: '800.00', reason: null });
    expect(toFen((await capacity()).used) - toFen(before.used)).toBe(toFen('160000.00'));
  });

  it('raises the guarantee when the approval comes after a first tranche, within the capacity left; else keeps it and says why', async () => {
    const lent = async () => {
      const { application } = (await (await apply(listed, loanFirst)).json()) as Detail;
      const done = await eventually(() => detail(listed, application.id), (d) => d.events.some((e) => e.action === 'record' && e.actorType === 'guarantee_system'));
      await env.simulator.idle();
      return { id: application.id, note: done.events.at(-1)!.reason };
    };
    env.simulator.setDefaultScript(overtaken({ event: 'disbursed', amount: '100000.00' }, { event: 'approved', amount: '250000.00' }));
    // Decided on the 100,000 lent (80,000), then 120,000 more for the 250,000 approved.
    const raised = await lent();
    expect(raised.note).toBe('银行批准金额 250,000.00 元，担保金额由 80,000.00 元调增为 200,000.00 元');
    expect(await guaranteeOf(raised.id)).toMatchObject({ status: 'granted', loanAmount: '250000.00', guaranteedAmount: '200000.00', feeDue: '1000.00', reason: null });

    // Room for the first 80,000 and 20,000 more: the guarantee stays as granted, and says why it covers less.
    const { used } = await capacity();
    expect((await api('/api/v1/guarantee-capacity', { token: hsfg, method: 'PUT', body: { batchLimit: fromFen(toFen(used) + toFen('100000.00')) } })).status).toBe(200);
    const short = await lent();
    const why = '银行批准金额 250,000.00 元，应担保 200,000.00 元，担保金额仍为 80,000.00 元，未能自动调增：担保机构批量担保额度不足（剩余 20,000.00 元，本笔需 120,000.00 元）';
    expect(short.note).toBe(why);
    expect(await guaranteeOf(short.id)).toMatchObject({ status: 'granted', loanAmount: '250000.00', guaranteedAmount: '80000.00', feeDue: '400.00', reason: why });
    expect((await capacity()).left).toBe('20000.00');
  });
});
