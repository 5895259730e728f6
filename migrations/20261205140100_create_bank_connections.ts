import type { Knex } from 'knex';

/**
 * Bank connections as data (issue 13): how the platform reaches each bank's system — the wire
 * protocol (an adapter identifier), its non-secret options, the secrets (SM4-encrypted JSON,
 * `sm4k:<keyId>:…`, rotated by `npm run reencrypt`) and the bank's SM2 public key — with the last
 * connection test and the last successful exchange. "已对接" is computed from these rows, so the
 * seeded `institutions.connected` flag goes.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table bank_connections (
      id uuid primary key default gen_random_uuid(),
      institution_id uuid not null unique references institutions(id),
      protocol text not null,
      options jsonb not null,
      secrets_enc text not null,
      bank_public_key text,
      version integer not null default 1,
      updated_at timestamptz not null,
      updated_by text not null,
      last_test_at timestamptz,
      last_test_ok boolean,
      last_test_message text,
      last_test_ms integer,
      last_success_at timestamptz
    )`);
  await knex.raw('alter table institutions drop column connected');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('alter table institutions add column connected boolean not null default false');
  await knex.raw('drop table bank_connections');
}
