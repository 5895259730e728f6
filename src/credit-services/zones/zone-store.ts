import type { DbOrTrx } from '../../db/database.js';
import { ZONE_NAMES, type Zone, type ZoneCode, type ZonePolicy } from './zone.js';

export interface ZoneCuration {
  intro: string;
  featuredProductIds: string[];
  policies: ZonePolicy[];
  updatedAt: Date;
  updatedBy: string;
}

export interface ZoneStore {
  find(tx: DbOrTrx, code: ZoneCode): Promise<Zone>;
  curate(tx: DbOrTrx, code: ZoneCode, curation: ZoneCuration): Promise<Zone>;
}

const COLUMNS = `code, intro, featured_product_ids as "featuredProductIds", policies, updated_at as "updatedAt"`;
const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const row = (r: Record<string, unknown>): Zone => ({
  code: r.code as ZoneCode,
  name: ZONE_NAMES[r.code as ZoneCode],
  intro: String(r.intro),
  featuredProductIds: json<string[]>(r.featuredProductIds),
  policies: json<ZonePolicy[]>(r.policies),
  updatedAt: r.updatedAt ? new Date(r.updatedAt as string) : null,
});

export const zoneStore: ZoneStore = {
  async find(tx, code) {
    return row((await tx.raw(`select ${COLUMNS} from credit_zones where code = ?`, [code])).rows[0]);
  },
  async curate(tx, code, c) {
    const result = await tx.raw(
      `update credit_zones set intro = ?, featured_product_ids = ?::jsonb, policies = ?::jsonb, updated_at = ?, updated_by = ? where code = ? returning ${COLUMNS}`,
      [c.intro, JSON.stringify(c.featuredProductIds), JSON.stringify(c.policies), c.updatedAt, c.updatedBy, code],
    );
    return row(result.rows[0]);
  },
};
