import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_INSTITUTIONS } from '../src/demo/demo-city.js';
import { DEMO_AUTHORITIES } from '../src/demo/demo-credit-records.js';
import { SOURCE_OF } from '../src/demo/seed-demo-credit-records.js';
import { findFormat } from '../src/ingestion/category-registry.js';
import { DENY_LISTED_BEHAVIOURS } from '../src/ingestion/deny-list.js';
import * as rebuildProfilesWithSeries from '../migrations/20261125004100_rebuild_profiles_with_series.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let platform: TestPlatform;
let feed: string;
let otherFeed: string;
let admin: string;
const usccs: string[] = [];

const authority = DEMO_AUTHORITIES.market;
const today = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
/** Dates relative to today, so samples stay inside the profile's time windows (12/36 months, 公示截止期) on any date. */
const daysFromToday = (days: number) => new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const recentMonth = daysFromToday(-60).slice(0, 7);

beforeAll(async () => {
  platform = await startTestPlatform();
  [feed, otherFeed, admin] = await Promise.all([platform.login('scjg_feed'), platform.login('tax_feed'), platform.login('admin')]);
  // Entities without generated demo records, so each test starts from an empty profile.
  const rows = await platform.database
    .knex('market_entities as m')
    .whereNotExists(platform.database.knex('credit_records as r').whereRaw('r.uscc = m.uscc'))
    .whereNotExists(platform.database.knex('tax_payment_records as t').whereRaw('t.uscc = m.uscc'))
    .orderBy('m.uscc')
    .select<{ uscc: string }[]>('m.uscc');
  usccs.push(...rows.map((r) => r.uscc));
});
afterAll(() => platform?.close());

const take = () => {
  const u = usccs.shift();
  if (!u) throw new Error('ran out of entities');
  return u;
};

type Row = Record<string, unknown>;
/** A batch report or a problem document, as far as these tests look into them. */
interface Reply {
  [member: string]: unknown;
  id: string;
  code?: string;
  rowsUnchanged?: number;
  rejections: { rowNumber: number; field: string; code: string; reason: string }[];
  errors?: { field: string; code: string }[];
}

/** One valid row per category, for the USCC given. */
const SAMPLES: Record<string, (uscc: string, n: number) => Row> = {
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
};

const jsonl = (rows: Row[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

async function sendAs(category: string, rows: Row[] | string, token = feed, path = 'records', type = 'application/x-ndjson') {
  const res = await platform.api(`/api/v1/ingestion/${category}/${path}?formatVersion=1`, {
    body: typeof rows === 'string' ? rows : jsonl(rows),
    token,
    headers: { 'content-type': type },
  });
  return { status: res.status, body: (await res.json()) as Reply };
}

async function profile(uscc: string) {
  return (await platform.services.profiles.profileFor(uscc)) as unknown as { version: number; sections: { scope: string; indicators: { code: string; value: unknown; recordIds: number[] }[] }[] };
}
const indicator = (p: Awaited<ReturnType<typeof profile>>, code: string) => p.sections.flatMap((s) => s.indicators).find((i) => i.code === code)!;

let counter = 0;

/** A category's stored rows for a USCC, with the record key (tax payments live in their own typed table). */
function storedRows(category: string, uscc: string) {
  const knex = platform.database.knex;
  return category === 'tax_payments'
    ? knex('tax_payment_records').where({ uscc }).select('*', knex.raw(`uscc || '|' || period || '|' || tax_type as record_key`))
    : knex('credit_records').where({ category, uscc });
}

/** A login of the demo department that holds the category. */
const sourceOf = (category: string) => platform.login(DEMO_INSTITUTIONS.find((i) => i.code === SOURCE_OF[category])!.username);

describe.each(Object.keys(SAMPLES))('category %s', (category) => {
  it('stores a good row with provenance, treats a repeat as unchanged, quarantines a bad one, honours a repair', async () => {
    const feed = await sourceOf(category);
    const send: typeof sendAs = (c, rows, token = feed, ...rest) => sendAs(c, rows, token, ...rest);
    const uscc = take();
    const n = ++counter;
    const good = SAMPLES[category]!(uscc, n);
    const first = await send(category, [good]);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'completed', rowsRead: 1, rowsAccepted: 1, rowsInserted: 1, rowsRejected: 0 });

    const stored = (await storedRows(category, uscc))[0];
    expect(stored).toMatchObject({ status: 'active', batch_id: first.body.id, first_batch_id: first.body.id });
    const audit = await platform.api(`/api/v1/ingestion/records/${category}/${encodeURIComponent(stored.record_key)}`, { token: feed });
    const { provenance } = ((await audit.json()) as { record: { provenance: Record<string, unknown> } }).record;
    expect(provenance).toMatchObject({ batchId: first.body.id, firstBatchId: first.body.id, sourceName: expect.any(String), receivedAt: expect.any(String) });
    expect(provenance.sourceInstitutionId).toBeTruthy();
    expect(provenance.firstReceivedAt).toBe(provenance.receivedAt);

    const repeat = await send(category, [good]);
    expect(repeat.body).toMatchObject({ rowsAccepted: 1, rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 1 });
    expect(await storedRows(category, uscc)).toHaveLength(1);

    const bad = { ...good, uscc: uscc.slice(0, 17) + (uscc.endsWith('1') ? '2' : '1') };
    const rejected = await send(category, [good, bad]);
    expect(rejected.body).toMatchObject({ rowsRead: 2, rowsAccepted: 1, rowsRejected: 1 });
    expect(rejected.body.rejections).toEqual([{ rowNumber: 2, field: 'uscc', code: 'USCC_CHECK_DIGIT', reason: expect.any(String) }]);
    const quarantined = await platform.database.knex('ingestion_quarantine').where({ batch_id: rejected.body.id });
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0].raw.uscc).toBe(bad.uscc);

    // Every required field of the category, left out one at a time, is named in the report.
    const { format } = findFormat(category, 1);
    const required = format.fields.filter((f) => f.required && f.name !== 'uscc').map((f) => f.name);
    const missing = required.map((name) => Object.fromEntries(Object.entries(good).filter(([k]) => k !== name)));
    const incomplete = await send(category, missing);
    expect(incomplete.body).toMatchObject({ rowsRead: required.length, rowsAccepted: 0, rowsRejected: required.length });
    expect(incomplete.body.rejections.map((r) => r.field)).toEqual(required);

    const before = await profile(uscc);
    const notice = await platform.api('/api/v1/ingestion/notices', {
      token: feed,
      body: { category, recordKey: stored.record_key, kind: 'repair', noticeNo: `修复〔2026〕${n}号`, reason: '已完成信用修复' },
    });
    expect(notice.status).toBe(201);
    const after = await profile(uscc);
    expect(after.version).toBe(before.version + 1);
    expect(after.sections.flatMap((s) => s.indicators.flatMap((i) => i.recordIds))).not.toContain(Number(stored.id));
    expect(before.sections.flatMap((s) => s.indicators.flatMap((i) => i.recordIds))).toContain(Number(stored.id));
  });
});

const send = sendAs;

describe('bad rows', () => {
  it.each([
    ['a missing required field', (r: Row) => ({ ...r, amountPaid: undefined }), 'amountPaid', 'INVALID_TYPE'],
    ['a malformed month', (r: Row) => ({ ...r, period: '2026-13' }), 'period', 'INVALID_FORMAT'],
    ['negative money', (r: Row) => ({ ...r, amountPaid: '-5' }), 'amountPaid', 'INVALID_FORMAT'],
    ['three decimal places', (r: Row) => ({ ...r, amountPaid: '1.234' }), 'amountPaid', 'INVALID_FORMAT'],
    ['an unknown tax type', (r: Row) => ({ ...r, taxType: '拆迁税' }), 'taxType', 'INVALID_VALUE'],
    ['an unknown field', (r: Row) => ({ ...r, idCardNo: '420202199001011234' }), 'idCardNo', 'UNRECOGNIZED_FIELD'],
    ['a USCC of 17 characters', (r: Row) => ({ ...r, uscc: String(r.uscc).slice(0, 17) }), 'uscc', 'USCC_LENGTH'],
  ])('rejects %s naming the field', async (_label, mutate, field, code) => {
    const row = mutate(SAMPLES.tax_payments!(take(), 0));
    const { body } = await send('tax_payments', [row], otherFeed);
    expect(body).toMatchObject({ rowsRead: 1, rowsAccepted: 0, rowsRejected: 1 });
    expect(body.rejections[0]).toMatchObject({ rowNumber: 1, field, code });
  });

  it('rejects a line that is not JSON and keeps reading', async () => {
    const uscc = take();
    const { body } = await send('tax_payments', `{"uscc":\n${JSON.stringify(SAMPLES.tax_payments!(uscc, 0))}\n`, otherFeed);
    expect(body).toMatchObject({ rowsRead: 2, rowsAccepted: 1, rowsRejected: 1 });
    expect(body.rejections[0]).toMatchObject({ rowNumber: 1, field: '(row)', code: 'MALFORMED_JSON' });
  });

  it('refuses an unknown category, a missing format version and a wrong content type', async () => {
    expect((await send('petitions', [{}])).body.code).toBe('UNKNOWN_CATEGORY');
    const noVersion = await platform.api('/api/v1/ingestion/tax_payments/records', { body: '{}\n', token: feed, headers: { 'content-type': 'application/x-ndjson' } });
    expect(noVersion.status).toBe(400);
    expect(((await noVersion.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('formatVersion');
    const wrongType = await send('tax_payments', '{}', feed, 'records', 'text/plain');
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('only lets data-source users send records', async () => {
    const bank = await platform.login('icbc_officer');
    expect((await send('tax_payments', [SAMPLES.tax_payments!(take(), 0)], bank)).status).toBe(403);
  });
});

describe('deny-list (城市信用监测指标第18项)', () => {
  it.each(DENY_LISTED_BEHAVIOURS.map((b) => [b.label, b] as const))('refuses a %s record with DENY_LISTED_BEHAVIOUR', async (label) => {
    const uscc = take();
    const row = { ...SAMPLES.penalties!(uscc, ++counter), violationType: label, violationFacts: `当事人存在${label}行为` };
    const { body } = await send('penalties', [row]);
    expect(body).toMatchObject({ rowsAccepted: 0, rowsRejected: 1 });
    expect(body.rejections[0]).toMatchObject({ code: 'DENY_LISTED_BEHAVIOUR', field: 'violationType' });
    expect(await platform.database.knex('credit_records').where({ uscc }).first()).toBeUndefined();
  });

  it('refuses a deny-listed 失信 listing reason too', async () => {
    const row = { ...SAMPLES.credit_lists!(take(), 0), reason: '欠缴物业费' };
    const { body } = await send('credit_lists', [row], await platform.login('credit_feed'));
    expect(body.rejections[0]).toMatchObject({ code: 'DENY_LISTED_BEHAVIOUR', field: 'reason' });
  });
});

describe('file uploads', () => {
  it('reads a CSV with Chinese headers, quotes and a bad row, and reports the row number', async () => {
    const [a, b] = [take(), take()];
    const csv = '\uFEFF统一社会信用代码,所属期,税种,实缴税额（元）,欠税金额（元）\r\n' +
      `${a},2026-08,增值税,"1,000.00",0\r\n` +
      `${b},2026-08,企业所得税,2500.5,\r\n`;
    const { status, body } = await send('tax_payments', csv, otherFeed, 'files', 'text/csv');
    expect(status).toBe(201);
    expect(body).toMatchObject({ fileFormat: 'csv', channel: 'upload', rowsRead: 2, rowsAccepted: 1, rowsRejected: 1 });
    expect(body.rejections[0]).toMatchObject({ rowNumber: 2, field: 'amountPaid' });
    const [stored] = await storedRows('tax_payments', b);
    expect(stored).toMatchObject({ uscc: b, period: '2026-08', tax_type: 'corporate_income', amount_paid: '2500.50', arrears_amount: '0.00' });
    const audit = await platform.api(`/api/v1/ingestion/records/tax_payments/${encodeURIComponent(`${b}|2026-08|corporate_income`)}`, { token: otherFeed });
    expect(((await audit.json()) as { record: { payload: unknown } }).record.payload).toEqual({ uscc: b, period: '2026-08', taxType: 'corporate_income', amountPaid: '2500.50', arrearsAmount: '0.00' });
  });

  it('stops at a malformed CSV record with a problem naming it, keeping the rows before it', async () => {
    const a = take();
    const csv = `uscc,period,taxType,amountPaid\n\n${a},2026-08,vat,1\n${a},2026-09,vat,2"x\n${a},2026-10,vat,3\n`;
    const { status, body } = await send('tax_payments', csv, otherFeed, 'files', 'text/csv');
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'MALFORMED_CSV', errors: [{ field: 'row.3', code: 'MALFORMED_CSV' }] });
    expect((await storedRows('tax_payments', a)).map((r: { period: string }) => r.period)).toEqual(['2026-08']);
    const batch = (await (await platform.api(`/api/v1/ingestion/batches/${String(body.batchId)}`, { token: otherFeed })).json()) as Reply;
    expect(batch).toMatchObject({ status: 'failed', rowsRead: 1, rowsAccepted: 1 });
  });

  it('refuses a CSV with an unknown column before reading rows', async () => {
    const { status, body } = await send('tax_payments', 'uscc,period,color\n', otherFeed, 'files', 'text/csv');
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'INVALID_HEADER', errors: [{ field: 'header.3', code: 'UNKNOWN_COLUMN' }] });
  });

  it('reads an XLSX upload (dates as Excel dates) and offers the rejections as Excel', async () => {
    const [a, b] = [take(), take()];
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('许可');
    const fields = Object.keys(SAMPLES.permits!(a, 0));
    sheet.addRow(fields);
    const good = SAMPLES.permits!(a, ++counter);
    sheet.addRow(fields.map((f) => (f === 'decisionDate' || f === 'validFrom' ? new Date(`${String(good[f])}T00:00:00Z`) : good[f])));
    const bad: Row = { ...SAMPLES.permits!(b, ++counter), permitCategory: '随便' };
    sheet.addRow(fields.map((f) => bad[f]));
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const res = await fetch(`${platform.url}/api/v1/ingestion/permits/files?formatVersion=1&fileName=permits.xlsx`, {
      method: 'POST',
      body: buffer,
      headers: { authorization: `Bearer ${feed}`, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    expect(res.status, await res.clone().text()).toBe(201);
    const report = (await res.json()) as Reply;
    expect(report).toMatchObject({ fileFormat: 'xlsx', fileName: 'permits.xlsx', rowsRead: 2, rowsAccepted: 1, rowsRejected: 1 });
    expect(report.rejections[0]).toMatchObject({ rowNumber: 3, field: 'permitCategory' });
    const stored = await platform.database.knex('credit_records').where({ uscc: a, category: 'permits' }).first();
    expect(stored.payload.decisionDate).toBe(good.decisionDate);
    expect(stored.published_on_time).toBe(true);

    const download = await platform.api(`/api/v1/ingestion/batches/${report.id}/rejections.xlsx`, { token: feed });
    expect(download.status).toBe(200);
    const errors = new ExcelJS.Workbook();
    await errors.xlsx.load(Buffer.from(await download.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const rows = errors.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    expect(rows[0]!.slice(1, 5)).toEqual(['行号', '字段', '错误代码', '原因']);
    expect(rows[1]!.slice(1, 4)).toEqual([3, 'permitCategory', 'INVALID_VALUE']);
  });
});

describe('双公示 timeliness', () => {
  it('marks a penalty decided more than 7 working days before receipt as late, counting the holiday calendar', async () => {
    const uscc = take();
    const late = { ...SAMPLES.penalties!(uscc, ++counter), decisionDate: '2026-01-05' };
    await send('penalties', [late]);
    const stored = await platform.database.knex('credit_records').where({ uscc, category: 'penalties' }).first();
    expect(stored.published_on_time).toBe(false);
  });
});

describe('profiles', () => {
  it('the enterprise sees its profile change when a record arrives and again when it is repaired', async () => {
    const demo = await platform.database.knex('enterprises').orderBy('registered_at').first();
    const token = await platform.login(demo.uscc);
    const read = async () => (await (await platform.api('/api/v1/me/profile', { token })).json()) as Awaited<ReturnType<typeof profile>> & { inputsHash: string };
    const v1 = await read();
    expect(v1.sections.map((s) => s.scope)).toContain('tax');
    const count = (p: typeof v1) => indicator(p, 'penalties_36_months').value as number;

    const penalty = SAMPLES.penalties!(demo.uscc, ++counter);
    await send('penalties', [penalty]);
    const v2 = await read();
    expect(v2.version).toBeGreaterThan(v1.version);
    expect(v2.inputsHash).not.toBe(v1.inputsHash);
    expect(count(v2)).toBe(count(v1) + 1);

    const key = `${authority.uscc}|${String(penalty.decisionDocNo)}`;
    const notice = { category: 'penalties', recordKey: key, kind: 'repair', noticeNo: '鄂信修〔2026〕1号', reason: '已履行行政处罚决定并完成信用修复' };
    const repaired = await platform.api('/api/v1/ingestion/notices', { token: admin, body: notice });
    expect(repaired.status).toBe(201);
    const v3 = await read();
    expect(v3.version).toBeGreaterThan(v2.version);
    expect(count(v3)).toBe(count(v1));

    const repeat = await platform.api('/api/v1/ingestion/notices', { token: admin, body: notice });
    expect(repeat.status).toBe(200);
    expect(((await repeat.json()) as { repeated: boolean }).repeated).toBe(true);

    const audit = await platform.api(`/api/v1/ingestion/records/penalties/${encodeURIComponent(key)}`, { token: feed });
    const trail = (await audit.json()) as { record: { status: string }; events: { kind: string }[]; usedByProfileVersions: { version: number; current: boolean }[] };
    expect(trail.record.status).toBe('repaired');
    expect(trail.events.map((e) => e.kind)).toEqual(['repair']);
    expect(trail.usedByProfileVersions.map((v) => v.version)).toEqual([v2.version]);
    expect(trail.usedByProfileVersions[0]!.current).toBe(false);

    const again = await send('penalties', [penalty]);
    expect(again.body.rowsUnchanged).toBe(1);
    expect(count(await read())).toBe(count(v1));

    // A correction replaces the values; the audit keeps the old ones with their provenance.
    const firstBatch = (await platform.database.knex('credit_records').where({ category: 'penalties', record_key: key }).first()).batch_id;
    const corrected = await send('penalties', [{ ...penalty, fineAmountWan: '0.8' }]);
    expect(corrected.body.rowsUpdated).toBe(1);
    const history = (await (await platform.api(`/api/v1/ingestion/records/penalties/${encodeURIComponent(key)}`, { token: feed })).json()) as {
      record: { status: string; payload: { fineAmountWan: string }; provenance: { batchId: string } };
      history: { batchId: string; payload: { fineAmountWan: string } }[];
    };
    expect(history.record).toMatchObject({ status: 'repaired', payload: { fineAmountWan: '0.800000' }, provenance: { batchId: corrected.body.id } });
    expect(history.history).toEqual([expect.objectContaining({ batchId: firstBatch, payload: expect.objectContaining({ fineAmountWan: '0.500000' }) })]);
  });

  it('stops using a penalty past its 公示截止期', async () => {
    const uscc = take();
    await send('penalties', [{ ...SAMPLES.penalties!(uscc, ++counter), decisionDate: '2025-01-02', publicityEnd: '2025-04-02' }]);
    expect(indicator(await profile(uscc), 'penalties_36_months').value).toBe(0);
  });

  it('filters a profile to the scopes asked for', async () => {
    const uscc = take();
    await send('tax_payments', [SAMPLES.tax_payments!(uscc, 0)], otherFeed);
    const p = await platform.services.profiles.profileFor(uscc, ['tax']);
    expect(p.sections.map((s) => s.scope)).toEqual(['tax']);
  });

  it('only the enterprise role reads /me/profile', async () => {
    expect((await platform.api('/api/v1/me/profile', { token: feed })).status).toBe(403);
  });

  it('profiles built before monthly series are rebuilt with them once the series migration has run', async () => {
    const demo = await platform.database.knex('enterprises').orderBy('registered_at').first();
    const token = await platform.login(demo.uscc);
    type Profile = { version: number; sections: { scope: string; series: { code: string; points: unknown[] }[] }[] };
    const read = async () => (await (await platform.api('/api/v1/me/profile', { token })).json()) as Profile;
    const current = await read();
    // What an earlier build stored: sections without series, hashed without the assembly version.
    const knex = platform.database.knex;
    const key = { uscc: demo.uscc, version: current.version };
    for (const row of await knex('credit_profile_sections').where(key).select('scope', 'section')) {
      const { series: _series, ...withoutSeries } = row.section as Record<string, unknown>;
      await knex('credit_profile_sections').where({ ...key, scope: row.scope }).update({ section: JSON.stringify(withoutSeries) });
    }
    await knex('credit_profile_versions').where(key).update({ inputs_hash: 'built-before-series' });
    await knex('credit_profiles').where({ uscc: demo.uscc }).update({ stale: false, stale_after: '2999-01-01' });

    await rebuildProfilesWithSeries.up(knex);
    expect((await knex('credit_profiles').where({ uscc: demo.uscc }).first('stale')).stale).toBe(true);
    const rebuilt = await read();
    expect(rebuilt.version).toBe(current.version + 1);
    const tax = rebuilt.sections.find((s) => s.scope === 'tax')!;
    expect(tax.series.find((s) => s.code === 'tax_paid_by_month')!.points.length).toBeGreaterThan(0);
  });
});

describe('register', () => {
  it('updates the market-entity register and the denominators', async () => {
    const jrj = await platform.login('jrj_viewer');
    const before = (await (await platform.api('/api/v1/register/denominators', { token: jrj })).json()) as { districtCode: string; entityType: string; existing: number }[];
    const at = (list: typeof before) => list.find((d) => d.districtCode === '420205' && d.entityType === 'enterprise')?.existing ?? 0;
    const uscc = take();
    const row: Row = { ...SAMPLES.register!(uscc, 0), districtCode: '420205' };
    const wasExisting = await platform.database.knex('market_entities').where({ uscc }).whereIn('status', ['existing', 'operating']).andWhere({ district_code: '420205', entity_type: 'enterprise' }).first();
    const { body } = await send('register', [row, { ...SAMPLES.register!(take(), 0), districtCode: '110101' }]);
    expect(body.rejections[0]).toMatchObject({ rowNumber: 2, field: 'districtCode', code: 'UNKNOWN_DISTRICT' });
    const entity = await platform.database.knex('market_entities').where({ uscc }).first();
    expect(entity).toMatchObject({ status: 'existing', district_code: '420205', name: row.name });
    const after = (await (await platform.api('/api/v1/register/denominators', { token: jrj })).json()) as typeof before;
    expect(at(after)).toBe(at(before) + (wasExisting ? 0 : 1));
  });
});

describe('batches', () => {
  it('lists the institution’s own batches, pages rejections, and keeps a failed upload as a failed batch', async () => {
    const rows = Array.from({ length: 3 }, (_, i) => ({ ...SAMPLES.tax_payments!(take(), 0), amountPaid: `x${i}` }));
    const { body } = await send('tax_payments', rows, otherFeed);
    const page = await platform.api(`/api/v1/ingestion/batches/${body.id}/rejections?limit=2`, { token: otherFeed });
    const first = (await page.json()) as { rejections: { rowNumber: number }[]; nextAfterRow: number | null };
    expect(first.rejections.map((r) => r.rowNumber)).toEqual([1, 2]);
    const rest = (await (await platform.api(`/api/v1/ingestion/batches/${body.id}/rejections?afterRow=${first.nextAfterRow}`, { token: otherFeed })).json()) as typeof first;
    expect(rest).toMatchObject({ rejections: [{ rowNumber: 3 }], nextAfterRow: null });
    expect((await platform.api(`/api/v1/ingestion/batches/${body.id}`, { token: feed })).status).toBe(404);

    const broken = await fetch(`${platform.url}/api/v1/ingestion/tax_payments/files?formatVersion=1`, {
      method: 'POST',
      body: Buffer.from('PK\u0003\u0004 not really a zip'),
      headers: { authorization: `Bearer ${otherFeed}`, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    });
    expect(broken.status).toBe(400);
    const problem = (await broken.json()) as { code: string; batchId: string };
    expect(problem.code).toBe('MALFORMED_XLSX');
    const list = (await (await platform.api('/api/v1/ingestion/batches?limit=5', { token: otherFeed })).json()) as { id: string; status: string }[];
    expect(list.find((b) => b.id === problem.batchId)).toMatchObject({ status: 'failed' });
    expect(list.find((b) => b.id === body.id)).toMatchObject({ status: 'completed' });
  });
});

describe('profile marks', () => {
  it('re-marks, at startup, the enterprises of batches a stopped process left unfinished (both record tables)', async () => {
    const [taxUscc, penaltyUscc] = [take(), take()];
    const tax = await send('tax_payments', [SAMPLES.tax_payments!(taxUscc, 0)], otherFeed);
    const penalty = await send('penalties', [SAMPLES.penalties!(penaltyUscc, ++counter)]);
    const knex = platform.database.knex;
    const heads = () => knex('credit_profiles').whereIn('uscc', [taxUscc, penaltyUscc]).orderBy('uscc').pluck('stale');
    // Built and fresh, as if the process had stopped after the chunks committed but before the batches finished.
    await profile(taxUscc);
    await profile(penaltyUscc);
    await knex('ingestion_batches').whereIn('id', [tax.body.id, penalty.body.id]).update({ status: 'processing' });
    await knex('credit_profiles').whereIn('uscc', [taxUscc, penaltyUscc]).update({ stale: false, stale_after: '2999-01-01' });
    expect(await heads()).toEqual([false, false]);
    // The penalty batch's heartbeat stopped seven hours ago: no process is loading it any more.
    await knex('ingestion_batches').where({ id: penalty.body.id }).update({ heartbeat_at: knex.raw(`now() - interval '7 hours'`) });
    try {
      expect(await platform.services.batchRecovery.recoverAtStart()).toEqual(expect.arrayContaining([tax.body.id, penalty.body.id]));
      expect(await heads()).toEqual([true, true]);
      const statuses = await knex('ingestion_batches').whereIn('id', [tax.body.id, penalty.body.id]).select('id', 'status', 'failure');
      expect(statuses.find((b) => b.id === penalty.body.id)).toMatchObject({ status: 'failed', failure: expect.stringContaining('平台在处理该批次时停止') });
      expect(statuses.find((b) => b.id === tax.body.id)).toMatchObject({ status: 'processing' });
    } finally {
      await knex('ingestion_batches').whereIn('id', [tax.body.id, penalty.body.id]).update({ status: 'completed', failure: null });
    }
  });
});

describe('working calendar', () => {
  it('lets an admin declare holidays that the timeliness check then uses', async () => {
    const put = await platform.api('/api/v1/working-calendar', {
      method: 'PUT',
      token: admin,
      body: { days: [{ day: '2027-01-01', isWorkingDay: false, note: '元旦' }] },
    });
    expect(put.status).toBe(204);
    const year = (await (await platform.api('/api/v1/working-calendar?year=2027', { token: feed })).json()) as { day: string }[];
    expect(year).toEqual([{ day: '2027-01-01', isWorkingDay: false, note: '元旦' }]);
    const bad = await platform.api('/api/v1/working-calendar', { method: 'PUT', token: admin, body: { days: [{ day: '2027/01/02', isWorkingDay: 'no', note: '' }] } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['days.0.day', 'days.0.isWorkingDay', 'days.0.note']);
    expect((await platform.api('/api/v1/working-calendar', { method: 'PUT', token: feed, body: { days: [] } })).status).toBe(403);
  });
});
