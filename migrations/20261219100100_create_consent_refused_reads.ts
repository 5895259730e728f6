import type { Knex } from 'knex';

/**
 * 查询记录 shows the enterprise the reads the consent gate refused, beside the reads it allowed.
 * A refusal is not a read: it has no grant to be logged under and reads nothing, so it is kept
 * here and not in `consent_access_log`, whose SM3 chain covers the reads made. Append-only, as
 * the access log is.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('consent_refused_reads', (t) => {
    t.bigIncrements('id');
    t.uuid('enterprise_id').notNullable();
    t.uuid('institution_id').notNullable();
    t.uuid('user_id').nullable();
    t.uuid('client_id').nullable();
    t.uuid('grant_id').nullable();
    t.specificType('scopes', 'text[]').notNullable();
    t.text('purpose').notNullable();
    t.text('reason').notNullable();
    t.text('request_id').notNullable();
    t.timestamp('attempted_at', { useTz: true }).notNullable();
    t.index(['enterprise_id', 'attempted_at']);
  });
  await knex.raw(`
    create function consent_refused_reads_guard() returns trigger language plpgsql as $$
    begin
      raise exception 'refused reads are append-only' using errcode = 'P0001';
    end $$`);
  await knex.raw(
    `create trigger consent_refused_reads_guard before update or delete on consent_refused_reads for each row execute function consent_refused_reads_guard()`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('consent_refused_reads');
  await knex.raw('drop function consent_refused_reads_guard()');
}
