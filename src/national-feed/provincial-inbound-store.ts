import type { DbOrTrx } from '../db/database.js';

export interface ProvincialNode {
  code: string;
  name: string;
  uscc: string;
  username: string;
}

/** 鄂融通, the Hubei provincial node. The USCC is a placeholder until the node's own is configured. */
export const PROVINCIAL_NODE: ProvincialNode = {
  code: 'HB_PROVINCIAL_NODE',
  name: '湖北省融资信用服务平台省级节点（鄂融通）',
  uscc: '12420000MB1P000000',
  username: 'system:provincial-node',
};

/** One item that came down from the provincial node, with its next-day-08:00 deadline. */
export interface InboundItem {
  id: number;
  itemId: string;
  kind: 'repair' | 'withdrawal' | 'data';
  category: string;
  recordKey: string | null;
  rows: number;
  receivedAt: Date;
  dueBy: Date;
  appliedAt: Date | null;
  outcome: string | null;
  error: string | null;
}

const toItem = (r: Record<string, unknown>): InboundItem => ({
  id: Number(r.id),
  itemId: r.item_id as string,
  kind: r.kind as InboundItem['kind'],
  category: r.category as string,
  recordKey: r.record_key as string | null,
  rows: Number(r.rows),
  receivedAt: r.received_at as Date,
  dueBy: r.due_by as Date,
  appliedAt: r.applied_at as Date | null,
  outcome: r.outcome as string | null,
  error: r.error as string | null,
});

export const provincialInboundStore = {
  /** Records the item once; returns it (new or as first recorded). */
  async receive(tx: DbOrTrx, item: Omit<InboundItem, 'id' | 'appliedAt' | 'outcome' | 'error'>): Promise<InboundItem> {
    await tx('provincial_inbound_items')
      .insert({ item_id: item.itemId, kind: item.kind, category: item.category, record_key: item.recordKey, rows: item.rows, received_at: item.receivedAt, due_by: item.dueBy })
      .onConflict('item_id')
      .ignore();
    return toItem(await tx('provincial_inbound_items').where({ item_id: item.itemId }).first());
  },

  async finish(tx: DbOrTrx, id: number, done: { appliedAt: Date | null; outcome: string | null; error: string | null }): Promise<void> {
    await tx('provincial_inbound_items').where({ id }).update({ applied_at: done.appliedAt, outcome: done.outcome, error: done.error });
  },

  /** Where the next pull continues: after the last item of the applied prefix, so failed items come again. */
  async cursor(tx: DbOrTrx): Promise<string | null> {
    const firstOpen = tx('provincial_inbound_items').whereNull('applied_at').min('id');
    const row = (await tx('provincial_inbound_items')
      .where('id', '<', tx.raw('coalesce((?), 9223372036854775807)', [firstOpen]))
      .orderBy('id', 'desc')
      .first('item_id')) as { item_id: string } | undefined;
    return row?.item_id ?? null;
  },

  async list(tx: DbOrTrx, limit: number): Promise<InboundItem[]> {
    return ((await tx('provincial_inbound_items').orderBy('id', 'desc').limit(limit)) as Record<string, unknown>[]).map(toItem);
  },

  /**
   * The provincial node as a data-source institution (the provenance of what it sends down)
   * and its system account (disabled, no usable password: it cannot log in), created the
   * first time the node sends something.
   */
  /** The node's institution and system account; `created` on the first contact. */
  async ensureNode(tx: DbOrTrx, node: ProvincialNode): Promise<{ institutionId: string; userId: string; created: boolean }> {
    const inserted = await tx('institutions').insert({ code: node.code, name: node.name, type: 'data_source', uscc: node.uscc }).onConflict('code').ignore().returning('id');
    await tx('users').insert({ username: node.username, password_hash: '!', role: 'admin', display_name: `${node.name}（系统）`, status: 'disabled' }).onConflict('username').ignore();
    const institution = (await tx('institutions').where({ code: node.code }).first('id')) as { id: string };
    const user = (await tx('users').where({ username: node.username }).first('id')) as { id: string };
    return { institutionId: institution.id, userId: user.id, created: inserted.length > 0 };
  },
};

export type ProvincialInboundStore = typeof provincialInboundStore;
