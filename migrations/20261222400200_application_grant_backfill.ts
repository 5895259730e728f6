import type { Knex } from 'knex';

/**
 * An application submitted before its grant was recorded on it (`consent_grant_id` null) while
 * its own grant names it (`consent_grants.application_id`) is given that grant, the newest if
 * several. Reads by USCC that name no grant may not spend an application's one-time grant
 * (CONSENT_HELD_FOR_APPLICATION, docs/decisions/0024), so such an application opened by its
 * bank read by USCC and was refused its own case file. The way back leaves the ids: they are
 * true of those applications either way.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    update loan_applications a
       set consent_grant_id = g.id
      from (select distinct on (application_id) application_id, id
              from consent_grants
             where application_id is not null
             order by application_id, created_at desc, id) g
     where g.application_id = a.id and a.consent_grant_id is null`);
}

export async function down(): Promise<void> {}
