import type { Knex } from 'knex';

/**
 * Issue 13, second part. An enterprise may have several accounts: its legal representative
 * (法定代表人, the account created at registration; every existing enterprise account becomes
 * one) and the staff it adds (员工, or 授权经办人 when allowed to decide consents). At most one
 * legal representative per enterprise. The platform operator (平台运营方) becomes an
 * institution type, whose people are the platform admins; an invitation of a new admin made
 * while two admins exist waits for another admin's approval (maker-checker).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.dropUnique(['enterprise_id']);
    t.text('enterprise_position').nullable().checkIn(['legal_representative', 'authorised_staff', 'staff']);
    t.index(['enterprise_id']);
  });
  await knex('users').where({ role: 'enterprise' }).update({ enterprise_position: 'legal_representative' });
  await knex.raw(`alter table users add constraint users_enterprise_position check ((role = 'enterprise') = (enterprise_position is not null))`);
  await knex.raw(`create unique index users_one_legal_representative on users (enterprise_id) where enterprise_position = 'legal_representative'`);

  await dropTypeCheck(knex);
  await knex.raw(
    `alter table institutions add constraint institutions_type_check check (type in ('bank', 'guarantee_company', 'financial_office', 'data_source', 'platform_operator'))`,
  );
  await knex.raw(`create unique index institutions_one_operator on institutions (type) where type = 'platform_operator'`);

  await knex.schema.alterTable('invitations', (t) => {
    t.boolean('approval_required').notNullable().defaultTo(false);
    t.uuid('approved_by').nullable().references('users.id');
    t.timestamp('approved_at', { useTz: true }).nullable();
  });
  await knex.raw('alter table invitations add constraint invitations_four_eyes check (approved_by is null or approved_by <> invited_by)');
}

/** The type check was created unnamed by the first migration; found by its definition. */
async function dropTypeCheck(knex: Knex): Promise<void> {
  const result = await knex.raw(
    `select conname from pg_constraint where conrelid = 'institutions'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%guarantee_company%'`,
  );
  for (const row of result.rows as { conname: string }[]) await knex.raw('alter table institutions drop constraint ??', [row.conname]);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table invitations drop constraint invitations_four_eyes');
  await knex.schema.alterTable('invitations', (t) => {
    t.dropColumn('approval_required');
    t.dropColumn('approved_by');
    t.dropColumn('approved_at');
  });
  await knex.raw('drop index institutions_one_operator');
  await dropTypeCheck(knex);
  await knex.raw(`alter table institutions add constraint institutions_type_check check (type in ('bank', 'guarantee_company', 'financial_office', 'data_source'))`);
  await knex.raw('drop index users_one_legal_representative');
  await knex.raw('alter table users drop constraint users_enterprise_position');
  await knex.schema.alterTable('users', (t) => {
    t.dropIndex(['enterprise_id']);
    t.dropColumn('enterprise_position');
    t.unique(['enterprise_id']);
  });
}
