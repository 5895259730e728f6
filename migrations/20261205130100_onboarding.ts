import type { Knex } from 'knex';

/**
 * Onboarding (issue 13): institutions get a lifecycle (active / suspended), a parent (a bank's
 * branch tree) and the bank's 金融机构编码; every change to an institution is a proposal another
 * admin decides (maker-checker) and stays as its audit row (before / after). People get a
 * position (岗位), an SM4-encrypted mobile for password reset, and a flag forcing a password change
 * at first login. Invitations and SMS codes are stored as SM3 digests only.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('institutions', (t) => {
    t.text('status').notNullable().defaultTo('active').checkIn(['active', 'suspended']);
    t.uuid('parent_id').nullable().references('institutions.id');
    t.text('financial_code').nullable().unique();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('institution_changes', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('institution_id').nullable().references('institutions.id');
    t.text('action').notNullable().checkIn(['create', 'update', 'suspend', 'reinstate']);
    t.text('status').notNullable().defaultTo('pending').checkIn(['pending', 'approved', 'rejected']);
    t.jsonb('proposal').notNullable();
    t.jsonb('before').nullable();
    t.jsonb('after').nullable();
    t.text('reason').nullable();
    t.uuid('proposed_by').notNullable().references('users.id');
    t.timestamp('proposed_at', { useTz: true }).notNullable();
    t.uuid('decided_by').nullable().references('users.id');
    t.timestamp('decided_at', { useTz: true }).nullable();
    t.index(['status', 'proposed_at']);
    t.index(['institution_id', 'proposed_at']);
  });
  await knex.raw('alter table institution_changes add constraint institution_changes_four_eyes check (decided_by is null or decided_by <> proposed_by)');

  await knex.schema.alterTable('users', (t) => {
    t.text('position').nullable().checkIn(['officer', 'reviewer', 'institution_admin']);
    t.text('mobile_enc').nullable();
    t.boolean('must_change_password').notNullable().defaultTo(false);
  });
  await knex('users').whereNotNull('institution_id').update({ position: 'officer' });
  await knex.raw(`alter table users add constraint users_position_institution check (position is null or institution_id is not null)`);

  await knex.schema.createTable('invitations', (t) => {
    t.uuid('id').primary().defaultTo(knex.raw('gen_random_uuid()'));
    t.uuid('institution_id').notNullable().references('institutions.id');
    t.text('username').notNullable();
    t.text('display_name').notNullable();
    t.text('mobile_enc').notNullable();
    t.text('position').notNullable().checkIn(['officer', 'reviewer', 'institution_admin']);
    t.text('token_hash').notNullable().unique();
    t.uuid('invited_by').notNullable().references('users.id');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.timestamp('accepted_at', { useTz: true }).nullable();
    t.uuid('user_id').nullable().references('users.id');
    t.index(['institution_id', 'created_at']);
  });

  await knex.schema.createTable('sms_codes', (t) => {
    t.bigIncrements('id');
    t.text('mobile_hash').notNullable();
    t.text('purpose').notNullable();
    t.text('code_hash').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('expires_at', { useTz: true }).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('consumed_at', { useTz: true }).nullable();
    t.index(['mobile_hash', 'purpose', 'created_at']);
  });

  await knex.schema.createTable('sms_simulator_messages', (t) => {
    t.bigIncrements('id');
    t.text('mobile_hash').notNullable();
    t.text('mobile_masked').notNullable();
    t.text('content').notNullable();
    t.timestamp('sent_at', { useTz: true }).notNullable();
    t.index(['mobile_hash', 'sent_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('sms_simulator_messages');
  await knex.schema.dropTable('sms_codes');
  await knex.schema.dropTable('invitations');
  await knex.raw('alter table users drop constraint users_position_institution');
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('position');
    t.dropColumn('mobile_enc');
    t.dropColumn('must_change_password');
  });
  await knex.schema.dropTable('institution_changes');
  await knex.schema.alterTable('institutions', (t) => {
    t.dropColumn('status');
    t.dropColumn('parent_id');
    t.dropColumn('financial_code');
    t.dropColumn('updated_at');
  });
}
