import type { DbOrTrx } from '../../db/database.js';
import type { SelfReportedItem } from './self-reported.js';

export interface SelfReportedStore {
  /** Undefined when the enterprise has an identical current item (kind, title, content; a unique index, so also under concurrency). */
  insert(tx: DbOrTrx, item: Omit<SelfReportedItem, 'id' | 'withdrawnAt'>): Promise<SelfReportedItem | undefined>;
  /** The enterprise's current item identical to this one, if any; after a refused `insert`, the one that blocked it. */
  findCurrent(tx: DbOrTrx, item: Pick<SelfReportedItem, 'enterpriseId' | 'kind' | 'title' | 'content'>): Promise<SelfReportedItem | undefined>;
  /** Current (not withdrawn) items, oldest first. */
  current(tx: DbOrTrx, usccs: readonly string[]): Promise<SelfReportedItem[]>;
  /** Withdraws the enterprise's own item; undefined when there is no such current item. */
  withdraw(tx: DbOrTrx, enterpriseId: string, id: string, at: Date): Promise<SelfReportedItem | undefined>;
}

const COLUMNS = `id, enterprise_id as "enterpriseId", uscc, kind, title, content, commitment_text as "commitmentText",
  committed_by as "committedBy", committed_at as "committedAt", commitment_sm3 as "commitmentSm3", withdrawn_at as "withdrawnAt"`;

const row = (r: SelfReportedItem): SelfReportedItem => ({ ...r, committedAt: new Date(r.committedAt), withdrawnAt: r.withdrawnAt && new Date(r.withdrawnAt) });

export const selfReportedStore: SelfReportedStore = {
  async insert(tx, i) {
    const result = await tx.raw(
      `insert into self_reported_items (enterprise_id, uscc, kind, title, content, commitment_text, committed_by, committed_at, commitment_sm3)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (enterprise_id, kind, title, md5(content)) where withdrawn_at is null and not duplicate_before_rule do nothing
       returning ${COLUMNS}`,
      [i.enterpriseId, i.uscc, i.kind, i.title, i.content, i.commitmentText, i.committedBy, i.committedAt, i.commitmentSm3],
    );
    const r = (result.rows as SelfReportedItem[])[0];
    return r && row(r);
  },

  async findCurrent(tx, i) {
    const result = await tx.raw(
      `select ${COLUMNS} from self_reported_items
       where enterprise_id = ? and kind = ? and title = ? and content = ? and withdrawn_at is null
       order by duplicate_before_rule, committed_at limit 1`,
      [i.enterpriseId, i.kind, i.title, i.content],
    );
    const r = (result.rows as SelfReportedItem[])[0];
    return r && row(r);
  },

  async current(tx, usccs) {
    const result = await tx.raw(
      `select ${COLUMNS} from self_reported_items
       where uscc in (select u::char(18) from jsonb_array_elements_text(?::jsonb) as u) and withdrawn_at is null
       order by committed_at, id`,
      [JSON.stringify(usccs)],
    );
    return (result.rows as SelfReportedItem[]).map(row);
  },

  async withdraw(tx, enterpriseId, id, at) {
    const result = await tx.raw(
      `update self_reported_items set withdrawn_at = ? where id = ? and enterprise_id = ? and withdrawn_at is null returning ${COLUMNS}`,
      [at, id, enterpriseId],
    );
    const r = (result.rows as SelfReportedItem[])[0];
    return r && row(r);
  },
};
