import { buffer } from 'node:stream/consumers';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import type { FieldSpec } from '../format-version.js';
import { WHOLE_ROW } from '../rejected-column.js';
import type { Rejection } from './batch.js';
import { rejectionsWorkbook } from './rejections-workbook.js';

const FIELDS: FieldSpec[] = [
  { name: 'uscc', label: '统一社会信用代码', required: true },
  { name: 'period', label: '缴费月份', required: true },
  { name: 'amountPaid', label: '实缴金额（元）', required: true },
];

async function* rows(list: Rejection[]): AsyncGenerator<Rejection> {
  yield* list;
}

async function sheetRows(list: Rejection[]): Promise<unknown[][]> {
  const file = await buffer(rejectionsWorkbook(rows(list), FIELDS, (error) => { throw error; }));
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(file as unknown as ArrayBuffer);
  const out: unknown[][] = [];
  workbook.worksheets[0]!.eachRow((row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

describe('rejectionsWorkbook', () => {
  it('names each column as the sender’s file does and lays the row’s values out under those titles', async () => {
    const lines = await sheetRows([
      {
        rowNumber: 4,
        errors: [{ field: 'period', code: 'INVALID_FORMAT', message: '缴费月份应为 YYYY-MM 格式的月份' }],
        raw: { uscc: '91420281489090274M', period: '2026年9月', amountPaid: '3500' },
      },
      { rowNumber: 5, errors: [{ field: WHOLE_ROW, code: 'MALFORMED_JSON', message: '该行不是合法的 JSON' }], raw: { line: 'not json' } },
    ]);
    expect(lines).toEqual([
      ['行号', '列', '字段名', '错误代码', '原因', '统一社会信用代码', '缴费月份', '实缴金额（元）', '其他内容'],
      [4, '缴费月份', 'period', 'INVALID_FORMAT', '缴费月份应为 YYYY-MM 格式的月份', '91420281489090274M', '2026年9月', '3500'],
      [5, '整行', WHOLE_ROW, 'MALFORMED_JSON', '该行不是合法的 JSON', undefined, undefined, undefined, 'line: not json'],
    ]);
  });
});
