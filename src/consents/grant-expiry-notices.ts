import type { Db } from '../db/database.js';
import type { NotificationService } from '../notifications/notification-service.js';
import { shanghaiDate } from '../platform/business-date.js';
import type { Clock } from '../platform/clock.js';
import type { ExpiringGrantStore } from './expiring-grant-store.js';

/** How long before its end a grant's enterprise is reminded. */
export const EXPIRY_NOTICE_DAYS = 7;

const PURPOSE_LABELS = { loan_application: '贷款申请', pre_credit: '预授信', post_loan_monitoring: '贷后监测' } as const;

/**
 * 授权即将到期: the enterprise's people are told once per grant and end date (a grant extended
 * to a new end is told again for the new one), so the scheduled run may repeat at will. Grants
 * end at a moment, not on a working day, so the calendar plays no part.
 */
export class GrantExpiryNotices {
  constructor(private readonly deps: { db: Db; store: ExpiringGrantStore; notifications: Pick<NotificationService, 'notify'>; clock: Clock }) {}

  /** Returns how many grants ending within the window were considered. */
  async run(): Promise<number> {
    const { db, store, notifications, clock } = this.deps;
    const now = clock.now();
    return db.transaction(async (tx) => {
      const grants = await store.endingBetween(tx, now, new Date(now.getTime() + EXPIRY_NOTICE_DAYS * 86_400_000));
      for (const g of grants) {
        await notifications.notify(tx, { to: 'enterprise', enterpriseId: g.enterpriseId }, {
          kind: 'grant_expiring',
          title: '数据授权即将到期',
          body: `您授予${g.granteeName}的数据授权（用途：${PURPOSE_LABELS[g.purpose]}）将于 ${shanghaiDate(g.validUntil)} 到期，如需继续使用请及时续期。`,
          link: `/consents/${g.id}`,
          dedupeKey: `grant-expiring:${g.id}:${g.validUntil.toISOString()}`,
        });
      }
      return grants.length;
    });
  }
}
