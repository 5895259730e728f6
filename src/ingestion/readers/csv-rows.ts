import type { Readable } from 'node:stream';
import { validationError } from '../../platform/errors.js';
import type { CellStager, FormatVersion } from '../format-version.js';
import { DEFAULT_UPLOAD_LIMITS, limitExceeded, type UploadLimits } from '../upload-limits.js';
import { WHOLE_ROW } from '../rejected-column.js';
import { CsvFormatError, CsvRecordReader } from './csv-records.js';
import { headerMap, rowValues } from './header-map.js';
import type { UploadRow } from './raw-row.js';

/**
 * Streams a UTF-8 CSV (first record: header) as the rows of each chunk read; a row's number is
 * its CSV record number, header = 1 (empty lines are not records). Rows the format stages
 * straight from their cells come staged (see FormatVersion `stageCells`).
 */
export async function* csvRows(
  input: Readable,
  format: FormatVersion,
  limits: Pick<UploadLimits, 'maxColumns' | 'maxCellChars'> = DEFAULT_UPLOAD_LIMITS,
): AsyncGenerator<UploadRow[]> {
  const reader = new CsvRecordReader();
  let names: (string | undefined)[] | undefined;
  let stage: CellStager | undefined;
  let rowNumber = 0;
  const rows = (records: string[][]): UploadRow[] => {
    const out: UploadRow[] = [];
    for (const cells of records) {
      rowNumber++;
      if (!names) {
        if (cells.length > limits.maxColumns) throw limitExceeded('TOO_MANY_COLUMNS', `表头超过 ${limits.maxColumns} 列`, 'header');
        names = headerMap(format, cells);
        stage = format.stageCells?.(names);
        continue;
      }
      let long = -1;
      for (let i = 0; i < cells.length && long < 0; i++) if (cells[i]!.length > limits.maxCellChars) long = i;
      const staged = long < 0 && cells.length <= names.length ? stage?.(cells) : undefined;
      if (staged) {
        out.push({ rowNumber, staged, names, cells });
        continue;
      }
      const values = rowValues(names, cells);
      if (long >= 0) {
        out.push({ rowNumber, values, error: { field: names[long] ?? `column.${long + 1}`, code: 'CELL_TOO_LONG', message: `第${long + 1}列超过 ${limits.maxCellChars} 个字符` } });
      } else if (cells.length > names.length) {
        out.push({ rowNumber, values, error: { field: WHOLE_ROW, code: 'TOO_MANY_COLUMNS', message: `该行有${cells.length}列，多于表头的${names.length}列` } });
      } else {
        out.push({ rowNumber, values });
      }
    }
    return out;
  };
  try {
    for await (const chunk of input as AsyncIterable<Buffer | string>) {
      const batch = rows(reader.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk));
      if (batch.length) yield batch;
    }
    const last = rows(reader.end());
    if (last.length) yield last;
  } catch (error) {
    if (error instanceof CsvFormatError) {
      throw validationError('MALFORMED_CSV', `CSV 第${rowNumber + 1}行附近格式错误：${error.message}`, [
        { field: `row.${rowNumber + 1}`, code: 'MALFORMED_CSV', message: error.message },
      ]);
    }
    throw error;
  }
  if (!names) throw validationError('EMPTY_FILE', '文件没有表头行或内容为空');
}
