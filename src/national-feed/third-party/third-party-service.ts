import type { Db, DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import type { ThirdPartyDataPort } from './third-party-port.js';
import type { StoredProviderRecord, ThirdPartyStore } from './third-party-store.js';

export interface ThirdPartyDeps {
  db: Db;
  port: ThirdPartyDataPort;
  store: ThirdPartyStore;
  clock: Clock;
  /** Profiles: rebuild the enterprise's profile, whose `third_party` section shows these facts. */
  markProfilesStale(tx: DbOrTrx, usccs: readonly string[]): Promise<void>;
}

/**
 * Commercial data: fetched per enterprise and stored apart from government credit records.
 * Profiles show it in their `third_party` section (第三方数据), under government records
 * (信用中国 prevails), and the consent gate serves that section only under a grant with it.
 */
export class ThirdPartyService {
  constructor(private readonly deps: ThirdPartyDeps) {}

  async refresh(uscc: string): Promise<number> {
    const records = await this.deps.port.lookup(uscc);
    await this.deps.db.transaction(async (tx) => {
      await this.deps.store.replaceFor(tx, this.deps.port.provider, uscc, records, this.deps.clock.now());
      await this.deps.markProfilesStale(tx, [uscc]);
    });
    return records.length;
  }

  /** Stored provider facts by USCC (a profile rebuild reads them in its own transaction). */
  async factsFor(tx: DbOrTrx, usccs: readonly string[]): Promise<Map<string, StoredProviderRecord[]>> {
    const out = new Map<string, StoredProviderRecord[]>();
    for (const fact of await this.deps.store.forUsccs(tx, usccs)) {
      const list = out.get(fact.uscc);
      if (list) list.push(fact);
      else out.set(fact.uscc, [fact]);
    }
    return out;
  }
}
