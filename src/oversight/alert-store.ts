import type { Knex } from 'knex';
import type { DbOrTrx } from '../db/database.js';

/** Whose list an alert is on: the financial office's, or the bank's (its institution admins). */
export type AlertAudience = { audience: 'office' } | { audience: 'bank'; bankId: string };

export interface NewAlert {
  audience: AlertAudience['audience'];
  applicationId: string;
  bankId: string;
  overdueFor: 'acceptance' | 'decision';
  submittedAt: Date;
  waitedWorkHours: number;
  raisedAt: Date;
}

/** An alert as listed (待处理预警), on the office's or a bank's list. */
export interface OverdueAlert extends NewAlert {
  id: string;
  bankName: string;
  acknowledgedAt: Date | null;
}

/** SQL of the alerts of the office and of each bank; application and bank rows are only read. */
export interface AlertStore {
  /** Adds the alerts not raised before (one per application, stage and audience); returns those that were new. */
  raise(tx: DbOrTrx, alerts: readonly NewAlert[]): Promise<NewAlert[]>;
  pending(tx: DbOrTrx, audience: AlertAudience, limit: number): Promise<{ total: number; items: OverdueAlert[] }>;
  /** Marks the audience's alert acknowledged (first acknowledgement kept); false when it has no such alert. */
  acknowledge(tx: DbOrTrx, audience: AlertAudience, id: string, at: Date, by: string): Promise<boolean>;
}

export const alertStore: AlertStore = {
  async raise(tx, alerts) {
    if (alerts.length === 0) return [];
    const rows = await tx('oversight_alerts')
      .insert(
        alerts.map((a) => ({
          audience: a.audience,
          application_id: a.applicationId,
          bank_id: a.bankId,
          overdue_for: a.overdueFor,
          submitted_at: a.submittedAt,
          waited_work_hours: a.waitedWorkHours,
          raised_at: a.raisedAt,
        })),
      )
      .onConflict(['application_id', 'overdue_for', 'audience'])
      .ignore()
      .returning(['application_id', 'overdue_for', 'audience']);
    const raised = new Set(rows.map((r) => `${r.application_id}:${r.overdue_for}:${r.audience}`));
    return alerts.filter((a) => raised.has(`${a.applicationId}:${a.overdueFor}:${a.audience}`));
  },

  async pending(tx, audience, limit) {
    const open = () => whose(tx('oversight_alerts as o').whereNull('o.acknowledged_at'), audience);
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
        audience: r.audience,
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

  async acknowledge(tx, audience, id, at, by) {
    const found = await whose(tx('oversight_alerts as o').where('o.id', id), audience).first('o.acknowledged_at');
    if (!found) return false;
    if (!found.acknowledged_at) await tx('oversight_alerts').where({ id }).whereNull('acknowledged_at').update({ acknowledged_at: at, acknowledged_by: by });
    return true;
  },
};

function whose<Q extends Knex.QueryBuilder>(query: Q, audience: AlertAudience): Q {
  query.where('o.audience', audience.audience);
  if (audience.audience === 'bank') query.where('o.bank_id', audience.bankId);
  return query;
}
