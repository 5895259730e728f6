import type { Knex } from 'knex';
import type { ReadBy } from './consent.js';

/** The columns `withReader` adds to a row of a table with `institution_id`, `user_id` and `client_id`. */
export interface ReaderRow {
  institution_id: string;
  institution_name: string;
  user_id: string | null;
  user_display_name: string | null;
  client_id: string | null;
  client_name: string | null;
}

/**
 * Who made or attempted a read (the access log, the refused reads): the rows of `alias` with the
 * names of their institution, officer and machine client.
 */
export const withReader = (query: Knex.QueryBuilder, alias: string): Knex.QueryBuilder =>
  query
    .join('institutions as i', 'i.id', `${alias}.institution_id`)
    .leftJoin('users as u', 'u.id', `${alias}.user_id`)
    .leftJoin('institution_clients as c', 'c.client_id', `${alias}.client_id`)
    .select(`${alias}.*`, 'i.name as institution_name', 'u.display_name as user_display_name', 'c.name as client_name');

export const readerOf = (r: ReaderRow): ReadBy => ({
  institutionId: r.institution_id,
  institutionName: r.institution_name,
  userId: r.user_id,
  userDisplayName: r.user_display_name,
  clientId: r.client_id,
  clientName: r.client_name,
});
