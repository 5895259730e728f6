import { beforeAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../migrations/index.js';
import { insertBareEnterprise } from './helpers/bare-enterprise.js';
import { databaseForFile } from './helpers/test-database.js';

const ONE_OPEN_APPLICATION = '20261213090100_one_open_application_per_product.ts';
const ONE_OPEN_DEMAND = '20261213090200_one_open_demand_per_enterprise.ts';
const ONE_SELF_REPORTED = '20261213090300_one_current_self_reported_item.ts';

const database = databaseForFile({ empty: true });
beforeAll(async () => {
  // Every migration, then the ones under test undone: the data below are what may exist before them.
  await database().knex.migrate.latest({ migrationSource });
  await database().knex.migrate.down({ migrationSource, name: ONE_SELF_REPORTED });
  await database().knex.migrate.down({ migrationSource, name: ONE_OPEN_DEMAND });
  await database().knex.migrate.down({ migrationSource, name: ONE_OPEN_APPLICATION });
});

describe('migration: one open loan application per enterprise and product', () => {
  it('keeps duplicates made before the rule, the most advanced one under the index, and refuses new ones; the way back removes it', async () => {
    const { knex } = database();
    const [bank] = (await knex('institutions').insert({ code: 'ABC', name: '农业银行黄石分行', type: 'bank', uscc: '91420200MA4K000011' }).returning('id')) as { id: string }[];
    const enterpriseId = await insertBareEnterprise(knex, '91420200MA4K000070', '黄石某公司');
    const [product] = (await knex('loan_products')
      .insert({ bank_id: bank!.id, name: '税易贷', min_amount: '10000', max_amount: '1000000', min_term_months: 1, max_term_months: 36, min_rate: '3', max_rate: '5', guarantee_type: 'credit', status: 'published' })
      .returning('id')) as { id: string }[];
    const application = async (status: string, createdAt: string) =>
      ((await knex('loan_applications')
        .insert({ enterprise_id: enterpriseId, bank_id: bank!.id, product_id: product!.id, amount: '100000', term_months: 12, purpose: '采购', status, created_at: createdAt })
        .returning('id')) as { id: string }[])[0]!.id;
    const draft = await application('DRAFT', '2026-11-01T00:00:00Z');
    const submitted = await application('SUBMITTED', '2026-11-02T00:00:00Z');
    const accepted = await application('ACCEPTED', '2026-11-03T00:00:00Z');
    const closed = await application('CLOSED', '2026-10-01T00:00:00Z');

    await knex.migrate.up({ migrationSource, name: ONE_OPEN_APPLICATION });
    const flagged = async () =>
      Object.fromEntries(((await knex('loan_applications').select('id', 'duplicate_before_rule')) as { id: string; duplicate_before_rule: boolean }[]).map((r) => [r.id, r.duplicate_before_rule]));
    // The one the bank has got furthest with stays under the rule; nothing changes status.
    expect(await flagged()).toEqual({ [draft]: true, [submitted]: true, [accepted]: false, [closed]: false });
    expect((await knex('loan_applications').orderBy('created_at').pluck('status')) as string[]).toEqual(['CLOSED', 'DRAFT', 'SUBMITTED', 'ACCEPTED']);
    await expect(application('SUBMITTED', '2026-12-01T00:00:00Z')).rejects.toThrow(/loan_applications_one_open_per_product/);
    // Once the kept one is decided, the product is open to a new application again.
    await knex('loan_applications').where({ id: accepted }).update({ status: 'REJECTED' });
    await application('SUBMITTED', '2026-12-01T00:00:00Z');

    await knex.migrate.down({ migrationSource, name: ONE_OPEN_APPLICATION });
    expect(await knex.schema.hasColumn('loan_applications', 'duplicate_before_rule')).toBe(false);
    await application('SUBMITTED', '2026-12-02T00:00:00Z');
  });
});

describe('migration: one open financing demand per enterprise', () => {
  it('leaves demands posted before the rule open, the oldest under the index, and refuses new ones; the way back removes it', async () => {
    const { knex } = database();
    const enterpriseId = await insertBareEnterprise(knex, '91420200MA4K000088', '黄石另一公司');
    const demand = async (status: string, createdAt: string) =>
      ((await knex('financing_demands').insert({ enterprise_id: enterpriseId, amount: '500000', term_months: 12, purpose: '扩大生产', status, created_at: createdAt }).returning('id')) as { id: string }[])[0]!
        .id;
    const oldest = await demand('open', '2026-11-01T00:00:00Z');
    const newer = await demand('open', '2026-11-02T00:00:00Z');
    const withdrawn = await demand('withdrawn', '2026-10-01T00:00:00Z');

    await knex.migrate.up({ migrationSource, name: ONE_OPEN_DEMAND });
    const rows = (await knex('financing_demands').where({ enterprise_id: enterpriseId }).select('id', 'status', 'duplicate_before_rule')) as { id: string; status: string; duplicate_before_rule: boolean }[];
    expect(Object.fromEntries(rows.map((r) => [r.id, [r.status, r.duplicate_before_rule]]))).toEqual({
      [oldest]: ['open', false],
      [newer]: ['open', true],
      [withdrawn]: ['withdrawn', false],
    });
    await expect(demand('open', '2026-12-01T00:00:00Z')).rejects.toThrow(/financing_demands_one_open_per_enterprise/);

    await knex.migrate.down({ migrationSource, name: ONE_OPEN_DEMAND });
    expect(await knex.schema.hasColumn('financing_demands', 'duplicate_before_rule')).toBe(false);
    await demand('open', '2026-12-02T00:00:00Z');
  });
});

describe('migration: a self-reported item once', () => {
  it('leaves identical items reported before the rule, the oldest under the index, and refuses a new copy; the way back removes it', async () => {
    const { knex } = database();
    const enterpriseId = await insertBareEnterprise(knex, '91420200MA4K000096', '黄石填报公司');
    const item = async (content: string, committedAt: string, withdrawnAt: string | null = null) =>
      ((await knex('self_reported_items')
        .insert({ enterprise_id: enterpriseId, uscc: '91420200MA4K000096', kind: 'major_contracts', title: '采购合同', content, commitment_text: '承诺', committed_by: enterpriseId, committed_at: committedAt, commitment_sm3: '0'.repeat(64), withdrawn_at: withdrawnAt })
        .returning('id')) as { id: string }[])[0]!.id;
    const first = await item('合同金额 860 万元', '2026-11-01T00:00:00Z');
    const copy = await item('合同金额 860 万元', '2026-11-02T00:00:00Z');
    const withdrawn = await item('合同金额 860 万元', '2026-10-01T00:00:00Z', '2026-10-02T00:00:00Z');
    const other = await item('合同金额 120 万元', '2026-11-03T00:00:00Z');

    await knex.migrate.up({ migrationSource, name: ONE_SELF_REPORTED });
    const rows = (await knex('self_reported_items').where({ enterprise_id: enterpriseId }).select('id', 'withdrawn_at', 'duplicate_before_rule')) as { id: string; withdrawn_at: Date | null; duplicate_before_rule: boolean }[];
    expect(Object.fromEntries(rows.map((r) => [r.id, [r.withdrawn_at === null, r.duplicate_before_rule]]))).toEqual({
      [first]: [true, false],
      [copy]: [true, true],
      [withdrawn]: [false, false],
      [other]: [true, false],
    });
    await expect(item('合同金额 860 万元', '2026-12-01T00:00:00Z')).rejects.toThrow(/self_reported_items_once/);

    await knex.migrate.down({ migrationSource, name: ONE_SELF_REPORTED });
    expect(await knex.schema.hasColumn('self_reported_items', 'duplicate_before_rule')).toBe(false);
    await item('合同金额 860 万元', '2026-12-02T00:00:00Z');
  });
});
