import type { Db } from '../../db/database.js';
import type { CreditRecordService } from '../../ingestion/records/record-service.js';
import { shanghaiDate } from '../../platform/business-date.js';
import type { Clock } from '../../platform/clock.js';
import { techListsFromTitles, type TechListPort } from './zone-eligibility.js';

/**
 * The tech lists as the platform holds them today: 政策支持 designations in the honours category. A
 * dedicated list category replaces this adapter where it is wired, not in the zone.
 */
export function honourTechLists(db: Db, records: CreditRecordService, clock: Clock): TechListPort {
  return {
    async listsOf(uscc) {
      const found = (await records.usableRecords(db, [uscc], shanghaiDate(clock.now()))).get(uscc) ?? [];
      return techListsFromTitles(found.filter((r) => r.category === 'honours' && r.payload.kind === 'policy_support').map((r) => String(r.payload.title)));
    },
  };
}
