import type { Knex } from 'knex';

/**
 * An institution's machine client is its own kind of actor on the application timeline
 * (issue 11): until now its moves were recorded as a bank officer's. The original check
 * constraint was unnamed, so it is found by its definition.
 */
const replaceActorCheck = (allowed: readonly string[]) => `
  do $$
  declare c record;
  begin
    for c in select conname from pg_constraint
      where conrelid = 'loan_application_events'::regclass and contype = 'c' and pg_get_constraintdef(oid) like '%actor_type%'
    loop
      execute format('alter table loan_application_events drop constraint %I', c.conname);
    end loop;
    alter table loan_application_events add constraint loan_application_events_actor_type
      check (actor_type in (${allowed.map((a) => `'${a}'`).join(', ')}));
  end $$`;

export async function up(knex: Knex): Promise<void> {
  await knex.raw(replaceActorCheck(['enterprise', 'bank_officer', 'client', 'bank_system', 'system']));
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(replaceActorCheck(['enterprise', 'bank_officer', 'bank_system', 'system']));
}
