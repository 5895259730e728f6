import type { Knex } from 'knex';

/**
 * Refused bank callbacks are kept only up to a limit per bank in a window (decision 0045): the
 * callback endpoint needs no credentials, so without one anybody who knows a bank code could
 * grow `bank_callback_rejections` without end. The insert counts the bank's recent rows first.
 */
const INDEX = 'bank_callback_rejections_bank_code_received_at_index';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index ${INDEX} on bank_callback_rejections (bank_code, received_at)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop index ${INDEX}`);
}
