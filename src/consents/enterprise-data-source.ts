import type { DbOrTrx } from '../db/database.js';
import { preparedQuery } from '../db/prepared-query.js';
import type { ConsentScope } from './consent.js';

export interface DataSubject {
  enterpriseId: string;
  uscc: string;
}

/**
 * Where the consent gate reads enterprise data from. Only the gate holds a data source, so no
 * institution can reach the data without passing it. `read` returns one section per scope it
 * serves; a scope it does not serve is left out (the gate reports it as unavailable).
 */
export interface EnterpriseDataSource {
  read(db: DbOrTrx, subject: DataSubject, scopes: readonly ConsentScope[]): Promise<Partial<Record<ConsentScope, unknown>>>;
}

/** The `register` section: the market-entity register entry and the platform account. */
export interface RegisterSection {
  uscc: string;
  name: string;
  entityType: string;
  legalRepresentative: string;
  districtCode: string;
  status: string;
  establishedOn: string;
  /** 注册资本, decimal string in 元. */
  registeredCapital: string;
  industry: string | null;
  /** When the enterprise registered on this platform. */
  platformRegisteredAt: string;
}

interface RegisterRow {
  uscc: string;
  name: string;
  entity_type: string;
  legal_representative: string;
  district_code: string;
  status: string;
  established_on: string;
  registered_capital: string;
  industry: string | null;
  registered_at: Date;
}

const REGISTER_SQL = `
  select m.uscc, m.name, m.entity_type, m.legal_representative, m.district_code, m.status, m.established_on,
         m.registered_capital, m.industry, e.registered_at
    from enterprises e join market_entities m on m.uscc = e.uscc
   where e.id = ?`;

/**
 * The data that exists today: the market-entity register (`register` scope) joined with the
 * enterprise's platform record. Credit-profile categories plug in as further sources.
 */
export const registerDataSource: EnterpriseDataSource = {
  async read(db, subject, scopes) {
    if (!scopes.includes('register')) return {};
    const [r] = await preparedQuery<RegisterRow>(db, 'consent_source_register', REGISTER_SQL, [subject.enterpriseId]);
    if (!r) return {};
    const register: RegisterSection = {
      uscc: r.uscc,
      name: r.name,
      entityType: r.entity_type,
      legalRepresentative: r.legal_representative,
      districtCode: r.district_code,
      status: r.status,
      establishedOn: r.established_on,
      registeredCapital: r.registered_capital,
      industry: r.industry,
      platformRegisteredAt: r.registered_at.toISOString(),
    };
    return { register };
  },
};
