import type { Knex } from 'knex';

/**
 * `loan_applications.submitted_at` is when the bank received the application: the bank's service
 * limits, its overdue escalation and the office's figures count from it. A 见保即贷 application
 * reaches the bank on the guarantee company's grant, not on the enterprise's submission to the
 * company; one the company never granted never reached it. Rows written before carry the
 * enterprise's submission: they take their grant's time, or none.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    update loan_applications a
       set submitted_at = (select min(e.occurred_at) from loan_application_events e
                            where e.application_id = a.id and e.from_status = 'GUARANTEE_REVIEW' and e.to_status = 'SUBMITTED')
     where exists (select 1 from loan_application_events e where e.application_id = a.id and e.to_status = 'GUARANTEE_REVIEW')`);
}

/** The enterprise's submission to the guarantee company, as the rows had it. */
export async function down(knex: Knex): Promise<void> {
  await knex.raw(`
    update loan_applications a
       set submitted_at = (select min(e.occurred_at) from loan_application_events e where e.application_id = a.id and e.to_status = 'GUARANTEE_REVIEW')
     where exists (select 1 from loan_application_events e where e.application_id = a.id and e.to_status = 'GUARANTEE_REVIEW')`);
}
