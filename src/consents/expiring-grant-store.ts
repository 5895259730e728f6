import type { DbOrTrx } from '../db/database.js';

export interface ExpiringGrant {
  id: string;
  enterpriseId: string;
  granteeName: string;
  purpose: 'loan_application' | 'pre_credit' | 'post_loan_monitoring';
  validUntil: Date;
}

/** SQL of the active grants that end within a window (the 授权即将到期 reminders). */
export const expiringGrantStore = {
  async endingBetween(tx: DbOrTrx, from: Date, to: Date): Promise<ExpiringGrant[]> {
    const rows = await tx('consent_grants as g')
      .join('institutions as i', 'i.id', 'g.grantee_institution_id')
      .where('g.status', 'ACTIVE')
      .where('g.valid_until', '>', from)
      .where('g.valid_until', '<=', to)
      .orderBy('g.valid_until')
      .select('g.id', 'g.enterprise_id', 'g.purpose', 'g.valid_until', 'i.name as grantee_name');
    return rows.map((r) => ({ id: r.id, enterpriseId: r.enterprise_id, granteeName: r.grantee_name, purpose: r.purpose, validUntil: new Date(r.valid_until) }));
  },
};
export type ExpiringGrantStore = typeof expiringGrantStore;
