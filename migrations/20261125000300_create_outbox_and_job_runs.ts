import type { Knex } from 'knex';

/**
 * The transactional outbox: every state change that must reach a bank, a guarantee company, an
 * enterprise webhook or the national platform writes a row here in the same transaction; the
 * relay delivers it at least once. `outbox_attempts` keeps one row per delivery attempt (its
 * unique key proves no attempt is made twice). `job_runs` lets scheduled jobs run once per time
 * bucket across app instances.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('outbox_messages', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.text('channel').notNullable();
    t.text('target').notNullable();
    t.text('topic').notNullable();
    t.text('message_key').notNullable().unique();
    t.jsonb('payload').notNullable();
    t.text('status').notNullable().defaultTo('pending').checkIn(['pending', 'delivered', 'dead']);
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('max_attempts').notNullable().defaultTo(10);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('lease_until', { useTz: true }).nullable();
    t.text('last_error').nullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('delivered_at', { useTz: true }).nullable();
  });
  await knex.raw(`create index outbox_messages_due on outbox_messages (next_attempt_at) where status = 'pending'`);

  await knex.schema.createTable('outbox_attempts', (t) => {
    t.bigIncrements('id');
    t.uuid('message_id').notNullable().references('outbox_messages.id');
    t.integer('attempt').notNullable();
    t.text('instance_id').notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('finished_at', { useTz: true }).nullable();
    t.text('outcome').nullable().checkIn(['delivered', 'failed', 'dead']);
    t.text('error').nullable();
    t.unique(['message_id', 'attempt']);
  });

  await knex.schema.createTable('job_runs', (t) => {
    t.text('job_id').notNullable();
    t.timestamp('bucket', { useTz: true }).notNullable();
    t.text('instance_id').notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('finished_at', { useTz: true }).nullable();
    t.text('error').nullable();
    t.primary(['job_id', 'bucket']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('job_runs');
  await knex.schema.dropTable('outbox_attempts');
  await knex.schema.dropTable('outbox_messages');
}
