import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { validationError } from '../../platform/errors.js';
import type { FormatVersion } from '../format-version.js';
import { headerMap, rowValues } from './header-map.js';
import type { RawRow } from './raw-row.js';

/** Streams a UTF-8 CSV (first row: header); the row number is the CSV record number, header = 1. */
export async function* csvRows(input: Readable, format: FormatVersion): AsyncGenerator<RawRow> {
  const parser = input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
  let names: (string | undefined)[] | undefined;
  let rowNumber = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      rowNumber++;
      if (!names) {
        names = headerMap(format, cells);
        continue;
      }
      const values = rowValues(names, cells);
      if (cells.length > names.length) {
        yield { rowNumber, values, error: { field: '(row)', code: 'TOO_MANY_COLUMNS', message: `该行有${cells.length}列，多于表头的${names.length}列` } };
      } else {
        yield { rowNumber, values };
      }
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error && String(error.code).startsWith('CSV_')) {
      throw validationError('MALFORMED_CSV', `CSV 第${rowNumber + 1}行附近格式错误：${error.message}`, [
        { field: `row.${rowNumber + 1}`, code: 'MALFORMED_CSV', message: error.message },
      ]);
    }
    throw error;
  }
  if (!names) throw validationError('EMPTY_FILE', '文件没有表头行或内容为空');
}
