import type { Knex } from 'knex';

/**
 * Issue 19: the dialogue on a loan application (补充材料 requests, the SME's answers and their
 * files, SM4-encrypted with their SM3 digest) and the assignment of applications to a branch and
 * an officer of the bank, with its history.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('application_messages', (t) => {
    t.bigIncrements('id');
    t.uuid('application_id').notNullable().references('loan_applications.id');
    t.text('kind').notNullable().checkIn(['material_request', 'answer']);
    t.text('author_type').notNullable().checkIn(['bank_officer', 'enterprise']);
    t.text('author_id').notNullable();
    t.jsonb('items').nullable();
    t.text('body').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['application_id', 'id']);
  });
  await knex.schema.createTable('application_documents', (t) => {
    t.bigIncrements('id');
    t.uuid('application_id').notNullable().references('loan_applications.id');
    // Null until the answer that carries the file is sent.
    t.bigInteger('message_id').nullable().references('application_messages.id');
    t.text('file_name').notNullable();
    t.text('media_type').notNullable().checkIn(['application/pdf', 'image/png', 'image/jpeg']);
    t.integer('size_bytes').notNullable();
    t.specificType('sm3', 'char(64)').notNullable();
    t.text('content_enc').notNullable();
    t.text('uploaded_by').notNullable();
    t.timestamp('uploaded_at', { useTz: true }).notNullable();
    t.index(['application_id', 'id']);
  });
  await knex.schema.createTable('application_assignments', (t) => {
    t.uuid('application_id').primary().references('loan_applications.id');
    t.text('branch').nullable();
    t.uuid('officer_id').notNullable().references('users.id');
    t.text('assigned_by').notNullable();
    t.timestamp('assigned_at', { useTz: true }).notNullable();
    t.index(['officer_id']);
  });
  await knex.schema.createTable('application_assignment_history', (t) => {
    t.bigIncrements('id');
    t.uuid('application_id').notNullable().references('loan_applications.id');
    t.text('branch').nullable();
    t.uuid('officer_id').notNullable().references('users.id');
    t.uuid('previous_officer_id').nullable();
    t.text('how').notNullable().checkIn(['assigned', 'reassigned', 'taken']);
    t.text('assigned_by').notNullable();
    t.timestamp('assigned_at', { useTz: true }).notNullable();
    t.index(['application_id', 'id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('application_assignment_history');
  await knex.schema.dropTable('application_assignments');
  await knex.schema.dropTable('application_documents');
  await knex.schema.dropTable('application_messages');
}
