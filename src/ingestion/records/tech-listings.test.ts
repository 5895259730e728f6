import { describe, expect, it } from 'vitest';
import type { DbOrTrx } from '../../db/database.js';
import type { CreditRecord } from './credit-record.js';
import { TechListingService } from './tech-listings.js';

const USCC = '91420200MA4KXXXX0A';
const record = (category: string, payload: Record<string, unknown>): CreditRecord =>
  ({ category, uscc: USCC, payload }) as unknown as CreditRecord;

/** The usable records of one firm, as the record service would hand them over (repaired ones already left out). */
const fakeRecords = (records: CreditRecord[]) => ({
  usableRecords: async (_tx: DbOrTrx, usccs: readonly string[]) => new Map(usccs.map((u) => [u, records.filter((r) => r.uscc === u)])),
});

describe('TechListingService', () => {
  const service = new TechListingService(
    fakeRecords([
      record('tech_lists', { uscc: USCC, list: 'specialised', listedOn: '2025-03-01', expiresOn: '2028-02-29', authority: '黄石市经济和信息化局' }),
      record('tech_lists', { uscc: USCC, list: 'high_tech', listedOn: '2022-01-01', expiresOn: '2024-12-31', authority: '湖北省科学技术厅' }),
      record('tech_lists', { uscc: USCC, list: 'tech_sme', listedOn: '2026-06-01', authority: '黄石市科学技术局' }),
      record('honours', { uscc: USCC, kind: 'policy_support', title: '高新技术企业认定奖补' }),
    ]),
  );
  const tx = {} as DbOrTrx;

  it('maps the list records to listings and ignores other categories', async () => {
    const listings = await service.listings(tx, USCC, '2026-01-15');
    expect(listings.map((l) => [l.list, l.expiresOn])).toEqual([
      ['specialised', '2028-02-29'],
      ['high_tech', '2024-12-31'],
      ['tech_sme', null],
    ]);
  });

  it('counts a list only between its listing date and its expiry', async () => {
    expect(await service.currentLists(tx, USCC, '2026-01-15')).toEqual(['specialised']);
    expect(await service.currentLists(tx, USCC, '2026-06-01')).toEqual(['tech_sme', 'specialised']);
    expect(await service.currentLists(tx, USCC, '2024-12-31')).toEqual(['high_tech']);
  });
});
