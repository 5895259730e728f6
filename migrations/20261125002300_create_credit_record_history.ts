import type { Knex } from 'knex';

/**
 * Superseded values of credit records: when a re-send changes a record's payload, the values
 * it replaces are kept with their own provenance (source, batch, receipt time), so an audit can
 * show what an older profile version was built from. A trigger fires only on real updates, so
 * first-time bulk loads pay nothing for it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('credit_record_history', (t) => {
    t.bigIncrements('id');
    t.bigInteger('record_id').notNullable().references('credit_records.id');
    t.integer('format_version').notNullable();
    t.jsonb('payload').notNullable();
    t.uuid('source_institution_id').notNullable();
    t.uuid('batch_id').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.timestamp('superseded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['record_id']);
  });
  await knex.raw(`
    create function credit_records_keep_history() returns trigger language plpgsql as $$
    begin
      insert into credit_record_history (record_id, format_version, payload, source_institution_id, batch_id, received_at)
      values (old.id, old.format_version, old.payload, old.source_institution_id, old.batch_id, old.received_at);
      return new;
    end $$`);
  await knex.raw(`
    create trigger credit_records_history before update on credit_records
    for each row when (old.payload is distinct from new.payload)
    execute function credit_records_keep_history()`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop trigger credit_records_history on credit_records');
  await knex.raw('drop function credit_records_keep_history()');
  await knex.schema.dropTable('credit_record_history');
}
