import type { Knex } from 'knex';

/**
 * One enterprise written straight into the tables (its district, market entity and enterprise
 * row), for migration and storage tests that run without the demo city. Returns the enterprise id.
 */
export async function insertBareEnterprise(knex: Knex, uscc: string, name: string): Promise<string> {
  if (!(await knex('districts').where({ code: '420202' }).first())) await knex('districts').insert({ code: '420202', name: '黄石港区' });
  await knex('market_entities').insert({
    uscc,
    name,
    entity_type: 'enterprise',
    legal_representative: '张三',
    district_code: '420202',
    status: 'operating',
    established_on: '2020-01-01',
    registered_capital: '1000000.00',
  });
  const [enterprise] = (await knex('enterprises')
    .insert({ uscc, name, legal_representative: '张三', contact_name: '张三', contact_mobile_enc: 'x' })
    .returning('id')) as { id: string }[];
  return enterprise!.id;
}
