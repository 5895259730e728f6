import type { Knex } from 'knex';

/**
 * National feed (月度报送) to the national platform and the provincial node: one row per
 * submission (a month's revision for one target), its files stored in 1 MiB chunks (instances
 * stay stateless: any instance can serve a download), the correction list fed by receipts,
 * what came down from the provincial node (with its next-day-08:00 deadline), and records from
 * commercial data providers (kept apart from government records, provenance `third_party`).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('national_feed_submissions', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('target').notNullable().checkIn(['national', 'provincial']);
    t.specificType('month', 'char(7)').notNullable();
    t.integer('revision').notNullable();
    t.text('format_version').notNullable();
    t.specificType('region_code', 'char(6)').notNullable();
    t.text('status').notNullable().checkIn(['building', 'invalid', 'ready', 'delivered', 'receipted', 'failed']);
    t.text('trigger').notNullable().checkIn(['schedule', 'manual']);
    t.uuid('requested_by').nullable();
    t.jsonb('counts').notNullable().defaultTo('{}');
    t.text('manifest').nullable();
    t.text('manifest_signature').nullable();
    t.jsonb('validation_report').notNullable().defaultTo('[]');
    t.integer('invalid_rows').notNullable().defaultTo(0);
    t.integer('accepted_rows').nullable();
    t.integer('rejected_rows').nullable();
    t.text('delivery_ticket').nullable();
    t.text('error').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('built_at', { useTz: true }).nullable();
    t.timestamp('delivered_at', { useTz: true }).nullable();
    t.timestamp('receipted_at', { useTz: true }).nullable();
    t.unique(['target', 'month', 'revision']);
  });
  // Only one instance builds a given month at a time: a second `building` row is refused.
  await knex.raw(`create unique index national_feed_one_build on national_feed_submissions (target, month) where status = 'building'`);

  await knex.schema.createTable('national_feed_files', (t) => {
    t.bigIncrements('id');
    t.uuid('submission_id').notNullable().references('national_feed_submissions.id');
    t.text('name').notNullable();
    t.text('kind').notNullable().checkIn(['data', 'corrections', 'manifest', 'receipt']);
    t.text('record_type').nullable();
    t.text('format').notNullable();
    t.integer('rows').notNullable();
    t.bigInteger('bytes').notNullable();
    t.text('sm3').notNullable();
    t.unique(['submission_id', 'name']);
  });
  await knex.schema.createTable('national_feed_file_chunks', (t) => {
    t.bigInteger('file_id').notNullable().references('national_feed_files.id');
    t.integer('seq').notNullable();
    t.binary('data').notNullable();
    t.primary(['file_id', 'seq']);
  });

  await knex.schema.createTable('national_feed_corrections', (t) => {
    t.bigIncrements('id');
    t.text('target').notNullable();
    t.specificType('month', 'char(7)').notNullable();
    t.text('record_type').notNullable();
    t.text('source_id').notNullable();
    t.uuid('submission_id').notNullable().references('national_feed_submissions.id');
    t.text('reason_code').notNullable();
    t.text('reason').notNullable();
    t.text('status').notNullable().defaultTo('open').checkIn(['open', 'resolved']);
    t.uuid('resolved_by').nullable().references('national_feed_submissions.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('resolved_at', { useTz: true }).nullable();
    t.unique(['submission_id', 'record_type', 'source_id']);
    t.index(['target', 'month', 'status']);
  });

  await knex.schema.createTable('provincial_inbound_items', (t) => {
    t.bigIncrements('id');
    t.text('item_id').notNullable().unique();
    t.text('kind').notNullable().checkIn(['repair', 'withdrawal', 'data']);
    t.text('category').notNullable();
    t.text('record_key').nullable();
    t.integer('rows').notNullable().defaultTo(0);
    t.timestamp('received_at', { useTz: true }).notNullable();
    t.timestamp('due_by', { useTz: true }).notNullable();
    t.timestamp('applied_at', { useTz: true }).nullable();
    t.text('outcome').nullable();
    t.text('error').nullable();
  });

  await knex.schema.createTable('third_party_records', (t) => {
    t.bigIncrements('id');
    t.text('provider').notNullable();
    t.specificType('uscc', 'char(18)').notNullable();
    t.text('category').notNullable();
    t.text('record_key').notNullable();
    t.jsonb('payload').notNullable();
    t.timestamp('fetched_at', { useTz: true }).notNullable();
    t.unique(['provider', 'category', 'record_key']);
    t.index(['uscc']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('third_party_records');
  await knex.schema.dropTable('provincial_inbound_items');
  await knex.schema.dropTable('national_feed_corrections');
  await knex.schema.dropTable('national_feed_file_chunks');
  await knex.schema.dropTable('national_feed_files');
  await knex.schema.dropTable('national_feed_submissions');
}
