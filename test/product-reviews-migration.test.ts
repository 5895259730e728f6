import { describe, expect, it } from 'vitest';
import { migrationSource } from '../migrations/index.js';
import { databaseForFile } from './helpers/test-database.js';

const REVIEWS = '20261221140100_loan_product_reviews.ts';

const database = databaseForFile({ empty: true });

describe('migration: 产品审核记录', () => {
  it('carries each product’s publication and last return into the record, and the way back restores the columns', async () => {
    const { knex } = database();
    await knex.migrate.latest({ migrationSource });
    await knex.migrate.down({ migrationSource, name: REVIEWS });
    const [bank] = await knex('institutions').insert({ code: 'MIG_BANK', name: '迁移测试银行', type: 'bank', uscc: '91420200MA4K0000X1' }).returning('id');
    const [admin] = await knex('users').insert({ username: 'mig_admin', password_hash: 'x', role: 'admin', display_name: '审核员甲' }).returning('id');
    const product = (name: string, extra: Record<string, unknown>) => ({
      bank_id: bank.id, name, min_amount: '10000', max_amount: '500000', min_term_months: 1, max_term_months: 12, min_rate: '3.5', max_rate: '4.5', guarantee_type: 'credit', ...extra,
    });
    const [published, returned, fresh] = await knex('loan_products')
      .insert([
        product('已上架贷', { status: 'published', published_at: '2026-12-01T02:00:00Z' }),
        product('曾退回贷', { status: 'draft', return_reason: '利率上限高于备案', returned_at: '2026-12-02T03:00:00Z', returned_by: admin.id }),
        product('新草稿贷', { status: 'draft' }),
      ])
      .returning('id');

    await knex.migrate.up({ migrationSource, name: REVIEWS });
    const rows = await knex('loan_product_reviews').orderBy('id').select('product_id', 'decision', 'reason', 'decided_by');
    expect(rows).toEqual([
      { product_id: published.id, decision: 'published', reason: null, decided_by: null },
      { product_id: returned.id, decision: 'returned', reason: '利率上限高于备案', decided_by: admin.id },
    ]);
    expect(Number((await knex('loan_product_reviews').where({ product_id: fresh.id }).count({ n: '*' }))[0]!.n)).toBe(0);

    await knex.migrate.down({ migrationSource, name: REVIEWS });
    const back = await knex('loan_products').whereIn('id', [returned.id, fresh.id]).orderBy('name').select('name', 'return_reason', 'returned_by');
    expect(back).toEqual([
      { name: '新草稿贷', return_reason: null, returned_by: null },
      { name: '曾退回贷', return_reason: '利率上限高于备案', returned_by: admin.id },
    ]);
  });
});
