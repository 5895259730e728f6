import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeUscc } from '../src/demo/demo-city.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let platform: TestPlatform;
let admin: string;
let tax: string;
let market: string;
let registered: string[];

beforeAll(async () => {
  platform = await startTestPlatform();
  [admin, tax, market] = await Promise.all([platform.login('admin'), platform.login('tax_feed'), platform.login('scjg_feed')]);
  registered = await platform.database.knex('market_entities').orderBy('uscc').limit(5).pluck('uscc');
});
afterAll(() => platform?.close());

const jsonl = (rows: Record<string, unknown>[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const taxRow = (uscc: string) => ({ uscc, period: '2026-05', taxType: '增值税', amountPaid: '10.00' });
const registerRow = (uscc: string) => ({ uscc, name: `新设主体${uscc.slice(-4)}有限公司`, entityType: '企业', legalRepresentative: '李四', districtCode: '420202', status: '存续', establishedOn: '2026-01-05', registeredCapital: '1000000' });

async function send(category: string, rows: Record<string, unknown>[], token: string) {
  const res = await platform.api(`/api/v1/ingestion/${category}/records?formatVersion=1`, { body: jsonl(rows), token, headers: { 'content-type': 'application/x-ndjson' } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> & { rejections?: { rowNumber: number; field: string; code: string }[] } };
}

const departments = async () =>
  (await (await platform.api('/api/v1/admin/source-categories', { token: admin })).json()) as { institutionId: string; code: string; name: string; categories: string[] }[];

const put = (institutionId: string, categories: unknown, token = admin) =>
  platform.api(`/api/v1/admin/source-categories/${institutionId}`, { method: 'PUT', token, body: { categories } });

describe('data-source permissions', () => {
  it('lists each department with the categories it holds', async () => {
    const list = await departments();
    expect(list.find((d) => d.code === 'HS_TAX')).toMatchObject({ name: '国家税务总局黄石市税务局', categories: ['tax_grades', 'tax_payments'] });
    expect(list.find((d) => d.code === 'HS_SCJG')!.categories).toContain('register');
    expect((await platform.api('/api/v1/admin/source-categories', { token: tax })).status).toBe(403);
    const offered = (await (await platform.api('/api/v1/ingestion/categories', { token: tax })).json()) as { category: string }[];
    expect(offered.map((c) => c.category)).toEqual(['tax_payments', 'tax_grades']);
  });

  it('refuses a category the department does not hold, before any batch is opened', async () => {
    const before = await platform.database.knex('ingestion_batches').count({ n: '*' }).first();
    const { status, body } = await send('credit_lists', [{ uscc: registered[0] }], tax);
    expect(status).toBe(403);
    expect(body).toMatchObject({ code: 'CATEGORY_NOT_GRANTED', detail: expect.stringContaining('失信主体名单') });
    expect(await platform.database.knex('ingestion_batches').count({ n: '*' }).first()).toEqual(before);
  });

  it('lets only the market-supervision department feed the market-entity register', async () => {
    const uscc = makeUscc('91', '420202', '77777771');
    expect((await send('register', [registerRow(uscc)], tax)).status).toBe(403);
    expect(await platform.database.knex('market_entities').where({ uscc }).first()).toBeUndefined();
    const taxId = (await departments()).find((d) => d.code === 'HS_TAX')!.institutionId;
    const taken = await put(taxId, ['tax_payments', 'tax_grades', 'register']);
    expect(taken.status).toBe(409);
    expect(await taken.json()).toMatchObject({ code: 'REGISTER_SOURCE_TAKEN', errors: [{ field: 'categories' }] });
    const ok = await send('register', [registerRow(uscc)], market);
    expect(ok.body).toMatchObject({ status: 'completed', rowsAccepted: 1, rejections: [] });
  });

  it('lets the admin grant and withdraw a category, validated and naming the field', async () => {
    const taxId = (await departments()).find((d) => d.code === 'HS_TAX')!.institutionId;
    const bad = await put(taxId, ['tax_payments', 'petitions']);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('categories.1');
    expect((await put(taxId, ['tax_payments'], tax)).status).toBe(403);
    expect((await put('00000000-0000-4000-8000-000000000000', ['tax_payments'])).status).toBe(404);

    const granted = await put(taxId, ['tax_payments', 'tax_grades', 'utilities']);
    expect(await granted.json()).toMatchObject({ categories: ['tax_grades', 'tax_payments', 'utilities'] });
    const row = { uscc: registered[1], utilityType: '电', accountNo: 'E1', period: '2026-05', amount: '1.00', paidOnTime: '是' };
    expect((await send('utilities', [row], tax)).status).toBe(201);
    await put(taxId, ['tax_payments', 'tax_grades']);
    expect((await send('utilities', [row], tax)).status).toBe(403);
  });

  it('quarantines, row by row, records for a USCC that is not in the register', async () => {
    const unknown = makeUscc('91', '420202', '88888881');
    const { status, body } = await send('tax_payments', [taxRow(registered[2]!), taxRow(unknown), taxRow(registered[3]!)], tax);
    expect(status).toBe(201);
    expect(body).toMatchObject({ status: 'completed', rowsRead: 3, rowsAccepted: 2, rowsRejected: 1 });
    expect(body.rejections).toEqual([{ rowNumber: 2, field: 'uscc', code: 'UNREGISTERED_USCC', reason: expect.stringContaining(unknown) }]);
    const quarantined = await platform.database.knex('ingestion_quarantine').where({ batch_id: body.id });
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0].raw.uscc).toBe(unknown);
    expect(await platform.database.knex('tax_payment_records').where({ uscc: unknown }).first()).toBeUndefined();
  });
});
