import type { Knex } from 'knex';

/**
 * precredit_results: the per-row foreign keys to institutions and precredit_models become one
 * check per statement. A white-list run writes a row per authorised enterprise (200,000 in the
 * bench), and each foreign key ran its own lookup and row lock per row (the numbers are in
 * docs/decisions/0014). The check refuses an insert or update that names a
 * bank or model that does not exist (SQLSTATE 23503, as a foreign key would). The other side, a
 * referenced bank or model disappearing, stays guarded by foreign keys: every result carries the
 * bank and model of the run that wrote it, and precredit_runs references both.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create function precredit_results_references() returns trigger language plpgsql as $$
    begin
      if exists (select 1 from (select distinct bank_id, model_id from written) as w
                  where not exists (select 1 from institutions i where i.id = w.bank_id)
                     or not exists (select 1 from precredit_models m where m.id = w.model_id)) then
        raise exception 'precredit_results names a bank or model that does not exist' using errcode = '23503';
      end if;
      return null;
    end $$`);
  // Transition tables allow one event per trigger: one for inserts (COPY included), one for updates.
  for (const event of ['insert', 'update']) {
    await knex.raw(`create trigger precredit_results_references_${event} after ${event} on precredit_results
      referencing new table as written for each statement execute function precredit_results_references()`);
  }
  await knex.raw('alter table precredit_results drop constraint precredit_results_bank_id_fkey, drop constraint precredit_results_model_id_fkey');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`alter table precredit_results
    add constraint precredit_results_bank_id_fkey foreign key (bank_id) references institutions(id),
    add constraint precredit_results_model_id_fkey foreign key (model_id) references precredit_models(id)`);
  for (const event of ['insert', 'update']) await knex.raw(`drop trigger precredit_results_references_${event} on precredit_results`);
  await knex.raw('drop function precredit_results_references');
}
