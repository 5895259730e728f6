import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Rejection } from './batch.js';

/**
 * Streams a batch's rejected rows as an Excel workbook (错误明细): one line per error with
 * the row number, field, code and reason, then the row's raw values as sent.
 */
export function rejectionsWorkbook(rejections: AsyncIterable<Rejection>, onError: (error: unknown) => void): Readable {
  const out = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet('错误明细');
  sheet.columns = [
    { header: '行号', key: 'rowNumber', width: 8 },
    { header: '字段', key: 'field', width: 24 },
    { header: '错误代码', key: 'code', width: 26 },
    { header: '原因', key: 'reason', width: 60 },
    { header: '原始数据', key: 'raw', width: 80 },
  ];
  void (async () => {
    try {
      for await (const r of rejections) {
        const raw = JSON.stringify(r.raw);
        for (const e of r.errors) sheet.addRow({ rowNumber: r.rowNumber, field: e.field, code: e.code, reason: e.message, raw }).commit();
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
