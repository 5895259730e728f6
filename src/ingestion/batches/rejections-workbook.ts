import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { guardRowText } from '../../platform/spreadsheet-text.js';
import type { FieldSpec } from '../format-version.js';
import { rejectedColumn } from '../rejected-column.js';
import type { Rejection } from './batch.js';

/** What a rejected row held beyond the format's fields (a line that is not JSON, a key the format does not know). */
const OTHER = '其他内容';

/**
 * Streams a batch's rejected rows as an Excel workbook (错误明细): one line per error with the
 * row number, the column by its Chinese title (the field name beside it), the code and the
 * reason, then the row's values as sent under the format's column titles, so the sender can
 * find and correct each cell as in the file it sent. A value that a spreadsheet would take for a
 * formula is shown with a leading apostrophe (`spreadsheetText`): the rest reads as sent.
 */
export function rejectionsWorkbook(rejections: AsyncIterable<Rejection>, fields: readonly FieldSpec[], onError: (error: unknown) => void): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet('错误明细');
  const labels = Object.fromEntries(fields.map((f) => [f.name, f.label]));
  sheet.columns = [
    { header: '行号', key: 'rowNumber', width: 8 },
    { header: '列', key: 'column', width: 24 },
    { header: '字段名', key: 'field', width: 18 },
    { header: '错误代码', key: 'code', width: 22 },
    { header: '原因', key: 'reason', width: 60 },
    ...fields.map((f) => ({ header: f.label, key: `value:${f.name}`, width: 18 })),
    { header: OTHER, key: 'other', width: 40 },
  ];
  void (async () => {
    try {
      for await (const r of rejections) {
        const values = Object.fromEntries(fields.map((f) => [`value:${f.name}`, cellText(r.raw[f.name])]));
        const rest = Object.entries(r.raw).filter(([key]) => !(key in labels));
        const other = rest.map(([key, value]) => `${key}: ${cellText(value)}`).join('；');
        for (const e of r.errors) {
          guardRowText(sheet.addRow({ rowNumber: r.rowNumber, column: rejectedColumn(e.field, labels), field: e.field, code: e.code, reason: e.message, ...values, other })).commit();
        }
      }
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      onError(error);
      out.destroy(error as Error);
    }
  })();
  return out;
}

/** A value as sent, written as text so Excel neither drops leading zeros nor turns a code into a number. */
const cellText = (value: unknown): string =>
  value === undefined || value === null ? '' : typeof value === 'object' ? JSON.stringify(value) : String(value);
