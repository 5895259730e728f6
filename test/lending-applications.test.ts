import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoEnterpriseLogin, productInput, publishedProduct } from './helpers/lending-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

/** Today in Shanghai: a disbursement may not be dated before the approval the test records today. */
const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

let platform: TestPlatform;
let sme: string;
let officer: string;

beforeAll(async () => {
  // No adapters: ABC_HS is a bank whose officer records everything by hand.
  platform = await startTestPlatform({ BANK_SIMULATOR: 'false' });
  sme = await platform.login(demoEnterpriseLogin(platform));
  officer = await platform.login('abc_officer');
});
afterAll(() => platform?.close());

interface Detail {
  application: Record<string, unknown> & { id: string; status: string; version: number };
  events: { fromStatus: string | null; toStatus: string; action: string; actorType: string }[];
  ledger: unknown[];
}

const json = async <T>(res: Response, status: number): Promise<T> => {
  const body = await res.text();
  expect(res.status, body).toBe(status);
  return JSON.parse(body) as T;
};

describe('products', () => {
  it('banks draft, the admin publishes, SMEs see published products with their match', async () => {
    const bank = await platform.login('abc_officer');
    const draft = await json<{ id: string; status: string }>(
      await platform.api('/api/v1/loan-products', { token: bank, body: productInput({ name: '草稿产品' }) }),
      201,
    );
    expect(draft.status).toBe('draft');
    const browse = async () =>
      (await json<{ items: { id: string; match?: { verdict: string } }[] }>(await platform.api('/api/v1/loan-products', { token: sme }), 200)).items;
    expect((await browse()).some((p) => p.id === draft.id)).toBe(false);

    const forbidden = await platform.api(`/api/v1/loan-products/${draft.id}/publish`, { token: bank, body: { revision: 1 } });
    expect(forbidden.status).toBe(403);
    await publishedProduct(platform, 'abc_officer', { name: '老企业贷', eligibility: [{ field: 'yearsEstablished', operator: 'gte', value: 200 }] });
    const items = await browse();
    expect(items.find((p) => (p as { name?: string }).name === '老企业贷')?.match?.verdict).toBe('unlikely');
  });

  it('names every bad field and rejects inverted ranges', async () => {
    const bank = await platform.login('abc_officer');
    const bad = await json<{ errors: { field: string }[] }>(
      await platform.api('/api/v1/loan-products', { token: bank, body: productInput({ minAmount: 'abc', guaranteeType: 'x', extra: 1 }) }),
      400,
    );
    expect(bad.errors.map((e) => e.field).sort()).toEqual(['extra', 'guaranteeType', 'minAmount']);
    const inverted = await json<{ errors: { field: string }[] }>(
      await platform.api('/api/v1/loan-products', { token: bank, body: productInput({ minAmount: '500', maxAmount: '100' }) }),
      422,
    );
    expect(inverted.errors.map((e) => e.field)).toEqual(['maxAmount']);
  });
});

describe('applications', () => {
  it('runs the whole life of an application, each move an event; first loan flagged', async () => {
    const productId = await publishedProduct(platform, 'abc_officer');
    const applied = await json<Detail>(
      await platform.api('/api/v1/loan-applications', {
        token: sme,
        body: { productId, amount: '500000', termMonths: 12, purpose: '采购原材料' },
      }),
      201,
    );
    const id = applied.application.id;
    expect(applied.application).toMatchObject({ status: 'SUBMITTED', firstLoan: true, statusLabel: '已提交' });
    expect(applied.events.map((e) => e.toStatus)).toEqual(['DRAFT', 'SUBMITTED']);

    // SMEs cannot act for the bank; the bank cannot approve before accepting.
    expect((await platform.api(`/api/v1/bank/loan-applications/${id}/accept`, { token: sme, body: {} })).status).toBe(403);
    const early = await platform.api(`/api/v1/bank/loan-applications/${id}/decision`, {
      token: officer,
      body: { decision: 'approve', approvedAmount: '400000', approvedRate: '3.85', approvedTermMonths: 12 },
    });
    expect(early.status).toBe(409);
    expect(((await early.json()) as { code: string }).code).toBe('INVALID_TRANSITION');

    const accepted = await json<Detail>(await platform.api(`/api/v1/bank/loan-applications/${id}/accept`, { token: officer, body: {} }), 200);
    expect(accepted.application.status).toBe('ACCEPTED');
    // The officer sees who applied (申请企业), in the list and on the application.
    const enterprise = await platform.database.knex('enterprises').where({ id: applied.application.enterpriseId }).first('uscc', 'name');
    expect(accepted.application.applicant).toEqual({ uscc: enterprise.uscc, name: enterprise.name });
    const listed = (await (await platform.api('/api/v1/bank/loan-applications?pageSize=100', { token: officer })).json()) as {
      items: { id: string; applicant: { uscc: string; name: string } }[];
    };
    expect(listed.items.find((i) => i.id === id)?.applicant).toEqual({ uscc: enterprise.uscc, name: enterprise.name });
    const stale = await platform.api(`/api/v1/bank/loan-applications/${id}/decision`, {
      token: officer,
      body: { decision: 'approve', version: accepted.application.version - 1, approvedAmount: '400000', approvedRate: '3.85', approvedTermMonths: 12 },
    });
    expect(stale.status).toBe(409);
    expect(((await stale.json()) as { code: string }).code).toBe('APPLICATION_MODIFIED');

    const missing = await json<{ errors: { field: string }[] }>(
      await platform.api(`/api/v1/bank/loan-applications/${id}/decision`, { token: officer, body: { decision: 'approve' } }),
      400,
    );
    expect(missing.errors.map((e) => e.field).sort()).toEqual(['approvedAmount', 'approvedRate', 'approvedTermMonths']);

    await json<Detail>(
      await platform.api(`/api/v1/bank/loan-applications/${id}/decision`, {
        token: officer,
        body: { decision: 'approve', version: accepted.application.version, approvedAmount: '400000', approvedRate: '3.85', approvedTermMonths: 12 },
      }),
      200,
    );
    const tranche = { reference: 'D-1', amount: '250000', occurredOn: shanghaiToday() };
    await json<Detail>(await platform.api(`/api/v1/bank/loan-applications/${id}/disbursements`, { token: officer, body: tranche }), 200);
    // The same tranche again changes nothing; a second tranche adds up.
    await json<Detail>(await platform.api(`/api/v1/bank/loan-applications/${id}/disbursements`, { token: officer, body: tranche }), 200);
    const disbursed = await json<Detail>(
      await platform.api(`/api/v1/bank/loan-applications/${id}/disbursements`, { token: officer, body: { ...tranche, reference: 'D-2', amount: '150000' } }),
      200,
    );
    expect(disbursed.application).toMatchObject({ status: 'DISBURSED', disbursedAmount: '400000.00', approvedRate: '3.8500', statusLabel: '已放款' });
    expect(disbursed.ledger).toHaveLength(2);

    await json<Detail>(
      await platform.api(`/api/v1/bank/loan-applications/${id}/repayments`, { token: officer, body: { reference: 'R-1', amount: '100000', occurredOn: shanghaiToday() } }),
      200,
    );
    const closed = await json<Detail>(
      await platform.api(`/api/v1/bank/loan-applications/${id}/repayments`, {
        token: officer,
        body: { reference: 'R-2', amount: '300000', occurredOn: shanghaiToday(), closesLoan: true },
      }),
      200,
    );
    expect(closed.application).toMatchObject({ status: 'CLOSED', repaidAmount: '400000.00' });

    const mine = await json<Detail>(await platform.api(`/api/v1/loan-applications/${id}`, { token: sme }), 200);
    expect(mine.events.map((e) => `${e.fromStatus ?? '-'}>${e.toStatus}`)).toEqual([
      '->DRAFT',
      'DRAFT>SUBMITTED',
      'SUBMITTED>ACCEPTED',
      'ACCEPTED>UNDER_REVIEW',
      'UNDER_REVIEW>APPROVED',
      'APPROVED>CONTRACTED',
      'CONTRACTED>DISBURSED',
      'DISBURSED>DISBURSED',
      'DISBURSED>REPAYING',
      'REPAYING>CLOSED',
    ]);

    // Event rows are immutable, and the next application is no longer a first loan.
    await expect(platform.database.knex('loan_application_events').where({ application_id: id }).update({ reason: 'x' })).rejects.toThrow(/immutable/);
    const second = await json<Detail>(
      await platform.api('/api/v1/loan-applications', { token: sme, body: { productId, amount: '200000', termMonths: 6, purpose: '周转', submit: false } }),
      201,
    );
    expect(second.application).toMatchObject({ status: 'DRAFT', firstLoan: false });
  });

  it('creates one application per Idempotency-Key: a retry gets the first answer, another body with the key is refused', async () => {
    const productId = await publishedProduct(platform, 'abc_officer');
    const body = { productId, amount: '300000', termMonths: 6, purpose: '周转', submit: false };
    const apply = (key: string, b: unknown = body) => platform.api('/api/v1/loan-applications', { token: sme, body: b, headers: { 'Idempotency-Key': key } });
    const count = async () => Number((await platform.database.knex('loan_applications').count({ n: '*' }).first())!.n);
    const before = await count();

    const first = await apply('retry-2026-11-25-0001');
    const retried = await apply('retry-2026-11-25-0001');
    expect(first.status).toBe(201);
    expect(retried.status).toBe(201);
    expect(retried.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const [a, b] = (await Promise.all([first.json(), retried.json()])) as Detail[];
    expect(b!.application.id).toBe(a!.application.id);
    expect(await count()).toBe(before + 1);

    const reused = await json<{ code: string }>(await apply('retry-2026-11-25-0001', { ...body, amount: '400000' }), 422);
    expect(reused.code).toBe('IDEMPOTENCY_KEY_REUSED');
    const invalid = await json<{ code: string }>(await apply('x'.repeat(256)), 400);
    expect(invalid.code).toBe('IDEMPOTENCY_KEY_INVALID');
    // A request refused by the rules is not remembered: fixed, it goes through under the same key.
    expect((await apply('retry-2026-11-25-0002', { ...body, amount: '50' })).status).toBe(422);
    expect((await apply('retry-2026-11-25-0002')).status).toBe(409);
    await json<Detail>(await platform.api(`/api/v1/loan-applications/${a!.application.id}/withdraw`, { token: sme, body: { reason: '重新填写' } }), 200);
    expect((await apply('retry-2026-11-25-0002')).status).toBe(201);
    // The first key still answers with its first application, withdrawn since.
    const replayed = await json<Detail>(await apply('retry-2026-11-25-0001'), 201);
    expect(replayed.application.id).toBe(a!.application.id);
    expect(await count()).toBe(before + 2);
  });

  it('keeps one open application per product: a second one, without a key or two at once, is refused naming the first', async () => {
    const productId = await publishedProduct(platform, 'abc_officer', { name: '一次一笔贷' });
    const body = { productId, amount: '300000', termMonths: 12, purpose: '周转' };
    const post = (b: unknown = body) => platform.api('/api/v1/loan-applications', { token: sme, body: b });
    type Refusal = { code: string; detail: string; existingId: string; errors: { field: string; code: string }[] };

    // Two at once (a double click): exactly one is created; the other names it.
    const both = await Promise.all([post(), post()]);
    expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
    const created = (await both.find((r) => r.status === 201)!.json()) as Detail;
    const refused = (await both.find((r) => r.status === 409)!.json()) as Refusal;
    expect(refused).toMatchObject({ code: 'APPLICATION_ALREADY_OPEN', existingId: created.application.id, errors: [{ field: 'productId', code: 'APPLICATION_ALREADY_OPEN' }] });
    expect(refused.detail).toContain('已提交');

    // A retry under a new key, with other terms, is refused too; another product is not.
    const retried = await json<Refusal>(await platform.api('/api/v1/loan-applications', { token: sme, body: { ...body, amount: '400000' }, headers: { 'Idempotency-Key': 'new-key-after-timeout' } }), 409);
    expect(retried.existingId).toBe(created.application.id);
    const other = await publishedProduct(platform, 'abc_officer', { name: '另一产品' });
    const second = await json<Detail>(await post({ ...body, productId: other }), 201);
    // 我的申请 by product: what 申请贷款 asks before it offers the form.
    const byProduct = async (id: string) => (await json<{ items: { id: string }[] }>(await platform.api(`/api/v1/loan-applications?productId=${id}`, { token: sme }), 200)).items.map((a) => a.id);
    expect([await byProduct(productId), await byProduct(other)]).toEqual([[created.application.id], [second.application.id]]);

    // Once the bank has decided, the product is open to a new application again.
    await json<Detail>(await platform.api(`/api/v1/bank/loan-applications/${created.application.id}/accept`, { token: officer, body: {} }), 200);
    await json<Detail>(
      await platform.api(`/api/v1/bank/loan-applications/${created.application.id}/decision`, {
        token: officer,
        body: { decision: 'reject', rejectionReason: 'POLICY_NOT_MET', comment: '经营年限不足' },
      }),
      200,
    );
    // A draft counts as open: the SME submits it (or withdraws it) rather than starting another.
    const draft = await json<Detail>(await post({ ...body, submit: false }), 201);
    const again = await json<Refusal>(await post(), 409);
    expect(again.existingId).toBe(draft.application.id);
    expect(again.detail).toContain('草稿');
    expect((await json<Detail>(await platform.api(`/api/v1/loan-applications/${draft.application.id}/submit`, { token: sme, method: 'POST' }), 200)).application.status).toBe('SUBMITTED');
  });

  it('keeps applications inside the product ranges and lets the SME withdraw an open one only', async () => {
    const productId = await publishedProduct(platform, 'abc_officer');
    const out = await json<{ errors: { field: string; message: string }[] }>(
      await platform.api('/api/v1/loan-applications', { token: sme, body: { productId, amount: '50', termMonths: 99, purpose: '周转' } }),
      422,
    );
    expect(out.errors.map((e) => e.field)).toEqual(['amount', 'termMonths']);
    // Shown under the field: amounts grouped as people read them, never a bare 100000.00.
    expect(out.errors[0]!.message).toMatch(/^申请金额须在 \d{1,3}(,\d{3})+\.\d{2} 元至 \d{1,3}(,\d{3})+\.\d{2} 元之间$/);

    const created = await json<Detail>(
      await platform.api('/api/v1/loan-applications', { token: sme, body: { productId, amount: '200000', termMonths: 6, purpose: '周转' } }),
      201,
    );
    const id = created.application.id;
    const withdrawn = await json<Detail>(await platform.api(`/api/v1/loan-applications/${id}/withdraw`, { token: sme, body: { reason: '资金已到位' } }), 200);
    expect(withdrawn.application.status).toBe('WITHDRAWN');
    expect((await platform.api(`/api/v1/loan-applications/${id}/withdraw`, { token: sme, body: { reason: '再次' } })).status).toBe(409);
    expect((await platform.api(`/api/v1/bank/loan-applications/${id}/accept`, { token: officer, body: {} })).status).toBe(409);
    // Another bank cannot see it.
    const other = await platform.login('ccb_officer');
    expect((await platform.api(`/api/v1/bank/loan-applications/${id}`, { token: other })).status).toBe(404);
  });
});

describe("the officer's risk summary", () => {
  type Others = { total: number; banks: number; byStatus: { status: string; statusLabel: string; count: number }[] };
  const apply = async (bankOfficer: string) => {
    const productId = await publishedProduct(platform, bankOfficer, { name: `其他申请${bankOfficer}` });
    const res = await platform.api('/api/v1/loan-applications', { token: sme, body: { productId, amount: '200000', termMonths: 12, purpose: '周转' } });
    return (await json<{ application: { id: string } }>(res, 201)).application.id;
  };

  it("counts the applicant's other applications by status and bank, nothing of their terms, for the bank's own application only", async () => {
    const mine = await apply('abc_officer');
    const others = (token: string) => platform.api(`/api/v1/bank/loan-applications/${mine}/other-applications`, { token });
    const before = await json<Others>(await others(officer), 200);
    await apply('psbc_officer');
    const after = await json<Others>(await others(officer), 200);
    expect(after.total).toBe(before.total + 1);
    expect(after.byStatus.reduce((sum, s) => sum + s.count, 0)).toBe(after.total);
    expect(after.byStatus.find((s) => s.status === 'SUBMITTED')).toMatchObject({ statusLabel: expect.any(String) });
    expect(Object.keys(after).sort()).toEqual(['banks', 'byStatus', 'total']);
    // Another bank's officer cannot ask about this bank's application.
    expect((await others(await platform.login('psbc_officer'))).status).toBe(404);
  });
});
