import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { findFormat } from '../src/ingestion/category-registry.js';
import { DENY_LISTED_BEHAVIOURS } from '../src/ingestion/deny-list.js';
import {
  feed,
  indicator,
  nextNumber,
  otherFeed,
  platform,
  profile,
  SAMPLES,
  sendAs,
  sourceOf,
  startIngestionPlatform,
  storedRows,
  take,
  type Reply,
  type Row,
} from './helpers/ingestion-platform.js';

startIngestionPlatform();

describe.each(Object.keys(SAMPLES))('category %s', (category) => {
  it('stores a good row with provenance, treats a repeat as unchanged, quarantines a bad one, honours a repair', async () => {
    const feed = await sourceOf(category);
    const send: typeof sendAs = (c, rows, token = feed, ...rest) => sendAs(c, rows, token, ...rest);
    const uscc = take();
    const n = nextNumber();
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
    ['a missing required field', (r: Row) => ({ ...r, amountPaid: undefined }), 'amountPaid', 'REQUIRED'],
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
    const row = { ...SAMPLES.penalties!(uscc, nextNumber()), violationType: label, violationFacts: `当事人存在${label}行为` };
    const { body } = await send('penalties', [row]);
    expect(body).toMatchObject({ rowsAccepted: 0, rowsRejected: 1 });
    expect(body.rejections[0]).toMatchObject({ code: 'DENY_LISTED_BEHAVIOUR', field: 'violationType' });
    expect(await platform.database.knex('all_credit_records').where({ uscc }).first()).toBeUndefined();
  });

  it('refuses a deny-listed 失信 listing reason too', async () => {
    const row = { ...SAMPLES.credit_lists!(take(), 0), reason: '欠缴物业费' };
    const { body } = await send('credit_lists', [row], await platform.login('credit_feed'));
    expect(body.rejections[0]).toMatchObject({ code: 'DENY_LISTED_BEHAVIOUR', field: 'reason' });
  });
});

describe('不动产登记 and 科技研发 files (data coverage, issue 18)', () => {
  it('reads both with Chinese headers, quarantines the bad row with its reason and fills the profile indicators', async () => {
    const [a, b] = [take(), take()];
    const xyzx = await sourceOf('real_estate');
    // Row numbers are the file's line numbers, the header being line 1.
    const estate = '统一社会信用代码,不动产权证号,不动产单元号,权利类型,用途,面积（平方米）,登记日期,是否抵押,是否查封\r\n' +
      `${a},鄂（2024）黄石市不动产权第0100001号,420202001002GB00101F00000001,国有建设用地使用权/房屋所有权,工业,1200.5,2024-06-18,是,否\r\n` +
      `${a},鄂（2025）黄石市不动产权第0100002号,420202001002GB00101F00000002,国有建设用地使用权/房屋所有权,办公,300,2025/03/02,否,是\r\n` +
      `${b},鄂（2025）黄石市不动产权第0100003号,42020200100GB00101F0000003,国有建设用地使用权,工业,800,2025-01-09,否,否\r\n`;
    const first = await send('real_estate', estate, xyzx, 'files', 'text/csv');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ rowsRead: 3, rowsAccepted: 2, rowsRejected: 1 });
    expect(first.body.rejections).toEqual([{ rowNumber: 4, field: 'unitNo', code: 'INVALID_UNIT_NO', reason: expect.stringContaining('不动产单元号应为28位') }]);
    const quarantined = await platform.database.knex('ingestion_quarantine').where({ batch_id: first.body.id });
    expect(quarantined).toHaveLength(1);
    expect(quarantined[0].errors).toEqual([expect.objectContaining({ field: 'unitNo', code: 'INVALID_UNIT_NO' })]);

    const rnd = '统一社会信用代码,年度,科技企业认定,认定年份,研发费用（元）,研发费用加计扣除额（元）,研发人员数\r\n' +
      `${a},2024,高新技术企业,2023,900000,900000,11\r\n` +
      `${a},2025,高新技术企业,2023,1500000.5,1500000.5,14\r\n` +
      `${a},2025,国家级实验室,,100,0,1\r\n`;
    const second = await send('rnd', rnd, xyzx, 'files', 'text/csv');
    expect(second.body).toMatchObject({ rowsRead: 3, rowsAccepted: 2, rowsRejected: 1 });
    expect(second.body.rejections).toEqual([{ rowNumber: 4, field: 'designation', code: 'INVALID_VALUE', reason: expect.stringContaining('高新技术企业') }]);

    const p = await profile(a);
    const value = (code: string) => indicator(p, code).value;
    expect([value('real_estate_units'), value('real_estate_area'), value('real_estate_mortgaged'), value('real_estate_seized')]).toEqual([2, '1500.50', 1, 1]);
    expect([value('tech_designation'), value('rnd_year'), value('rnd_expense'), value('rnd_super_deduction'), value('rnd_staff')]).toEqual(['高新技术企业', 2025, '1500000.50', '1500000.50', 14]);
    const scopeOf = (code: string) => p.sections.find((s) => s.indicators.some((i) => i.code === code))?.scope;
    expect([scopeOf('real_estate_units'), scopeOf('rnd_expense')]).toEqual(['permits', 'intellectual_property']);
  });
});

describe('file uploads', () => {
  /** Rows as a CSV file with their field names as headers, every cell quoted. */
  const csvOf = (rows: Row[]) => {
    const names = Object.keys(rows[0]!);
    const cell = (value: unknown) => (value === undefined ? '' : `"${String(value).replaceAll('"', '""')}"`);
    return [names.join(','), ...rows.map((r) => names.map((n) => cell(r[n])).join(','))].join('\r\n') + '\r\n';
  };

  it.each(Object.keys(SAMPLES).filter((c) => c !== 'register'))(
    '%s: rows staged straight from a CSV are stored exactly as the same rows sent as JSON lines, and a re-sent file changes nothing',
    async (category) => {
      const token = await sourceOf(category);
      const rows = [take(), take(), take()].map((uscc) => SAMPLES[category]!(uscc, nextNumber()));
      const first = await sendAs(category, csvOf(rows), token, 'files', 'text/csv');
      expect(first.body, JSON.stringify(first.body.rejections)).toMatchObject({ status: 'completed', rowsAccepted: 3, rowsInserted: 3, rowsRejected: 0 });
      // The same values the whole way (JSON lines): nothing differs from what the file stored.
      const asLines = await sendAs(category, rows, token);
      expect(asLines.body).toMatchObject({ status: 'completed', rowsAccepted: 3, rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 3 });
      const again = await sendAs(category, csvOf(rows), token, 'files', 'text/csv');
      expect(again.body).toMatchObject({ status: 'completed', rowsAccepted: 3, rowsInserted: 0, rowsUpdated: 0, rowsUnchanged: 3 });
    },
  );

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

  it('refuses a file without a required column before reading rows, naming the column', async () => {
    const a = take();
    const csv = `统一社会信用代码,所属期,税种\n${a},2026-08,vat\n${a},2026-09,vat\n`;
    const { status, body } = await send('tax_payments', csv, otherFeed, 'files', 'text/csv');
    expect(status).toBe(400);
    expect(body).toMatchObject({ code: 'INVALID_HEADER', detail: '缺少必填列“实缴税额（元）”（amountPaid）', errors: [{ field: 'header.amountPaid', code: 'MISSING_COLUMN' }] });
    const batch = (await (await platform.api(`/api/v1/ingestion/batches/${String(body.batchId)}`, { token: otherFeed })).json()) as Reply;
    expect(batch).toMatchObject({ status: 'failed', rowsRead: 0, rowsRejected: 0 });
    expect(await storedRows('tax_payments', a)).toEqual([]);
  });

  it('reads an XLSX upload (dates as Excel dates) and offers the rejections as Excel', async () => {
    const [a, b] = [take(), take()];
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('许可');
    const fields = Object.keys(SAMPLES.permits!(a, 0));
    sheet.addRow(fields);
    const good = SAMPLES.permits!(a, nextNumber());
    sheet.addRow(fields.map((f) => (f === 'decisionDate' || f === 'validFrom' ? new Date(`${String(good[f])}T00:00:00Z`) : good[f])));
    const bad: Row = { ...SAMPLES.permits!(b, nextNumber()), permitCategory: '随便' };
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
    const stored = await platform.database.knex('all_credit_records').where({ uscc: a, category: 'permits' }).first();
    expect(stored.payload.decisionDate).toBe(good.decisionDate);
    expect(stored.published_on_time).toBe(true);

    const download = await platform.api(`/api/v1/ingestion/batches/${report.id}/rejections.xlsx`, { token: feed });
    expect(download.status).toBe(200);
    const errors = new ExcelJS.Workbook();
    await errors.xlsx.load(Buffer.from(await download.arrayBuffer()) as unknown as ExcelJS.Buffer);
    const rows = errors.worksheets[0]!.getSheetValues().filter(Boolean) as unknown[][];
    // The column by its Chinese title as the template names it, then the field name and the code.
    expect(rows[0]!.slice(1, 6)).toEqual(['行号', '列', '字段名', '错误代码', '原因']);
    expect(rows[1]!.slice(1, 5)).toEqual([3, '许可类别', 'permitCategory', 'INVALID_VALUE']);
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
    const penalty = await send('penalties', [SAMPLES.penalties!(penaltyUscc, nextNumber())]);
    const knex = platform.database.knex;
    const heads = () => knex('credit_profiles').whereIn('uscc', [taxUscc, penaltyUscc]).orderBy('uscc').pluck('stale');
    const farStaleAfter = () => knex('credit_profiles').whereIn('uscc', [taxUscc, penaltyUscc]).where('stale_after', '2999-01-01').pluck('uscc');
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
      // Re-marked, so the drain the recovery started rebuilds them: whether or not it got there
      // before this look, they end rebuilt, their far stale-after date replaced.
      await platform.services.profiles.settled();
      expect(await heads()).toEqual([false, false]);
      expect(await farStaleAfter()).toEqual([]);
      const statuses = await knex('ingestion_batches').whereIn('id', [tax.body.id, penalty.body.id]).select('id', 'status', 'failure');
      expect(statuses.find((b) => b.id === penalty.body.id)).toMatchObject({ status: 'failed', failure: expect.stringContaining('平台在处理该批次时停止') });
      expect(statuses.find((b) => b.id === tax.body.id)).toMatchObject({ status: 'processing' });
    } finally {
      await knex('ingestion_batches').whereIn('id', [tax.body.id, penalty.body.id]).update({ status: 'completed', failure: null });
    }
  });
});
