import type { Knex } from 'knex';

/**
 * Tax payments (纳税缴款) move out of the wide `credit_records` table into a narrow typed table:
 * they arrive monthly per enterprise and tax type, by the million, and the jsonb payload, the
 * second index and the multi-row upsert made loading them several times slower than COPY.
 *
 * - The natural key (USCC, 所属期, 税种) is the primary key and the only index. `id` takes its
 *   value from the `credit_records` sequence, so one record id names one record across both
 *   tables (events, history and profile usage refer to records by id); it is not indexed,
 *   nothing looks a tax payment up by id alone.
 * - Provenance and repair status are the same columns as in `credit_records`.
 * - Events and history no longer have a foreign key to `credit_records` (their records may live
 *   in either table); records are never deleted, so the references cannot dangle.
 * - Replaced values go to `credit_record_history` as the payload the category schema produces,
 *   by a trigger that fires only when a value really changes.
 * - Existing tax payments are moved over with their ids, status and provenance.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table tax_payment_records (
      id bigint not null default nextval('credit_records_id_seq'),
      uscc char(18) not null,
      period char(7) not null,
      tax_type text not null,
      amount_paid numeric(18,2) not null,
      arrears_amount numeric(18,2) not null,
      format_version integer not null,
      status text not null default 'active' check (status in ('active', 'repaired', 'withdrawn')),
      status_changed_at timestamptz,
      source_institution_id uuid not null,
      batch_id uuid not null,
      received_at timestamptz not null,
      first_batch_id uuid not null,
      first_received_at timestamptz not null,
      primary key (uscc, period, tax_type)
    )`);

  await knex.schema.alterTable('credit_record_events', (t) => t.dropForeign(['record_id']));
  await knex.schema.alterTable('credit_record_history', (t) => t.dropForeign(['record_id']));

  await knex.raw(`
    create function tax_payment_records_keep_history() returns trigger language plpgsql as $$
    begin
      insert into credit_record_history (record_id, format_version, payload, source_institution_id, batch_id, received_at)
      values (old.id, old.format_version,
        jsonb_build_object('uscc', old.uscc, 'period', old.period, 'taxType', old.tax_type,
          'amountPaid', old.amount_paid::text, 'arrearsAmount', old.arrears_amount::text),
        old.source_institution_id, old.batch_id, old.received_at);
      return new;
    end $$`);
  await knex.raw(`
    create trigger tax_payment_records_history before update on tax_payment_records
    for each row when ((old.amount_paid, old.arrears_amount) is distinct from (new.amount_paid, new.arrears_amount))
    execute function tax_payment_records_keep_history()`);

  await knex.raw(`
    insert into tax_payment_records (id, uscc, period, tax_type, amount_paid, arrears_amount, format_version, status,
      status_changed_at, source_institution_id, batch_id, received_at, first_batch_id, first_received_at)
    select id, uscc, payload->>'period', payload->>'taxType', (payload->>'amountPaid')::numeric,
      coalesce((payload->>'arrearsAmount')::numeric, 0), format_version, status, status_changed_at,
      source_institution_id, batch_id, received_at, first_batch_id, first_received_at
    from credit_records where category = 'tax_payments'`);
  await knex.raw(`delete from credit_records where category = 'tax_payments'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    insert into credit_records (id, category, record_key, uscc, format_version, payload, business_date, status,
      status_changed_at, source_institution_id, batch_id, received_at, first_batch_id, first_received_at)
    select id, 'tax_payments', uscc || '|' || period || '|' || tax_type, uscc, format_version,
      jsonb_build_object('uscc', uscc, 'period', period, 'taxType', tax_type,
        'amountPaid', amount_paid::text, 'arrearsAmount', arrears_amount::text),
      (period || '-01')::date, status, status_changed_at, source_institution_id, batch_id, received_at,
      first_batch_id, first_received_at
    from tax_payment_records`);
  await knex.raw('drop table tax_payment_records');
  await knex.raw('drop function tax_payment_records_keep_history()');
  await knex.schema.alterTable('credit_record_history', (t) => t.foreign('record_id').references('credit_records.id'));
  await knex.schema.alterTable('credit_record_events', (t) => t.foreign('record_id').references('credit_records.id'));
}
