import type { Knex } from 'knex';

/**
 * A notice's text is queued only while its mobile had fewer than
 * `SMS_NOTIFICATIONS_MAX_PER_MOBILE_PER_HOUR` in the last hour (decision 0063): one indexed count
 * over the notification texts of one target (the mobile's digest).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index outbox_messages_notification_sms on outbox_messages (target, created_at) where channel = 'notification_sms'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index outbox_messages_notification_sms');
}
