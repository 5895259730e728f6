import type { Knex } from 'knex';

/**
 * Government data in (信用信息归集): batches and their quarantined rows, one table of credit
 * records for every category (the typed payload is validated by the category's zod schema
 * before it lands here), repair/withdrawal events, and the working-day calendar that the
 * 双公示 7-working-day check counts with.
 *
 * `credit_records` carries its provenance on the row: the source institution, batch and receipt
 * time of the values it holds now, and of the first delivery. It has no foreign keys to
 * `ingestion_batches`/`institutions`: a million-row load would pay a trigger per row for them,
 * and both parent tables are append-only (never deleted).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('working_calendar', (t) => {
    t.date('day').primary();
    t.boolean('is_working_day').notNullable();
    t.text('note').notNullable();
  });

  await knex.schema.createTable('ingestion_batches', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('institution_id').notNullable().references('institutions.id');
    t.uuid('submitted_by').nullable().references('users.id');
    t.text('category').notNullable();
    t.integer('format_version').notNullable();
    t.text('channel').notNullable().checkIn(['api', 'upload']);
    t.text('file_format').notNullable().checkIn(['jsonl', 'csv', 'xlsx']);
    t.text('file_name').nullable();
    t.text('status').notNullable().defaultTo('processing').checkIn(['processing', 'completed', 'failed']);
    t.integer('rows_read').notNullable().defaultTo(0);
    t.integer('rows_accepted').notNullable().defaultTo(0);
    t.integer('rows_rejected').notNullable().defaultTo(0);
    t.integer('rows_inserted').notNullable().defaultTo(0);
    t.integer('rows_updated').notNullable().defaultTo(0);
    t.integer('rows_unchanged').notNullable().defaultTo(0);
    t.text('failure').nullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('completed_at', { useTz: true }).nullable();
    t.index(['institution_id', 'received_at']);
  });

  await knex.schema.createTable('ingestion_quarantine', (t) => {
    t.bigIncrements('id');
    t.uuid('batch_id').notNullable().references('ingestion_batches.id');
    t.integer('row_number').notNullable();
    t.jsonb('errors').notNullable();
    t.jsonb('raw').notNullable();
    t.index(['batch_id', 'row_number']);
  });

  await knex.schema.createTable('credit_records', (t) => {
    t.bigIncrements('id');
    t.text('category').notNullable();
    t.text('record_key').notNullable();
    t.specificType('uscc', 'char(18)').notNullable();
    t.integer('format_version').notNullable();
    t.jsonb('payload').notNullable();
    t.date('business_date').nullable();
    t.date('publicity_end').nullable();
    t.boolean('published_on_time').nullable();
    t.text('status').notNullable().defaultTo('active').checkIn(['active', 'repaired', 'withdrawn']);
    t.timestamp('status_changed_at', { useTz: true }).nullable();
    t.uuid('source_institution_id').notNullable();
    t.uuid('batch_id').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.uuid('first_batch_id').notNullable();
    t.timestamp('first_received_at', { useTz: true }).notNullable();
    t.unique(['category', 'record_key']);
    t.index(['uscc']);
  });

  await knex.schema.createTable('credit_record_events', (t) => {
    t.bigIncrements('id');
    t.bigInteger('record_id').notNullable().references('credit_records.id');
    t.text('kind').notNullable().checkIn(['repair', 'withdrawal']);
    t.text('notice_no').notNullable();
    t.text('reason').notNullable();
    // Null when an operator enters a notice on behalf of the provincial node.
    t.uuid('institution_id').nullable().references('institutions.id');
    t.uuid('user_id').notNullable().references('users.id');
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['record_id', 'kind']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('credit_record_events');
  await knex.schema.dropTable('credit_records');
  await knex.schema.dropTable('ingestion_quarantine');
  await knex.schema.dropTable('ingestion_batches');
  await knex.schema.dropTable('working_calendar');
}
