import { Readable } from 'node:stream';
import { ACTIVE_STATUSES, type MarketEntity } from '../enterprises/market-entity.js';
import { shanghaiDate } from '../platform/business-date.js';
import type { Services } from '../services.js';
import { generateDemoCreditRecords } from './demo-credit-records.js';

/** Which demo department delivers each category (institution codes of DEMO_INSTITUTIONS); the demo grants exactly these. */
export const SOURCE_OF: Record<string, string> = {
  register: 'HS_SCJG',
  tax_payments: 'HS_TAX',
  tax_grades: 'HS_TAX',
  social_security: 'HS_RSJ',
  provident_fund: 'HS_GJJ',
  utilities: 'HS_XYZX',
  permits: 'HS_SCJG',
  penalties: 'HS_SCJG',
  judicial: 'HS_COURT',
  credit_lists: 'HS_XYZX',
  honours: 'HS_XYZX',
  import_export: 'HS_XYZX',
  intellectual_property: 'HS_XYZX',
  commitment_breaches: 'HS_SCJG',
  real_estate: 'HS_XYZX',
  rnd: 'HS_XYZX',
  tech_lists: 'HS_XYZX',
};

/**
 * 2026 statutory holidays (false) and make-up working days (true) for the 双公示 check, as
 * announced by the State Council General Office for 2026; operators maintain later years
 * through PUT /api/v1/working-calendar.
 */
const CALENDAR_2026: [string, boolean, string][] = [
  ...['2026-01-01', '2026-01-02', '2026-01-03'].map((d): [string, boolean, string] => [d, false, '元旦']),
  ['2026-01-04', true, '元旦调休上班'],
  ...['15', '16', '17', '18', '19', '20', '21', '22', '23'].map((d): [string, boolean, string] => [`2026-02-${d}`, false, '春节']),
  ['2026-02-14', true, '春节调休上班'],
  ['2026-02-28', true, '春节调休上班'],
  ...['04', '05', '06'].map((d): [string, boolean, string] => [`2026-04-${d}`, false, '清明节']),
  ...['01', '02', '03', '04', '05'].map((d): [string, boolean, string] => [`2026-05-${d}`, false, '劳动节']),
  ['2026-05-09', true, '劳动节调休上班'],
  ...['19', '20', '21'].map((d): [string, boolean, string] => [`2026-06-${d}`, false, '端午节']),
  ...['25', '26', '27'].map((d): [string, boolean, string] => [`2026-09-${d}`, false, '中秋节']),
  ['2026-09-20', true, '国庆节调休上班'],
  ...['01', '02', '03', '04', '05', '06', '07'].map((d): [string, boolean, string] => [`2026-10-${d}`, false, '国庆节']),
  ['2026-10-10', true, '国庆节调休上班'],
];

export interface DemoRecordSummary {
  entities: number;
  records: number;
}

/**
 * First start: generated records for the first `count` active entities, sent category by
 * category through the real ingestion pipeline (JSON lines, as a department's system would).
 */
export async function seedDemoCreditRecords(services: Services, entities: readonly MarketEntity[], count: number, institutionIds: ReadonlyMap<string, string>): Promise<DemoRecordSummary> {
  await services.calendar.setCalendarDays(CALENDAR_2026.map(([day, isWorkingDay, note]) => ({ day, isWorkingDay, note })));
  const chosen = entities.filter((e) => ACTIVE_STATUSES.has(e.status)).slice(0, count);
  if (chosen.length === 0) return { entities: 0, records: 0 };
  const rows = generateDemoCreditRecords(chosen, shanghaiDate(new Date()));
  let records = 0;
  for (const [category, list] of Object.entries(rows)) {
    if (list.length === 0) continue;
    const institutionId = institutionIds.get(SOURCE_OF[category]!);
    if (!institutionId) throw new Error(`demo source for ${category} is missing`);
    const report = await services.ingestion.ingest({
      institutionId,
      userId: null,
      category,
      formatVersion: 1,
      channel: 'api',
      fileFormat: 'jsonl',
      fileName: null,
      body: Readable.from(list.map((r) => `${JSON.stringify(r)}\n`)),
      deferProfileRebuild: true,
    });
    if (report.rowsRejected > 0) throw new Error(`demo ${category} rows rejected: ${JSON.stringify(report.rejections.slice(0, 3))}`);
    records += report.rowsAccepted;
  }
  services.profiles.rebuildDueInBackground();
  return { entities: chosen.length, records };
}

/**
 * The registered demo enterprise on the 高新技术企业 list, delivered as the lists arrive (so the
 * demo's 科技贷 products and the 科技贷专区 find it eligible), after the generated records so they
 * cannot replace it.
 */
/** The name of the tech listing's batch: the demo seed's last step, so its completed batch marks the seed finished. */
export const DEMO_TECH_LISTING_FILE = 'demo-tech-listing.jsonl';

export async function seedDemoTechListing(services: Services, uscc: string, institutionIds: ReadonlyMap<string, string>): Promise<void> {
  const row = { uscc, list: '高新技术企业', listedOn: '2025-01-01', expiresOn: '2027-12-31', authority: '湖北省科学技术厅', certificateNo: 'GR202542000001' };
  const report = await services.ingestion.ingest({
    institutionId: institutionIds.get(SOURCE_OF.tech_lists!)!,
    userId: null,
    category: 'tech_lists',
    formatVersion: 1,
    channel: 'api',
    fileFormat: 'jsonl',
    fileName: DEMO_TECH_LISTING_FILE,
    body: Readable.from([`${JSON.stringify(row)}\n`]),
  });
  if (report.rowsRejected > 0) throw new Error(`demo tech listing rejected: ${JSON.stringify(report.rejections)}`);
}
