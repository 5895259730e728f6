import { afterAll, beforeAll } from 'vitest';
import { DEMO_INSTITUTIONS } from '../../src/demo/demo-city.js';
import { DEMO_AUTHORITIES } from '../../src/demo/demo-credit-records.js';
import { SOURCE_OF } from '../../src/demo/seed-demo-credit-records.js';
import { typedTableOf } from '../../src/ingestion/records/typed-categories.js';
import { startTestPlatform, type TestPlatform } from './test-platform.js';

// The platform and samples the ingestion tests share: one platform per test file, started by
// `startIngestionPlatform`.
export let platform: TestPlatform;
export let feed: string;
export let otherFeed: string;
export let admin: string;
const usccs: string[] = [];

export const authority = DEMO_AUTHORITIES.market;
export const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
/** Dates relative to today, so samples stay inside the profile's time windows (12/36 months, 公示截止期) on any date. */
export const daysFromToday = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
export const recentMonth = daysFromToday(-60).slice(0, 7);

/** Starts the platform for the calling test file; the bindings above are set here. */
export function startIngestionPlatform(): void {
  beforeAll(async () => {
    platform = await startTestPlatform();
    [feed, otherFeed, admin] = await Promise.all([platform.login('scjg_feed'), platform.login('tax_feed'), platform.login('admin')]);
    // Entities without generated demo records, so each test starts from an empty profile.
    const rows = await platform.database
      .knex('market_entities as m')
      .whereNotExists(platform.database.knex('all_credit_records as r').whereRaw('r.uscc = m.uscc'))
      .orderBy('m.uscc')
      .select<{ uscc: string }[]>('m.uscc');
    usccs.push(...rows.map((r) => r.uscc));
  });
  afterAll(() => platform?.close());
}

export const take = () => {
  const u = usccs.shift();
  if (!u) throw new Error('ran out of entities');
  return u;
};

export type Row = Record<string, unknown>;
/** A batch report or a problem document, as far as these tests look into them. */
export interface Reply {
  [member: string]: unknown;
  id: string;
  code?: string;
  rowsUnchanged?: number;
  rejections: { rowNumber: number; field: string; code: string; reason: string }[];
  errors?: { field: string; code: string }[];
}

/** One valid row per category, for the USCC given. */
export const SAMPLES: Record<string, (uscc: string, n: number) => Row> = {
  register: (uscc) => ({ uscc, name: `测试主体${uscc.slice(-6)}有限公司`, entityType: '企业', legalRepresentative: '张三', districtCode: '420202', status: '存续', establishedOn: '2015-03-01', registeredCapital: '1000000' }),
  tax_payments: (uscc) => ({ uscc, period: '2026-09', taxType: '增值税', amountPaid: '12345.6', arrearsAmount: '0' }),
  tax_grades: (uscc) => ({ uscc, year: 2025, grade: 'A', publishedOn: '2026-04-20' }),
  social_security: (uscc) => ({ uscc, period: '2026-09', insuredHeadcount: 12, contributionBase: '50400.00', amountDue: '12348.00', amountPaid: '12348.00' }),
  provident_fund: (uscc) => ({ uscc, period: '2026-09', depositHeadcount: 10, amountPaid: '6720.00' }),
  utilities: (uscc) => ({ uscc, utilityType: '电', accountNo: `E${uscc.slice(-8)}`, period: recentMonth, amount: '3210.50', paidOnTime: '是' }),
  permits: (uscc, n) => ({
    uscc, subjectName: '测试主体', decisionDocName: '食品经营许可决定书', decisionDocNo: `黄市监许〔2026〕T${n}号`, permitCategory: '普通',
    content: '准予食品经营许可', decisionDate: today, validFrom: today, validTo: '2031-01-01', authority: authority.name, authorityUscc: authority.uscc, currentStatus: '有效',
  }),
  penalties: (uscc, n) => ({
    uscc, subjectName: '测试主体', decisionDocNo: `黄市监罚〔2026〕T${n}号`, violationType: '销售不合格产品', violationFacts: '抽检不合格',
    penaltyBasis: '《中华人民共和国产品质量法》第四十九条', penaltyCategory: '罚款', penaltyContent: '罚款5000元', fineAmountWan: '0.5',
    decisionDate: daysFromToday(-180), publicityEnd: daysFromToday(185), authority: authority.name, authorityUscc: authority.uscc,
  }),
  judicial: (uscc, n) => ({ uscc, caseNo: `（2026）鄂02执T${n}号`, court: '湖北省黄石市中级人民法院', role: '被执行人', filedOn: '2026-03-01', amount: '80000', caseStatus: '执行中' }),
  credit_lists: (uscc) => ({ uscc, listType: '失信被执行人名单', listingAuthority: '湖北省黄石市中级人民法院', authorityUscc: authority.uscc, listedOn: '2026-05-01', reason: '拒不履行生效法律文书' }),
  honours: (uscc) => ({ uscc, kind: '荣誉表彰', title: '守合同重信用企业', authority: authority.name, awardedOn: '2026-01-10' }),
  import_export: (uscc) => ({ uscc, period: '2026-09', customsGrade: '一般信用企业', importValue: '100000', exportValue: '250000.5' }),
  intellectual_property: (uscc, n) => ({ uscc, ipType: '发明专利', registrationNo: `ZL2026T${n}`, title: '一种测试装置', grantedOn: '2024-05-01', validTo: '2044-05-01', pledged: '否' }),
  real_estate: (uscc, n) => ({
    uscc, certificateNo: `鄂（2024）黄石市不动产权第${String(n).padStart(7, '0')}号`, unitNo: `420202001002GB${String(n % 100_000).padStart(5, '0')}F00000001`,
    rightType: '国有建设用地使用权/房屋所有权', use: '工业', area: '1250.5', registeredOn: '2024-06-18', mortgaged: '是', seized: '否',
  }),
  rnd: (uscc) => ({ uscc, year: 2025, designation: '高新技术企业', designatedYear: 2023, rndExpense: '1800000', superDeduction: '1800000', rndStaff: 14 }),
  tech_lists: (uscc, n) => ({ uscc, list: '专精特新中小企业', listedOn: '2025-03-01', expiresOn: '2028-02-29', authority: '黄石市经济和信息化局', certificateNo: `ZJTX-2025-${n}` }),
};

export const jsonl = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

export async function sendAs(category: string, rows: Row[] | string, token = feed, path = 'records', type = 'application/x-ndjson') {
  const res = await platform.api(`/api/v1/ingestion/${category}/${path}?formatVersion=1`, {
    body: typeof rows === 'string' ? rows : jsonl(rows),
    token,
    headers: { 'content-type': type },
  });
  const body = (await res.json()) as Reply;
  // The batch's drain rebuilds the profiles it touched; reads never do.
  await platform.services.profiles.settled();
  return { status: res.status, body };
}

export async function profile(uscc: string) {
  return (await platform.services.profiles.profileFor(uscc)) as unknown as { version: number; sections: { scope: string; indicators: { code: string; value: unknown; recordIds: number[] }[] }[] };
}
export const indicator = (p: Awaited<ReturnType<typeof profile>>, code: string) => p.sections.flatMap((s) => s.indicators).find((i) => i.code === code)!;

let counter = 0;
/** A number not used before in this test file (document numbers must be unique). */
export const nextNumber = () => ++counter;

/** A category's stored rows for a USCC, with the record key and payload (typed categories: their columns too). */
export function storedRows(category: string, uscc: string) {
  const knex = platform.database.knex;
  const typed = typedTableOf(category);
  return typed
    ? knex('all_credit_records as a').join(`${typed.table} as t`, 't.id', 'a.id').where({ 'a.category': category, 'a.uscc': uscc }).select('t.*', 'a.record_key', 'a.payload')
    : knex('credit_records').where({ category, uscc });
}

/** A login of the demo department that holds the category. */
export const sourceOf = (category: string) => platform.login(DEMO_INSTITUTIONS.find((i) => i.code === SOURCE_OF[category])!.username);
