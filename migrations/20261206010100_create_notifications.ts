import type { Knex } from 'knex';

/**
 * 站内消息 and 通知设置 (issue 19): one row per message and recipient, unique per recipient and
 * `dedupe_key` so an event told twice (a repeated job run, a repeated bank report) is stored once;
 * a user's channel choices per event kind, only where they differ from the defaults.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notifications', (t) => {
    t.bigIncrements('id').primary();
    t.uuid('public_id').notNullable().unique().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('user_id').notNullable().references('users.id');
    t.text('kind').notNullable();
    t.text('title').notNullable();
    t.text('body').notNullable();
    t.text('link').nullable();
    t.text('dedupe_key').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('read_at', { useTz: true }).nullable();
    t.unique(['user_id', 'dedupe_key']);
  });
  await knex.raw('create index notifications_inbox on notifications (user_id, id desc)');
  await knex.raw('create index notifications_unread on notifications (user_id) where read_at is null');
  await knex.schema.createTable('notification_preferences', (t) => {
    t.uuid('user_id').notNullable().references('users.id');
    t.text('kind').notNullable();
    t.boolean('in_platform').notNullable();
    t.boolean('sms').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.primary(['user_id', 'kind']);
  });
  // The hourly 授权即将到期 run looks for active grants by their end.
  await knex.raw(`create index consent_grants_active_by_end on consent_grants (valid_until) where status = 'ACTIVE'`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index consent_grants_active_by_end');
  await knex.schema.dropTable('notification_preferences');
  await knex.schema.dropTable('notifications');
}
