import type { DbOrTrx } from '../db/database.js';
import type { RiskPartyRole } from './risk-sharing.js';

export interface PartyShare {
  role: RiskPartyRole;
  label: string;
  amount: string;
}

export interface Recovery {
  reference: string;
  amount: string;
  receivedOn: string;
  shares: PartyShare[];
}

/** 代偿: a defaulted guarantee's loss, split among the parties, and the 追偿 recoveries against it. */
export interface Compensation {
  id: string;
  guaranteeId: string;
  templateCode: string;
  lossAmount: string;
  compensatedAmount: string;
  paidOn: string;
  shares: PartyShare[];
  recoveries: Recovery[];
}

interface Row {
  id: string;
  guarantee_id: string;
  template_code: string;
  loss_amount: string;
  compensated_amount: string;
  paid_on: string;
  shares: PartyShare[];
}

/** SQL for 代偿 and 追偿 records. */
export const compensationStore = {
  async insert(db: DbOrTrx, c: Omit<Compensation, 'id' | 'recoveries'> & { recordedBy: string }): Promise<boolean> {
    const rows = await db('guarantee_compensations')
      .insert({
        guarantee_id: c.guaranteeId,
        template_code: c.templateCode,
        loss_amount: c.lossAmount,
        compensated_amount: c.compensatedAmount,
        paid_on: c.paidOn,
        shares: JSON.stringify(c.shares),
        recorded_by: c.recordedBy,
      })
      .onConflict('guarantee_id')
      .ignore()
      .returning('id');
    return rows.length === 1;
  },

  async forGuarantee(db: DbOrTrx, guaranteeId: string, options: { forUpdate?: boolean } = {}): Promise<Compensation | undefined> {
    const q = db('guarantee_compensations').where({ guarantee_id: guaranteeId }).select('*', db.raw("to_char(paid_on, 'YYYY-MM-DD') as paid_on"));
    if (options.forUpdate) q.forUpdate();
    const row = (await q.first()) as Row | undefined;
    if (!row) return undefined;
    const recoveries = (await db('guarantee_recoveries')
      .where({ compensation_id: row.id })
      .orderBy('id')
      .select('reference', 'amount', db.raw("to_char(received_on, 'YYYY-MM-DD') as received_on"), 'shares')) as { reference: string; amount: string; received_on: string; shares: PartyShare[] }[];
    return {
      id: row.id,
      guaranteeId: row.guarantee_id,
      templateCode: row.template_code,
      lossAmount: row.loss_amount,
      compensatedAmount: row.compensated_amount,
      paidOn: row.paid_on,
      shares: row.shares,
      recoveries: recoveries.map((r) => ({ reference: r.reference, amount: r.amount, receivedOn: r.received_on, shares: r.shares })),
    };
  },

  /** False when this reference was already recorded for the compensation. */
  async addRecovery(db: DbOrTrx, compensationId: string, r: Recovery & { recordedBy: string }): Promise<boolean> {
    const rows = await db('guarantee_recoveries')
      .insert({ compensation_id: compensationId, reference: r.reference, amount: r.amount, received_on: r.receivedOn, shares: JSON.stringify(r.shares), recorded_by: r.recordedBy })
      .onConflict(['compensation_id', 'reference'])
      .ignore()
      .returning('id');
    return rows.length === 1;
  },
};

export type CompensationStore = typeof compensationStore;
