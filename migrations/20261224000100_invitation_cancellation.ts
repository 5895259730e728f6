import type { Knex } from 'knex';

/**
 * 撤销邀请: an admin of the invitation's institution withdraws a link before it is used. Who and
 * when are kept on the row, as the approval of a new platform admin is. A link is accepted or
 * cancelled, never both: the check backs the service's row lock when the two race.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('invitations', (t) => {
    t.uuid('cancelled_by').nullable().references('users.id');
    t.timestamp('cancelled_at', { useTz: true }).nullable();
  });
  await knex.raw('alter table invitations add constraint invitations_cancelled_by_whom check ((cancelled_at is null) = (cancelled_by is null))');
  await knex.raw('alter table invitations add constraint invitations_accepted_or_cancelled check (accepted_at is null or cancelled_at is null)');
}

export async function down(knex: Knex): Promise<void> {
  // Without the columns a cancelled link would work again until it expires: expire it instead.
  await knex.raw('update invitations set expires_at = cancelled_at where cancelled_at is not null and expires_at > cancelled_at');
  await knex.raw('alter table invitations drop constraint invitations_accepted_or_cancelled');
  await knex.raw('alter table invitations drop constraint invitations_cancelled_by_whom');
  await knex.schema.alterTable('invitations', (t) => {
    t.dropColumn('cancelled_at');
    t.dropColumn('cancelled_by');
  });
}
