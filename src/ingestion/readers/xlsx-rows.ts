import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { validationError } from '../../platform/errors.js';
import type { FormatVersion } from '../format-version.js';
import { headerMap, rowValues } from './header-map.js';
import type { RawRow } from './raw-row.js';

/** A cell as text: dates as YYYY-MM-DD (Excel dates carry no zone; exceljs gives them as UTC midnight). */
function cellValue(value: ExcelJS.CellValue): unknown {
  if (value === null || value === undefined) return undefined;
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('result' in value) return cellValue(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value) return String(value.text);
    return undefined;
  }
  return typeof value === 'number' ? String(value) : value;
}

/** Streams the first worksheet of an XLSX file with exceljs' streaming reader; row 1 is the header. */
export async function* xlsxRows(input: Readable, format: FormatVersion): AsyncGenerator<RawRow> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    entries: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
  });
  let names: (string | undefined)[] | undefined;
  try {
    for await (const worksheet of reader) {
      for await (const row of worksheet as AsyncIterable<ExcelJS.Row>) {
        const raw = row.values as ExcelJS.CellValue[];
        const cells = raw.slice(1).map(cellValue);
        if (!names) {
          names = headerMap(format, cells);
          continue;
        }
        if (cells.every((c) => c === undefined || c === '')) continue;
        yield { rowNumber: row.number, values: rowValues(names, cells) };
      }
      break;
    }
  } catch (error) {
    if (error instanceof Error && !('kind' in error)) {
      throw validationError('MALFORMED_XLSX', `无法读取 Excel 文件：${error.message}`);
    }
    throw error;
  }
  if (!names) throw validationError('EMPTY_FILE', '文件没有表头行或内容为空');
}
