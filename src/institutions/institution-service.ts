import type { Db, DbOrTrx } from '../db/database.js';
import { LENDER_ROLES, roleOfInstitutionType, type InstitutionType, type Role } from '../platform/roles.js';
import type { Institution } from './institution.js';
import type { InstitutionStore } from './institution-store.js';

export class InstitutionService {
  constructor(
    private readonly db: Db,
    private readonly institutions: InstitutionStore,
  ) {}

  list(filter: { type?: InstitutionType } = {}): Promise<Institution[]> {
    return this.institutions.list(this.db, filter);
  }

  findById(tx: DbOrTrx, id: string): Promise<Institution | undefined> {
    return this.institutions.findById(tx, id);
  }

  /** A bank by id; undefined for an unknown id or another kind of institution. */
  async findBank(tx: DbOrTrx, id: string): Promise<Institution | undefined> {
    const institution = await this.institutions.findById(tx, id);
    return institution?.type === 'bank' ? institution : undefined;
  }

  async findBankByCode(tx: DbOrTrx, code: string): Promise<Institution | undefined> {
    return (await this.institutions.list(tx, { type: 'bank' })).find((bank) => bank.code === code);
  }

  /** The role a machine client of this institution acts as; undefined when it may have none (not a lender). */
  async machineClientRole(institutionId: string): Promise<Role | undefined> {
    const institution = await this.institutions.findById(this.db, institutionId);
    const role = institution && roleOfInstitutionType(institution.type);
    return role && LENDER_ROLES.includes(role) ? role : undefined;
  }
}
