import type { DbOrTrx } from '../db/database.js';

/** SQL of the office's alerts (待处理预警); application and bank rows are only read. */
export interface NewAlert {
  applicationId: string;
  bankId: string;
  overdueFor: 'acceptance' | 'decision';
  submittedAt: Date;
  waitedWorkHours: number;
  raisedAt: Date;
}

export interface OfficeAlert extends NewAlert {
  id: string;
  bankName: string;
  acknowledgedAt: Date | null;
}

export interface AlertStore {
  /** Adds the alerts not raised before (one per application and stage); returns how many were new. */
  raise(tx: DbOrTrx, alerts: readonly NewAlert[]): Promise<number>;
  pending(tx: DbOrTrx, limit: number): Promise<{ total: number; items: OfficeAlert[] }>;
  /** Marks the alert acknowledged (first acknowledgement kept); false when there is no such alert. */
  acknowledge(tx: DbOrTrx, id: string, at: Date, by: string): Promise<boolean>;
}

export const alertStore: AlertStore = {
  async raise(tx, alerts) {
    if (alerts.length === 0) return 0;
    const rows = await tx('oversight_alerts')
      .insert(
        alerts.map((a) => ({
          application_id: a.applicationId,
          bank_id: a.bankId,
          overdue_for: a.overdueFor,
          submitted_at: a.submittedAt,
          waited_work_hours: a.waitedWorkHours,
          raised_at: a.raisedAt,
        })),
      )
      .onConflict(['application_id', 'overdue_for'])
      .ignore()
      .returning('id');
    return rows.length;
  },

  async pending(tx, limit) {
    const open = () => tx('oversight_alerts as o').whereNull('o.acknowledged_at');
    const [count, rows] = await Promise.all([
      open().count<{ n: string }[]>('* as n'),
      open()
        .join('institutions as i', 'i.id', 'o.bank_id')
        .orderBy([{ column: 'o.raised_at', order: 'asc' }, 'o.id'])
        .limit(limit)
        .select('o.*', 'i.name as bank_name'),
    ]);
    return {
      total: Number(count[0]?.n ?? 0),
      items: rows.map((r) => ({
        id: r.id,
        applicationId: r.application_id,
        bankId: r.bank_id,
        bankName: r.bank_name,
        overdueFor: r.overdue_for,
        submittedAt: r.submitted_at,
        waitedWorkHours: Number(r.waited_work_hours),
        raisedAt: r.raised_at,
        acknowledgedAt: r.acknowledged_at ?? null,
      })),
    };
  },

  async acknowledge(tx, id, at, by) {
    const found = await tx('oversight_alerts').where({ id }).first('acknowledged_at');
    if (!found) return false;
    if (!found.acknowledged_at) await tx('oversight_alerts').where({ id }).whereNull('acknowledged_at').update({ acknowledged_at: at, acknowledged_by: by });
    return true;
  },
};
