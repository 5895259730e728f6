import type { Knex } from 'knex';

/**
 * 创业担保贷款 applications carry the borrower's declaration (borrower type and category, jobs
 * created, renewals, 反担保 offered); the guarantee step checks it against the policy in force.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('loan_applications', (t) => {
    t.jsonb('startup_loan').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('loan_applications', (t) => {
    t.dropColumn('startup_loan');
  });
}
