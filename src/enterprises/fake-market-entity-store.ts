import type { MarketEntity } from './market-entity.js';
import type { MarketEntityStore } from './market-entity-store.js';

export class FakeMarketEntityStore implements MarketEntityStore {
  readonly rows = new Map<string, MarketEntity>();
  readonly districtNames = new Map<string, string>();

  async findByUscc(_tx: unknown, uscc: string) {
    return this.rows.get(uscc);
  }
  async insertMany(_tx: unknown, entities: readonly MarketEntity[]) {
    for (const e of entities) this.rows.set(e.uscc, e);
  }
  async districtName(_tx: unknown, code: string) {
    return this.districtNames.get(code) ?? null;
  }
  async districts() {
    return [...this.districtNames.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([code, name]) => ({ code, name }));
  }
  async count() {
    return this.rows.size;
  }
}
