import type { Knex } from 'knex';

/**
 * Pre-credit (预授信): model versions (DRAFT → ACTIVE → RETIRED; a non-draft document never
 * changes), the model inputs extracted from each enterprise's current profile, one result per
 * (bank, enterprise) that is the white list, the runs that produce it, each bank's fetch cursor
 * and monthly monitoring snapshots. Per-feature points and bins are arrays in the model's
 * feature order: a result row stays small, which is what a 200,000-row run writes. `change_seq` comes from one sequence: a bank asks for the
 * changes after the last value it saw.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table precredit_models (
      id uuid primary key default gen_random_uuid(),
      bank_id uuid references institutions(id),
      version integer not null,
      status text not null default 'DRAFT' check (status in ('DRAFT', 'ACTIVE', 'RETIRED')),
      document jsonb not null,
      reference jsonb,
      training_report jsonb,
      based_on uuid references precredit_models(id),
      created_by uuid,
      created_at timestamptz not null,
      activation_requested_by uuid,
      activation_requested_at timestamptz,
      activated_by uuid,
      activated_at timestamptz,
      retired_at timestamptz,
      unique (bank_id, version)
    )`);
  await knex.raw(`create unique index precredit_models_one_active on precredit_models (coalesce(bank_id, '00000000-0000-0000-0000-000000000000'::uuid)) where status = 'ACTIVE'`);
  await knex.raw(`
    create function precredit_models_frozen() returns trigger language plpgsql as $$
    begin
      if old.status <> 'DRAFT' and (new.document is distinct from old.document or new.version <> old.version or new.bank_id is distinct from old.bank_id) then
        raise exception 'an active or retired model version never changes' using errcode = 'P0001';
      end if;
      return new;
    end $$`);
  await knex.raw('create trigger precredit_models_frozen before update on precredit_models for each row execute function precredit_models_frozen()');

  await knex.raw(`
    create table precredit_inputs (
      uscc char(18) primary key,
      profile_version integer not null,
      as_of date not null,
      inputs jsonb not null,
      updated_at timestamptz not null
    )`);

  await knex.raw('create sequence precredit_change_seq');
  await knex.raw(`
    create table precredit_runs (
      id uuid primary key default gen_random_uuid(),
      bank_id uuid not null references institutions(id),
      model_id uuid not null references precredit_models(id),
      seq bigint not null,
      trigger text not null check (trigger in ('manual', 'scheduled')),
      status text not null check (status in ('running', 'done', 'failed')),
      total integer not null default 0,
      processed integer not null default 0,
      rescored integer not null default 0,
      listed integer not null default 0,
      removed integer not null default 0,
      error text,
      started_by uuid,
      started_at timestamptz not null,
      finished_at timestamptz
    )`);
  await knex.raw('create index precredit_runs_bank on precredit_runs (bank_id, started_at desc)');
  await knex.raw(`create unique index precredit_runs_one_running on precredit_runs (bank_id) where status = 'running'`);

  await knex.raw(`
    create table precredit_results (
      bank_id uuid not null references institutions(id),
      uscc char(18) not null,
      enterprise_id uuid not null,
      model_id uuid not null references precredit_models(id),
      model_version integer not null,
      inputs_hash char(64) not null,
      decision text not null check (decision in ('knockout', 'graded', 'ungraded')),
      score integer not null,
      grade text,
      limit_amount numeric(18, 2),
      points smallint[] not null,
      bins smallint[] not null,
      reasons jsonb not null,
      listed boolean not null,
      active boolean not null,
      evaluated_at timestamptz not null,
      valid_until timestamptz not null,
      change_seq bigint not null,
      primary key (bank_id, uscc)
    )`);
  await knex.raw('create index precredit_results_changes on precredit_results (bank_id, change_seq)');
  await knex.raw('create index precredit_results_enterprise on precredit_results (enterprise_id)');

  await knex.raw(`
    create table precredit_fetch_cursors (
      bank_id uuid primary key references institutions(id),
      last_cursor text not null,
      fetched_at timestamptz not null
    )`);

  // Labelled outcomes the platform holds beyond its own loans (e.g. a bank's imported history;
  // the demo city's generated outcomes), used by training with source "platform".
  await knex.raw(`
    create table precredit_outcome_samples (
      id bigserial primary key,
      bank_id uuid not null references institutions(id),
      inputs jsonb not null,
      bad boolean not null,
      source text not null,
      created_at timestamptz not null
    )`);
  await knex.raw('create index precredit_outcome_samples_bank on precredit_outcome_samples (bank_id)');

  await knex.raw(`
    create table precredit_monitoring (
      model_id uuid not null references precredit_models(id),
      bank_id uuid not null references institutions(id),
      month char(7) not null,
      total integer not null,
      score_counts jsonb not null,
      feature_counts jsonb not null,
      grade_counts jsonb not null,
      taken_at timestamptz not null,
      primary key (model_id, bank_id, month)
    )`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['precredit_monitoring', 'precredit_outcome_samples', 'precredit_fetch_cursors', 'precredit_results', 'precredit_runs', 'precredit_inputs', 'precredit_models']) {
    await knex.raw(`drop table ${table}`);
  }
  await knex.raw('drop sequence precredit_change_seq');
  await knex.raw('drop function precredit_models_frozen');
}
