import type { Knex } from 'knex';

/**
 * The request id (X-Request-Id) of the request that wrote an outbox row, so the relay's log lines
 * for its delivery, on whichever instance delivers it, name the request that caused it. A partial
 * index on dead rows lets the metrics count them per channel without scanning delivered history.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox_messages', (t) => {
    t.text('request_id').nullable();
  });
  await knex.raw(`create index outbox_messages_dead on outbox_messages (channel) where status = 'dead'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index outbox_messages_dead');
  await knex.schema.alterTable('outbox_messages', (t) => {
    t.dropColumn('request_id');
  });
}
