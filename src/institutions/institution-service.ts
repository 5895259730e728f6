import type { Db } from '../db/database.js';
import type { InstitutionType } from '../platform/roles.js';
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
}
