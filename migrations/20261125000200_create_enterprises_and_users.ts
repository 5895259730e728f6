import type { Knex } from 'knex';

/**
 * Registered enterprises (verified against market_entities), user accounts for every role and
 * the failed-login ledger that rate limiting counts. The contact mobile is stored SM4-encrypted
 * (`contact_mobile_enc`); no column holds it in clear.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('enterprises', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.specificType('uscc', 'char(18)').notNullable().unique().references('market_entities.uscc');
    t.text('name').notNullable();
    t.text('legal_representative').notNullable();
    t.text('contact_name').notNullable();
    t.text('contact_mobile_enc').notNullable();
    t.jsonb('uscc_warnings').notNullable().defaultTo('[]');
    t.timestamp('registered_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('users', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('username').notNullable().unique();
    t.text('password_hash').notNullable();
    t.text('role')
      .notNullable()
      .checkIn(['enterprise', 'bank_officer', 'guarantee_officer', 'financial_office', 'data_source', 'admin']);
    t.text('display_name').notNullable();
    t.uuid('institution_id').nullable().references('institutions.id');
    t.uuid('enterprise_id').nullable().unique().references('enterprises.id');
    t.text('status').notNullable().defaultTo('active').checkIn(['active', 'disabled']);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('last_login_at', { useTz: true }).nullable();
  });
  await knex.raw(`
    alter table users add constraint users_role_affiliation check (
      (role = 'enterprise' and enterprise_id is not null and institution_id is null) or
      (role = 'admin' and enterprise_id is null) or
      (role in ('bank_officer', 'guarantee_officer', 'financial_office', 'data_source')
        and institution_id is not null and enterprise_id is null)
    )`);

  await knex.schema.createTable('login_failures', (t) => {
    t.bigIncrements('id');
    t.text('account_key').notNullable();
    t.text('ip').notNullable();
    t.timestamp('failed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['account_key', 'failed_at']);
    t.index(['ip', 'failed_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('login_failures');
  await knex.schema.dropTable('users');
  await knex.schema.dropTable('enterprises');
}
