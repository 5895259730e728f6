import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { findFormat } from '../category-registry.js';
import type { RawRow } from './raw-row.js';
import { xlsxRows } from './xlsx-rows.js';

const penalties = findFormat('penalties', 1).format;
/** The penalties format with no column required: these tests read three columns of text, not whole records. */
const format = { ...penalties, fields: penalties.fields.map((f) => ({ ...f, required: false })) };

/** Chinese text of varying length, so multi-byte characters fall on every chunk boundary. */
function text(i: number): string {
  const base = '黄石市市场监督管理局依法查处销售不合格产品行为罚款伍仟元整鄂𠀀𡈽';
  return `${i}号：${[...base.repeat(1 + (i % 7))].slice(0, 5 + (i % 41)).join('')}`;
}

async function workbookBytes(rows: number, sharedStrings: boolean): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new PassThrough();
  sink.on('data', (c: Buffer) => chunks.push(c));
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: sharedStrings });
  const sheet = workbook.addWorksheet('处罚');
  sheet.addRow(['uscc', '违法事实', '处罚内容']).commit();
  for (let i = 0; i < rows; i++) sheet.addRow([`91420200MA${String(i).padStart(8, '0')}`, text(i), `罚款${i}元（${text(i + 3)}）`]).commit();
  sheet.commit();
  await workbook.commit();
  return Buffer.concat(chunks);
}

/** Sends the bytes in small odd-sized chunks, as a network would. */
const chunked = (bytes: Buffer, size: number) =>
  Readable.from((function* () {
    for (let at = 0; at < bytes.length; at += size) yield bytes.subarray(at, at + size);
  })());

async function readAll(input: Readable): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for await (const batch of xlsxRows(input, format)) out.push(...batch);
  return out;
}

describe('xlsxRows', () => {
  it.each([
    ['shared strings', true],
    ['inline strings', false],
  ])('reads 20,000 Chinese rows back exactly (%s), whatever the chunking', async (_label, shared) => {
    const bytes = await workbookBytes(20_000, shared);
    const rows = await readAll(chunked(bytes, 4_093));
    expect(rows).toHaveLength(20_000);
    let damaged = 0;
    for (const [i, row] of rows.entries()) {
      const expected = { uscc: `91420200MA${String(i).padStart(8, '0')}`, violationFacts: text(i), penaltyContent: `罚款${i}元（${text(i + 3)}）` };
      if (JSON.stringify(row.values) !== JSON.stringify(expected)) damaged++;
      expect(row.rowNumber).toBe(i + 2);
    }
    expect(damaged).toBe(0);
    expect(rows.some((r) => String(r.values.violationFacts).includes('\uFFFD'))).toBe(false);
  });
});

describe('a month typed into a spreadsheet', () => {
  it('is read from its date cell and taken as the month, whichever way the cell shows it', async () => {
    const social = findFormat('social_security', 1).format;
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('社保');
    sheet.addRow(['统一社会信用代码', '缴费月份', '参保人数', '缴费基数合计（元）', '应缴金额（元）', '实缴金额（元）']);
    const shown = ['yyyy"年"m"月"', 'yyyy-mm', 'yyyy/m/d'];
    for (const [i, numFmt] of shown.entries()) {
      const row = sheet.addRow(['91420281489090274M', new Date(Date.UTC(2026, 6 + i, 1)), 5, 21000, 3500, 3500]);
      row.getCell(2).numFmt = numFmt;
    }
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const periods = [];
    for await (const batch of xlsxRows(Readable.from([bytes]), social)) {
      for (const row of batch) {
        const parsed = social.parse(row.values);
        periods.push(parsed.ok ? parsed.record.payload.period : parsed.errors);
      }
    }
    expect(periods).toEqual(['2026-07', '2026-08', '2026-09']);
  });
});
