import type { Knex } from 'knex';

/**
 * Lending: loan products (banks draft, the admin publishes), loan applications with their
 * immutable transition events, the disbursement/repayment ledger, financing demands (抢单),
 * inbound bank callbacks (deduplicated on the bank's event id) and the log of refused callbacks.
 * Status is written only by the application service; `version` carries optimistic locking.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('loan_products', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('bank_id').notNullable().references('institutions.id');
    t.text('name').notNullable();
    t.text('description').notNullable().defaultTo('');
    t.decimal('min_amount', 18, 2).notNullable();
    t.decimal('max_amount', 18, 2).notNullable();
    t.integer('min_term_months').notNullable();
    t.integer('max_term_months').notNullable();
    t.decimal('min_rate', 7, 4).notNullable();
    t.decimal('max_rate', 7, 4).notNullable();
    t.text('guarantee_type').notNullable().checkIn(['credit', 'guarantee', 'mortgage', 'pledge', 'guarantee_company']);
    t.jsonb('eligibility').notNullable().defaultTo('[]');
    t.specificType('region_code', 'char(6)').nullable();
    t.jsonb('zone_tags').notNullable().defaultTo('[]');
    t.text('status').notNullable().defaultTo('draft').checkIn(['draft', 'published', 'withdrawn']);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('published_at', { useTz: true }).nullable();
    t.index(['status', 'bank_id']);
  });
  await knex.raw(`alter table loan_products add constraint loan_products_ranges check (
    min_amount > 0 and min_amount <= max_amount and min_term_months >= 1 and min_term_months <= max_term_months
    and min_rate >= 0 and min_rate <= max_rate)`);

  await knex.schema.createTable('loan_applications', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('enterprise_id').notNullable().references('enterprises.id');
    t.uuid('bank_id').notNullable().references('institutions.id');
    t.uuid('product_id').nullable().references('loan_products.id');
    t.decimal('amount', 18, 2).notNullable();
    t.integer('term_months').notNullable();
    t.text('purpose').notNullable();
    t.text('status').notNullable();
    t.integer('version').notNullable().defaultTo(1);
    t.boolean('first_loan').notNullable().defaultTo(false);
    t.uuid('consent_grant_id').nullable();
    t.text('bank_reference').nullable();
    t.decimal('approved_amount', 18, 2).nullable();
    t.decimal('approved_rate', 7, 4).nullable();
    t.integer('approved_term_months').nullable();
    t.text('rejection_reason').nullable();
    t.text('action_type').nullable();
    t.text('bank_note').nullable();
    t.decimal('disbursed_amount', 18, 2).notNullable().defaultTo(0);
    t.decimal('repaid_amount', 18, 2).notNullable().defaultTo(0);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('submitted_at', { useTz: true }).nullable();
    t.timestamp('accepted_at', { useTz: true }).nullable();
    t.timestamp('decided_at', { useTz: true }).nullable();
    t.timestamp('last_bank_contact_at', { useTz: true }).nullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['bank_id', 'status']);
    t.index(['enterprise_id']);
  });
  await knex.raw(`alter table loan_applications add constraint loan_applications_status check (status in (
    'DRAFT','SUBMITTED','ACCEPTED','UNDER_REVIEW','ACTION_REQUIRED','APPROVED','REJECTED','CONTRACTED',
    'DISBURSED','REPAYING','CLOSED','DEFAULTED','WITHDRAWN','EXPIRED'))`);

  await knex.schema.createTable('loan_application_events', (t) => {
    t.bigIncrements('id');
    t.uuid('application_id').notNullable().references('loan_applications.id');
    t.text('from_status').nullable();
    t.text('to_status').notNullable();
    t.text('action').notNullable();
    t.text('actor_type').notNullable().checkIn(['enterprise', 'bank_officer', 'bank_system', 'system']);
    t.text('actor_id').notNullable();
    t.text('reason').nullable();
    t.jsonb('details').notNullable().defaultTo('{}');
    t.timestamp('occurred_at', { useTz: true }).notNullable();
    t.index(['application_id', 'id']);
  });
  // Events are history: nobody updates or deletes them.
  await knex.raw(`create function loan_application_events_immutable() returns trigger language plpgsql as $$
    begin raise exception 'loan_application_events rows are immutable'; end $$`);
  await knex.raw(`create trigger loan_application_events_no_change before update or delete on loan_application_events
    for each row execute function loan_application_events_immutable()`);

  await knex.schema.createTable('loan_ledger_entries', (t) => {
    t.bigIncrements('id');
    t.uuid('application_id').notNullable().references('loan_applications.id');
    t.text('kind').notNullable().checkIn(['disbursement', 'repayment']);
    t.text('reference').notNullable();
    t.decimal('amount', 18, 2).notNullable();
    t.date('occurred_on').notNullable();
    t.timestamp('recorded_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['application_id', 'kind', 'reference']);
  });

  await knex.schema.createTable('financing_demands', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('enterprise_id').notNullable().references('enterprises.id');
    t.decimal('amount', 18, 2).notNullable();
    t.integer('term_months').notNullable();
    t.text('purpose').notNullable();
    t.text('status').notNullable().defaultTo('open').checkIn(['open', 'accepted', 'withdrawn']);
    t.uuid('accepted_by_bank_id').nullable().references('institutions.id');
    t.uuid('application_id').nullable().references('loan_applications.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('accepted_at', { useTz: true }).nullable();
    t.index(['status', 'created_at']);
  });

  await knex.schema.createTable('bank_callbacks', (t) => {
    t.bigIncrements('id');
    t.text('bank_code').notNullable();
    t.text('event_id').notNullable();
    t.text('fingerprint').notNullable();
    t.uuid('application_id').nullable();
    t.text('outcome').notNullable();
    t.jsonb('result').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['bank_code', 'event_id']);
  });

  await knex.schema.createTable('bank_callback_rejections', (t) => {
    t.bigIncrements('id');
    t.text('bank_code').notNullable();
    t.text('reason').notNullable();
    t.text('remote_address').nullable();
    t.text('body_sm3').notNullable();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('bank_callback_rejections');
  await knex.schema.dropTable('bank_callbacks');
  await knex.schema.dropTable('financing_demands');
  await knex.schema.dropTable('loan_ledger_entries');
  await knex.raw('drop trigger loan_application_events_no_change on loan_application_events');
  await knex.raw('drop function loan_application_events_immutable()');
  await knex.schema.dropTable('loan_application_events');
  await knex.schema.dropTable('loan_applications');
  await knex.schema.dropTable('loan_products');
}
