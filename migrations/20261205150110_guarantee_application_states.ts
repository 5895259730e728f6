import type { Knex } from 'knex';

/**
 * The guarantee steps on the loan application (issue 16): 担保机构审核中 before the bank sees a
 * 见保即贷 application, 担保未通过 when the guarantee company declines, and the guarantee
 * company's officer and its automatic 见贷即保 decision as actors on the timeline.
 */
const STATUSES_BEFORE = ['DRAFT', 'SUBMITTED', 'ACCEPTED', 'UNDER_REVIEW', 'ACTION_REQUIRED', 'APPROVED', 'REJECTED', 'CONTRACTED', 'DISBURSED', 'REPAYING', 'CLOSED', 'DEFAULTED', 'WITHDRAWN', 'EXPIRED'];
const ACTORS_BEFORE = ['enterprise', 'bank_officer', 'client', 'bank_system', 'system'];
const list = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ');

async function replaceChecks(knex: Knex, statuses: readonly string[], actors: readonly string[]): Promise<void> {
  await knex.raw('alter table loan_applications drop constraint loan_applications_status');
  await knex.raw(`alter table loan_applications add constraint loan_applications_status check (status in (${list(statuses)}))`);
  await knex.raw('alter table loan_application_events drop constraint loan_application_events_actor_type');
  await knex.raw(`alter table loan_application_events add constraint loan_application_events_actor_type check (actor_type in (${list(actors)}))`);
}

export async function up(knex: Knex): Promise<void> {
  await replaceChecks(knex, [...STATUSES_BEFORE, 'GUARANTEE_REVIEW', 'GUARANTEE_DECLINED'], [...ACTORS_BEFORE, 'guarantee_officer', 'guarantee_system']);
}

export async function down(knex: Knex): Promise<void> {
  await replaceChecks(knex, STATUSES_BEFORE, ACTORS_BEFORE);
}
