import type { Knex } from 'knex';

/**
 * Authorisation (授权): consent grants from an enterprise to one bank or guarantee company, the
 * access log every gated read writes, machine clients of institutions (client credentials with
 * up to two live secrets for rotation) and each institution's webhook endpoint.
 *
 * A grant's terms are immutable (a trigger refuses any change to them); only its use counters
 * and its one-way end (ACTIVE → REVOKED | EXPIRED | TERMINATED) may change. Access-log rows are
 * append-only and SM3 hash-chained by a sealer in `chain_seq` order.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('institutions', (t) => {
    t.text('webhook_url').nullable();
    t.text('webhook_secret_enc').nullable();
  });

  await knex.schema.createTable('consent_grants', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('enterprise_id').notNullable().references('enterprises.id');
    // The grantor's USCC beside its id: the gate finds grants by the USCC an institution asks
    // for without touching enterprises (fewer relations locked on the hottest statement).
    t.specificType('enterprise_uscc', 'char(18)').notNullable();
    t.uuid('grantee_institution_id').notNullable().references('institutions.id');
    t.specificType('scopes', 'text[]').notNullable();
    t.text('purpose').notNullable().checkIn(['loan_application', 'pre_credit', 'post_loan_monitoring']);
    t.uuid('application_id').nullable();
    t.timestamp('valid_from', { useTz: true }).notNullable();
    t.timestamp('valid_until', { useTz: true }).notNullable();
    t.text('fetch_type').notNullable().checkIn(['ONETIME', 'PERIODIC']);
    t.text('frequency_unit').nullable().checkIn(['HOUR', 'DAY', 'WEEK', 'MONTH']);
    t.integer('frequency_value').nullable();
    t.text('artefact').notNullable();
    t.text('artefact_signature').notNullable();
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.text('status').notNullable().defaultTo('ACTIVE').checkIn(['ACTIVE', 'REVOKED', 'EXPIRED', 'TERMINATED']);
    t.text('ended_by_kind').nullable().checkIn(['enterprise', 'institution', 'system']);
    t.text('ended_by').nullable();
    t.timestamp('ended_at', { useTz: true }).nullable();
    t.text('end_reason').nullable();
    t.index(['enterprise_uscc', 'grantee_institution_id']);
    t.index(['grantee_institution_id', 'status']);
  });
  await knex.raw(`
    alter table consent_grants
      add constraint consent_grants_scopes_nonempty check (cardinality(scopes) > 0),
      add constraint consent_grants_validity check (valid_until > valid_from),
      add constraint consent_grants_frequency check (
        (fetch_type = 'ONETIME' and frequency_unit is null and frequency_value is null) or
        (fetch_type = 'PERIODIC' and frequency_unit is not null and frequency_value between 1 and 1000)),
      add constraint consent_grants_end check (
        (status = 'ACTIVE') = (ended_at is null) and (status = 'ACTIVE') = (ended_by_kind is null))`);
  await knex.raw(`
    create function consent_grants_guard() returns trigger language plpgsql as $$
    begin
      if (new.id, new.enterprise_id, new.enterprise_uscc, new.grantee_institution_id, new.scopes, new.purpose, new.application_id,
          new.valid_from, new.valid_until, new.fetch_type, new.frequency_unit, new.frequency_value,
          new.artefact, new.artefact_signature, new.created_by, new.created_at)
         is distinct from
         (old.id, old.enterprise_id, old.enterprise_uscc, old.grantee_institution_id, old.scopes, old.purpose, old.application_id,
          old.valid_from, old.valid_until, old.fetch_type, old.frequency_unit, old.frequency_value,
          old.artefact, old.artefact_signature, old.created_by, old.created_at) then
        raise exception 'consent grant % is immutable: a change needs a new grant', old.id using errcode = 'P0001';
      end if;
      if old.status <> 'ACTIVE' and (new.status, new.ended_at, new.ended_by, new.ended_by_kind, new.end_reason)
         is distinct from (old.status, old.ended_at, old.ended_by, old.ended_by_kind, old.end_reason) then
        raise exception 'consent grant % has ended (%)', old.id, old.status using errcode = 'P0001';
      end if;
      return new;
    end $$`);
  await knex.raw(`create trigger consent_grants_guard before update on consent_grants for each row execute function consent_grants_guard()`);
  await knex.raw(`
    create function consent_grants_no_delete() returns trigger language plpgsql as $$
    begin
      raise exception 'consent grants are kept for the audit trail' using errcode = 'P0001';
    end $$`);
  await knex.raw(`create trigger consent_grants_no_delete before delete on consent_grants for each row execute function consent_grants_no_delete()`);

  // Use counters live apart from the immutable grant row: reads update this narrow row only
  // (fillfactor 50 keeps those updates HOT), never the grant.
  await knex.schema.createTable('consent_grant_usage', (t) => {
    t.uuid('grant_id').primary().references('consent_grants.id');
    t.integer('use_count').notNullable().defaultTo(0);
    t.timestamp('last_used_at', { useTz: true }).nullable();
    t.timestamp('window_start', { useTz: true }).nullable();
    t.integer('window_count').notNullable().defaultTo(0);
  });
  await knex.raw('alter table consent_grant_usage set (fillfactor = 50)');

  await knex.schema.createTable('consent_access_log', (t) => {
    t.bigIncrements('id');
    // grant, enterprise and institution are copied from the consumed grant in the gate statement
    // (and grants are never deleted), so no foreign keys: each would cost the hot insert a row
    // lock, and the institution one would make every insert share-lock the same row.
    t.uuid('grant_id').notNullable();
    t.uuid('enterprise_id').notNullable();
    t.uuid('institution_id').notNullable();
    t.uuid('user_id').nullable();
    t.uuid('client_id').nullable();
    t.specificType('scopes', 'text[]').notNullable();
    t.text('purpose').notNullable();
    t.text('request_id').notNullable();
    t.timestamp('accessed_at', { useTz: true }).notNullable();
    t.bigInteger('chain_seq').nullable();
    t.text('prev_hash').nullable();
    t.text('row_hash').nullable();
    t.index(['enterprise_id', 'accessed_at']);
  });
  // Partial on both sides, so the hot insert (chain_seq still null) touches only the unsealed index.
  await knex.raw(`create unique index consent_access_log_chain on consent_access_log (chain_seq) where chain_seq is not null`);
  await knex.raw(`create index consent_access_log_unsealed on consent_access_log (id) where chain_seq is null`);
  await knex.raw(`
    create function consent_access_log_guard() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'the access log is append-only' using errcode = 'P0001';
      end if;
      if old.chain_seq is not null
         or (new.id, new.grant_id, new.enterprise_id, new.institution_id, new.user_id, new.client_id, new.scopes,
             new.purpose, new.request_id, new.accessed_at)
            is distinct from
            (old.id, old.grant_id, old.enterprise_id, old.institution_id, old.user_id, old.client_id, old.scopes,
             old.purpose, old.request_id, old.accessed_at) then
        raise exception 'the access log is append-only; only sealing may set the chain columns once' using errcode = 'P0001';
      end if;
      return new;
    end $$`);
  await knex.raw(
    `create trigger consent_access_log_guard before update or delete on consent_access_log for each row execute function consent_access_log_guard()`,
  );

  await knex.schema.createTable('institution_clients', (t) => {
    t.uuid('client_id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('institution_id').notNullable().references('institutions.id');
    t.text('name').notNullable();
    t.specificType('scopes', 'text[]').notNullable();
    t.text('status').notNullable().defaultTo('active').checkIn(['active', 'disabled']);
    t.uuid('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['institution_id']);
  });
  await knex.schema.createTable('institution_client_secrets', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('client_id').notNullable().references('institution_clients.client_id');
    t.text('secret_hash').notNullable();
    t.text('hint').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('revoked_at', { useTz: true }).nullable();
    t.index(['client_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('institution_client_secrets');
  await knex.schema.dropTable('institution_clients');
  await knex.schema.dropTable('consent_access_log');
  await knex.raw('drop function consent_access_log_guard');
  await knex.schema.dropTable('consent_grant_usage');
  await knex.schema.dropTable('consent_grants');
  await knex.raw('drop function consent_grants_guard');
  await knex.raw('drop function consent_grants_no_delete');
  await knex.schema.alterTable('institutions', (t) => {
    t.dropColumn('webhook_secret_enc');
    t.dropColumn('webhook_url');
  });
}
