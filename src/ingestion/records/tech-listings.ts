import type { DbOrTrx } from '../../db/database.js';
import { TECH_LISTS, type TechList } from '../categories/tech-lists-labels.js';
import { listingHolds, type TechListing } from '../categories/tech-lists.js';
import type { CreditRecordService } from './record-service.js';

const CATEGORY = 'tech_lists';

/**
 * The tech-firm lists as the 科技企业名单 category holds them: only usable records (a listing
 * repaired or withdrawn by notice no longer counts), read through the records profiles use.
 */
export class TechListingService {
  constructor(private readonly records: Pick<CreditRecordService, 'usableRecords'>) {}

  /** Every usable listing of the firm, expired ones included (the caller decides on which date). */
  async listings(tx: DbOrTrx, uscc: string, asOf: string): Promise<TechListing[]> {
    const found = (await this.records.usableRecords(tx, [uscc], asOf)).get(uscc) ?? [];
    return found
      .filter((r) => r.category === CATEGORY)
      .map((r) => {
        const p = r.payload as { list: TechList; listedOn: string; expiresOn?: string; authority: string };
        return { uscc, list: p.list, listedOn: p.listedOn, expiresOn: p.expiresOn ?? null, authority: p.authority };
      });
  }

  /** The lists the firm is on on `asOf`, in the lists' order. */
  async currentLists(tx: DbOrTrx, uscc: string, asOf: string): Promise<TechList[]> {
    const holding = new Set((await this.listings(tx, uscc, asOf)).filter((l) => listingHolds(l, asOf)).map((l) => l.list));
    return TECH_LISTS.filter((l) => holding.has(l));
  }
}
