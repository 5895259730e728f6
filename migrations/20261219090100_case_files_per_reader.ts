import type { Knex } from 'knex';

/**
 * 案卷 (case file) per application and per institution that read it under its own grant: the bank,
 * and on a guaranteed product the guarantee company, each keep what their ONETIME read returned.
 * One row per application left no room for the company's. Existing rows belong to the grant's
 * grantee (so far always the bank).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table application_case_files add column institution_id uuid references institutions(id)');
  await knex.raw(`
    update application_case_files c
       set institution_id = g.grantee_institution_id
      from consent_grants g
     where g.id = c.grant_id`);
  await knex.raw('alter table application_case_files alter column institution_id set not null');
  await knex.raw('alter table application_case_files drop constraint application_case_files_application_id_key');
  await knex.raw('alter table application_case_files add constraint application_case_files_application_institution_key unique (application_id, institution_id)');
}

/** Back to one case file per application: a guarantee company's are dropped, the bank's kept. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    delete from application_case_files c
     using loan_applications a
     where a.id = c.application_id and c.institution_id <> a.bank_id`);
  await knex.raw('alter table application_case_files drop constraint application_case_files_application_institution_key');
  await knex.raw('alter table application_case_files add constraint application_case_files_application_id_key unique (application_id)');
  await knex.raw('alter table application_case_files drop column institution_id');
}
