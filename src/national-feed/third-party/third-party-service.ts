import type { Db, DbOrTrx } from '../../db/database.js';
import type { CreditRecord } from '../../ingestion/records/credit-record.js';
import type { Clock } from '../../platform/clock.js';
import { supplement, type Supplement } from './supplement.js';
import type { ThirdPartyDataPort } from './third-party-port.js';
import type { ThirdPartyStore } from './third-party-store.js';

export interface ThirdPartyDeps {
  db: Db;
  port: ThirdPartyDataPort;
  store: ThirdPartyStore;
  clock: Clock;
  /** Government records usable for the enterprise (ingestion's `usableRecords`: repaired and withdrawn ones are gone). */
  usableRecords(tx: DbOrTrx, usccs: readonly string[], asOf: string): Promise<Map<string, CreditRecord[]>>;
}

/** Commercial data: fetched per enterprise, stored apart, and merged under government records (信用中国 prevails). */
export class ThirdPartyService {
  constructor(private readonly deps: ThirdPartyDeps) {}

  async refresh(uscc: string): Promise<number> {
    const records = await this.deps.port.lookup(uscc);
    await this.deps.db.transaction((tx) => this.deps.store.replaceFor(tx, this.deps.port.provider, uscc, records, this.deps.clock.now()));
    return records.length;
  }

  /** The enterprise's records as a profile may use them under a grant with `grantScopes`. */
  async recordsFor(uscc: string, grantScopes: readonly string[], asOf: string): Promise<Supplement> {
    const government = (await this.deps.usableRecords(this.deps.db, [uscc], asOf)).get(uscc) ?? [];
    return supplement(government, await this.deps.store.forUscc(this.deps.db, uscc), grantScopes);
  }
}
