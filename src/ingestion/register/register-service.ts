import type { Db } from '../../db/database.js';
import type { Denominator, RegisterStore } from './register-store.js';

export interface RegisterServiceDeps {
  db: Db;
  register: RegisterStore;
}

/** Reads of the market-entity register that deliveries of category `register` load. */
export class RegisterService {
  constructor(private readonly deps: RegisterServiceDeps) {}

  denominators(): Promise<Denominator[]> {
    return this.deps.register.denominators(this.deps.db);
  }
}
