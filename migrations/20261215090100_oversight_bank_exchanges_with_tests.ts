import type { Knex } from 'knex';

const DELIVERIES_AND_CALLBACKS = `select bank_code, max(at) as last_exchange_at from (
        select target as bank_code, max(delivered_at) as at from outbox_messages
          where channel = 'bank_adapter' and status = 'delivered' group by 1
        union all
        select bank_code, max(received_at) from bank_callbacks where outcome in ('applied', 'recorded', 'stale') group by 1) x
      group by 1`;

/**
 * 最近成功交互 on the financial office's pages also counts a passed 测试连接: bank-connections
 * calls a bank 已对接 from its first successful exchange of any kind, a signed test included
 * (`bank_connections.last_success_at`), and the office's figures now take 已对接 from that rule.
 * Without the test here, a bank connected only by its test showed 已对接 with no last exchange.
 */
const WITH_TESTS = `select bank_code, max(at) as last_exchange_at from (
        select target as bank_code, max(delivered_at) as at from outbox_messages
          where channel = 'bank_adapter' and status = 'delivered' group by 1
        union all
        select bank_code, max(received_at) from bank_callbacks where outcome in ('applied', 'recorded', 'stale') group by 1
        union all
        select i.code, c.last_success_at from bank_connections c join institutions i on i.id = c.institution_id
          where c.last_success_at is not null) x
      group by 1`;

async function recreate(knex: Knex, sql: string): Promise<void> {
  await knex.raw('drop materialized view oversight_bank_exchanges');
  await knex.raw(`create materialized view oversight_bank_exchanges as ${sql}`);
  await knex.raw('create unique index oversight_bank_exchanges_key on oversight_bank_exchanges (bank_code)');
}

export async function up(knex: Knex): Promise<void> {
  await recreate(knex, WITH_TESTS);
}

export async function down(knex: Knex): Promise<void> {
  await recreate(knex, DELIVERIES_AND_CALLBACKS);
}
