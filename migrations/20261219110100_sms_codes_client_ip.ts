import type { Knex } from 'knex';

/**
 * The client address each SMS code was asked from, so codes can be limited per address as well as
 * per mobile: one client cycling through many mobiles could otherwise send texts without end.
 * Codes from before carry none and count for no address.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sms_codes', (t) => {
    t.text('client_ip').nullable();
    t.index(['client_ip', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sms_codes', (t) => {
    t.dropIndex(['client_ip', 'created_at']);
    t.dropColumn('client_ip');
  });
}
