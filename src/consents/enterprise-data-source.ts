import type { DbOrTrx } from '../db/database.js';
import { preparedQuery } from '../db/prepared-query.js';
import type { ConsentScope } from './consent.js';

export interface DataSubject {
  enterpriseId: string;
  uscc: string;
}

export type ScopeSections = Partial<Record<ConsentScope, unknown>>;

/** The marker a SQL source returns when the gate must call its `read` instead. */
export const NEEDS_READ = '__needsRead';

/**
 * Where the consent gate reads enterprise data from. Only the gate holds a data source, so no
 * institution reaches the data without passing it. `read` returns one section per scope it
 * serves; a scope it does not serve is left out (the gate reports it as unavailable).
 *
 * A source that lives in the platform database may also offer `sql`: the same read as one SQL
 * expression over `gate.enterprise_id` (uuid), `gate.uscc` (char(18)) and `gate.scopes` (text[],
 * the scopes this read was allowed and logged for) yielding a json object keyed by scope. It
 * should read only the scopes in `gate.scopes`: the gate drops any other, but reading them costs.
 * The gate folds the expression into its own statement, so check, log and read are one round
 * trip and one snapshot. Any other source (e.g. a service) implements `read` only and costs a
 * second trip.
 * A SQL source that cannot answer from what is stored (e.g. a profile awaiting rebuild) yields
 * `{ "__needsRead": true }` instead; the gate then calls `read` for that request.
 */
export interface EnterpriseDataSource {
  read(db: DbOrTrx, subject: DataSubject, scopes: readonly ConsentScope[]): Promise<ScopeSections>;
  readonly sql?: string;
  /**
   * The keys `sql` yields when it yields anything, as a text[] expression over `gate.scopes`, for a
   * source that knows them without reading its answer: otherwise the gate reads them from the
   * answer, which means scanning all of its text.
   */
  readonly keysSql?: string;
}

/** A source defined by its SQL expression; `read` runs the very same expression on its own. */
export function sqlDataSource(name: string, sql: string): EnterpriseDataSource {
  const standalone = `select (${sql}) as data
    from (select cast(? as uuid) as enterprise_id, cast(? as char(18)) as uscc, cast(? as text[]) as scopes) as gate`;
  return {
    sql,
    async read(db, subject, scopes) {
      const [row] = await preparedQuery<{ data: ScopeSections | null }>(db, `consent_source_${name}`, standalone, [
        subject.enterpriseId,
        subject.uscc,
        [...scopes],
      ]);
      return row?.data ?? {};
    },
  };
}

/** The `register` section: the market-entity register entry and the platform account. */
export interface RegisterSection {
  uscc: string;
  name: string;
  entityType: string;
  legalRepresentative: string;
  districtCode: string;
  status: string;
  /** YYYY-MM-DD */
  establishedOn: string;
  /** 注册资本, decimal string in 元. */
  registeredCapital: string;
  industry: string | null;
}

/**
 * The data that exists today: the market-entity register (`register` scope). Credit-profile
 * categories plug in as further sources.
 */
export const registerDataSource = sqlDataSource(
  'register',
  `select json_build_object('register', json_build_object(
            'uscc', m.uscc,
            'name', m.name,
            'entityType', m.entity_type,
            'legalRepresentative', m.legal_representative,
            'districtCode', m.district_code,
            'status', m.status,
            'establishedOn', to_char(m.established_on, 'YYYY-MM-DD'),
            'registeredCapital', m.registered_capital::text,
            'industry', m.industry))
     from market_entities m
    where m.uscc = gate.uscc`,
);
