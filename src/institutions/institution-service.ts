import type { Db, DbOrTrx } from '../db/database.js';
import { LENDER_ROLES, roleOfInstitutionType, type InstitutionType, type Role } from '../platform/roles.js';
import type { Institution, InstitutionRecord } from './institution.js';
import type { InstitutionStore } from './institution-store.js';

/** Which banks are 已对接 now: computed by the bank connections (wired in services.ts). */
export type ConnectedBanks = (tx: DbOrTrx) => Promise<ReadonlySet<string>>;

export class InstitutionService {
  constructor(
    private readonly db: Db,
    private readonly institutions: InstitutionStore,
    private readonly connectedBanks: ConnectedBanks,
  ) {}

  async list(filter: { type?: InstitutionType } = {}): Promise<Institution[]> {
    const [rows, connected] = await Promise.all([this.institutions.list(this.db, filter), this.connectedBanks(this.db)]);
    return rows.map((row) => ({ ...row, connected: connected.has(row.id) }));
  }

  async findById(tx: DbOrTrx, id: string): Promise<Institution | undefined> {
    const row = await this.institutions.findById(tx, id);
    return row && { ...row, connected: row.type === 'bank' && (await this.connectedBanks(tx)).has(row.id) };
  }

  /** A bank by id; undefined for an unknown id or another kind of institution. */
  async findBank(tx: DbOrTrx, id: string): Promise<InstitutionRecord | undefined> {
    const institution = await this.institutions.findById(tx, id);
    return institution?.type === 'bank' ? institution : undefined;
  }

  async findBankByCode(tx: DbOrTrx, code: string): Promise<InstitutionRecord | undefined> {
    return (await this.institutions.list(tx, { type: 'bank' })).find((bank) => bank.code === code);
  }

  /** The role a machine client of this institution acts as; undefined when it may have none (not a lender). */
  async machineClientRole(institutionId: string): Promise<Role | undefined> {
    const institution = await this.institutions.findById(this.db, institutionId);
    const role = institution && roleOfInstitutionType(institution.type);
    return role && LENDER_ROLES.includes(role) ? role : undefined;
  }
}
