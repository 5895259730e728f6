import type { Knex } from 'knex';

/**
 * 发送测试事件 is limited per institution (decision 0055), counted on the outbox rows of the test
 * events themselves: this partial index holds only those rows, so the count reads a handful of
 * entries however long the outbox is.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index outbox_messages_webhook_tests on outbox_messages (target, created_at) where channel = 'institution_webhook' and topic = 'webhook.test'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index outbox_messages_webhook_tests');
}
