import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerEnterprises, type TestEnterprise } from './helpers/consent-fixtures.js';
import { productInput } from './helpers/lending-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

interface Product {
  id: string;
  status: string;
  name: string;
  lastReturn: { reason: string; returnedAt: string; returnedBy: string } | null;
}

let platform: TestPlatform;
let bank: string;
let otherBank: string;
let admin: string;
let enterprise: TestEnterprise;
let bankAdmin: string;
let otherBankAdmin: string;

beforeAll(async () => {
  platform = await startTestPlatform({ SCHEDULER_ENABLED: 'false' });
  [bank, otherBank, admin] = (await Promise.all(['abc_officer', 'ccb_officer', 'admin'].map((u) => platform.login(u)))) as [string, string, string];
  [enterprise] = (await registerEnterprises(platform, 1)) as [TestEnterprise];
  [bankAdmin, otherBankAdmin] = (await Promise.all(['abc_admin', 'ccb_admin'].map((u) => platform.login(u)))) as [string, string];
});
afterAll(() => platform?.close());

async function draft(name: string): Promise<Product> {
  const res = await platform.api('/api/v1/loan-products', { token: bank, body: productInput({ name }) });
  expect(res.status).toBe(201);
  return (await res.json()) as Product;
}
const returnProduct = (id: string, body: unknown, token = admin) =>
  platform.api(`/api/v1/loan-products/${id}/return`, { token, method: 'POST', body });
interface Message {
  kind: string;
  title: string;
  body: string;
  link: string | null;
}
const inbox = async (token: string) =>
  ((await (await platform.api('/api/v1/me/notifications?pageSize=100', { token })).json()) as { items: Message[] }).items.filter((m) => m.kind === 'product_reviewed');
const listed = async (token: string, status?: string) => {
  const res = await platform.api(`/api/v1/loan-products${status ? `?status=${status}` : ''}`, { token });
  return ((await res.json()) as { items: Product[] }).items;
};

describe('退回修改: the admin returns a draft to its bank with a reason', () => {
  it('keeps the reason, who and when; hides it from enterprises; the bank edits it back into review', async () => {
    const product = await draft('退回测试贷');
    const res = await returnProduct(product.id, { reason: '利率上限高于备案利率，请核对' });
    expect(res.status).toBe(200);
    const returned = (await res.json()) as Product;
    expect(returned.status).toBe('returned');
    expect(returned.lastReturn).toMatchObject({ reason: '利率上限高于备案利率，请核对' });
    expect(Date.parse(returned.lastReturn!.returnedAt)).not.toBeNaN();
    const adminRow = (await platform.database.knex('users').where({ username: 'admin' }).first('id')) as { id: string };
    expect(returned.lastReturn!.returnedBy).toBe(adminRow.id);

    expect((await listed(admin, 'draft')).map((p) => p.id)).not.toContain(product.id);
    expect((await listed(admin, 'returned')).map((p) => p.id)).toContain(product.id);
    const own = (await listed(bank)).find((p) => p.id === product.id);
    expect(own).toMatchObject({ status: 'returned', lastReturn: { reason: '利率上限高于备案利率，请核对' } });
    expect((await listed(enterprise.token)).map((p) => p.id)).not.toContain(product.id);
    expect((await platform.api(`/api/v1/loan-products/${product.id}`, { token: enterprise.token })).status).toBe(404);
    expect((await platform.api(`/api/v1/loan-products/${product.id}`)).status).toBe(404);
    expect((await platform.api(`/api/v1/loan-products/${product.id}`, { token: otherBank })).status).toBe(404);

    const published = await platform.api(`/api/v1/loan-products/${product.id}/publish`, { token: admin, body: { revision: 1 } });
    expect(published.status).toBe(409);

    const edited = await platform.api(`/api/v1/loan-products/${product.id}`, { token: bank, method: 'PUT', body: productInput({ name: '退回测试贷', maxRate: '4.20' }) });
    expect(edited.status).toBe(200);
    expect((await edited.json()) as Product).toMatchObject({ status: 'draft', lastReturn: { reason: '利率上限高于备案利率，请核对' } });
    expect((await listed(admin, 'draft')).map((p) => p.id)).toContain(product.id);
  });

  it('asks for a reason of 2 to 500 characters, naming the field', async () => {
    const product = await draft('缺少原因贷');
    for (const body of [{}, { reason: '' }, { reason: ' 短 ' }, { reason: '长'.repeat(501) }]) {
      const res = await returnProduct(product.id, body);
      expect(res.status, JSON.stringify(body).slice(0, 40)).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      const problem = (await res.json()) as { errors: { field: string }[] };
      expect(problem.errors.map((e) => e.field)).toContain('reason');
    }
    expect((await platform.api(`/api/v1/loan-products/${product.id}`, { token: admin }).then((r) => r.json())) as Product).toMatchObject({ status: 'draft', lastReturn: null });
  });

  it('lets only the admin return', async () => {
    const product = await draft('越权退回贷');
    expect((await returnProduct(product.id, { reason: '自己退回自己' }, bank)).status).toBe(403);
    expect((await platform.api(`/api/v1/loan-products/${product.id}/return`, { method: 'POST', body: { reason: '匿名退回' } })).status).toBe(401);
    expect(((await platform.api(`/api/v1/loan-products/${product.id}`, { token: admin }).then((r) => r.json())) as Product).status).toBe('draft');
  });

  it('refuses a product that is not awaiting review with 409 naming its status', async () => {
    const product = await draft('已上架贷');
    expect((await platform.api(`/api/v1/loan-products/${product.id}/publish`, { token: admin, body: { revision: 1 } })).status).toBe(200);
    const res = await returnProduct(product.id, { reason: '上架后再退回' });
    expect(res.status).toBe(409);
    const problem = (await res.json()) as { code: string; detail: string; productStatus: string };
    expect(problem).toMatchObject({ code: 'PRODUCT_NOT_AWAITING_REVIEW', productStatus: 'published' });
    expect(problem.detail).toContain('已上架');
    // The status's code is for programs (productStatus); people read only its name.
    expect(problem.detail).not.toMatch(/[A-Za-z]/);

    const twice = await draft('重复退回贷');
    expect((await returnProduct(twice.id, { reason: '第一次退回' })).status).toBe(200);
    const again = await returnProduct(twice.id, { reason: '第二次退回' });
    expect(again.status).toBe(409);
    expect(((await again.json()) as { productStatus: string }).productStatus).toBe('returned');
  });

  it("tells the bank's 机构管理员 of every decision on its product, with the return's reason, and no other bank", async () => {
    const product = await draft('通知测试贷');
    const bodies = async (token: string) => (await inbox(token)).filter((m) => m.body.includes('通知测试贷'));
    expect(await bodies(bankAdmin)).toEqual([]);

    expect((await returnProduct(product.id, { reason: '担保方式与备案不符' })).status).toBe(200);
    expect(await bodies(bankAdmin)).toEqual([
      expect.objectContaining({ title: '贷款产品被退回修改', link: '/bank/products', body: expect.stringContaining('担保方式与备案不符') }),
    ]);
    // A refused decision tells nothing.
    expect((await returnProduct(product.id, { reason: '再退一次' })).status).toBe(409);
    expect(await bodies(bankAdmin)).toHaveLength(1);

    await platform.api(`/api/v1/loan-products/${product.id}`, { token: bank, method: 'PUT', body: productInput({ name: '通知测试贷' }) });
    // The bank's edit made it the second revision: the admin publishes what it reviewed.
    expect((await platform.api(`/api/v1/loan-products/${product.id}/publish`, { token: admin, body: { revision: 2 } })).status).toBe(200);
    expect((await platform.api(`/api/v1/loan-products/${product.id}/withdraw`, { token: admin, method: 'POST' })).status).toBe(200);
    expect((await platform.api(`/api/v1/loan-products/${product.id}/publish`, { token: admin, body: { revision: 2 } })).status).toBe(200);
    // Newest first: a second 上架 is a decision of its own.
    expect((await bodies(bankAdmin)).map((m) => m.title)).toEqual(['贷款产品已审核上架', '贷款产品已下架', '贷款产品已审核上架', '贷款产品被退回修改']);
    expect(await bodies(otherBankAdmin)).toEqual([]);
  });

  it('keeps every decision in 产品审核记录 — each return with its reason, who and when — for the admin and the bank only', async () => {
    const product = await draft('审核记录贷');
    const put = () => platform.api(`/api/v1/loan-products/${product.id}`, { token: bank, method: 'PUT', body: productInput({ name: '审核记录贷' }) });
    const decide = (action: string, body?: unknown) => platform.api(`/api/v1/loan-products/${product.id}/${action}`, { token: admin, method: 'POST', ...(body ? { body } : {}) });
    expect((await returnProduct(product.id, { reason: '利率上限高于备案利率' })).status).toBe(200);
    await put();
    expect((await returnProduct(product.id, { reason: '产品说明不清楚' })).status).toBe(200);
    await put();
    // Drafted at revision 1, edited twice.
    expect((await decide('publish', { revision: 3 })).status).toBe(200);
    expect((await decide('withdraw')).status).toBe(200);
    // A refused decision is not recorded.
    expect((await decide('withdraw')).status).toBe(409);

    const reviews = async (token: string) => platform.api(`/api/v1/loan-products/${product.id}/reviews`, { token });
    const adminRow = (await platform.database.knex('users').where({ username: 'admin' }).first('id', 'display_name')) as { id: string; display_name: string };
    for (const token of [admin, bank, bankAdmin]) {
      const res = await reviews(token);
      expect(res.status).toBe(200);
      const { items } = (await res.json()) as { items: { decision: string; reason: string | null; decidedBy: string; decidedByName: string; decidedAt: string }[] };
      expect(items.map((r) => [r.decision, r.reason])).toEqual([
        ['returned', '利率上限高于备案利率'],
        ['returned', '产品说明不清楚'],
        ['published', null],
        ['withdrawn', null],
      ]);
      expect(items.every((r) => r.decidedBy === adminRow.id && r.decidedByName === adminRow.display_name)).toBe(true);
      expect(items.map((r) => r.decidedAt)).toEqual([...items.map((r) => r.decidedAt)].sort());
    }
    // The last return is read from the record: the second reason, not the first.
    expect(((await platform.api(`/api/v1/loan-products/${product.id}`, { token: bank }).then((r) => r.json())) as Product).lastReturn).toMatchObject({ reason: '产品说明不清楚' });
    // Another bank, an enterprise and the public may see the withdrawn product, not its reviews.
    expect((await reviews(otherBank)).status).toBe(403);
    expect((await reviews(enterprise.token)).status).toBe(403);
    expect((await platform.api(`/api/v1/loan-products/${product.id}/reviews`)).status).toBe(401);
    // A draft of another bank stays unknown.
    const hidden = await draft('他行看不到贷');
    expect((await platform.api(`/api/v1/loan-products/${hidden.id}/reviews`, { token: otherBank })).status).toBe(404);
  });
});

describe('上架 publishes the revision the admin reviewed', () => {
  const publish = (id: string, body: unknown) => platform.api(`/api/v1/loan-products/${id}/publish`, { token: admin, body });

  it('refuses a product its bank edited after the admin read it, naming revision, and publishes the revision reviewed', async () => {
    const product = (await draft('审核期间修改贷')) as Product & { revision: number };
    expect(product.revision).toBe(1);
    // The admin reads revision 1; meanwhile the bank raises the rate ceiling.
    const edited = await platform.api(`/api/v1/loan-products/${product.id}`, { token: bank, method: 'PUT', body: productInput({ name: '审核期间修改贷', maxRate: '14.80' }) });
    expect(((await edited.json()) as { revision: number }).revision).toBe(2);

    const stale = await publish(product.id, { revision: 1 });
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toContain('application/problem+json');
    expect(await stale.json()).toMatchObject({ code: 'PRODUCT_CHANGED_SINCE_REVIEW', revision: 2, errors: [{ field: 'revision', code: 'PRODUCT_CHANGED_SINCE_REVIEW' }] });
    expect((await platform.api(`/api/v1/loan-products/${product.id}`, { token: admin }).then((r) => r.json())) as Product).toMatchObject({ status: 'draft' });
    expect(await inbox(bankAdmin).then((m) => m.filter((n) => n.body.includes('审核期间修改贷')))).toEqual([]);

    const reviewed = await publish(product.id, { revision: 2 });
    expect(reviewed.status).toBe(200);
    expect(await reviewed.json()).toMatchObject({ status: 'published', revision: 2, maxRate: '14.8000' });
  });

  it('asks for the revision, naming the field', async () => {
    const product = await draft('未给版本贷');
    for (const body of [{}, { revision: 0 }, { revision: '1' }, { revision: 1.5 }]) {
      const res = await publish(product.id, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain('revision');
    }
    expect((await platform.api(`/api/v1/loan-products/${product.id}`, { token: admin }).then((r) => r.json())) as Product).toMatchObject({ status: 'draft' });
  });
});
