import type { Db, DbOrTrx } from '../../db/database.js';
import type { MarketEntity } from '../../enterprises/market-entity.js';
import type { Denominator, RegisterStore } from './register-store.js';

export interface RegisterServiceDeps {
  db: Db;
  register: RegisterStore;
}

/** Reads of the market-entity register that deliveries of category `register` load. */
export class RegisterService {
  constructor(private readonly deps: RegisterServiceDeps) {}

  /** Register entries by USCC (the profile service's only way to the register); an unknown USCC is left out. */
  async registerEntries(tx: DbOrTrx, usccs: readonly string[]): Promise<Map<string, MarketEntity>> {
    return new Map((await this.deps.register.findMany(tx, usccs)).map((e) => [e.uscc, e]));
  }

  denominators(): Promise<Denominator[]> {
    return this.deps.register.denominators(this.deps.db);
  }
}
