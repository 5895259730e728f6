import ExcelJS from 'exceljs';
import { hasControlCharacter } from '../../src/platform/visible-text.js';
import type { BadInputCase } from './corpus-types.js';
import { deeplyNested } from './variants.js';

/**
 * Uploads of each format (CSV and XLSX files, JSON lines through the API) whose rows or files
 * carry bad values. A bad row is quarantined with its reason (201, nothing accepted); a file that
 * cannot be read is refused whole (4xx).
 */
type Row = Record<string, string>;
const BASE: Row = { uscc: '914403001922038216', kind: '荣誉表彰', title: '守合同重信用企业', authority: '黄石市市场监督管理局', awardedOn: '2026-01-10' };

/** Still refused once a file's encoding or format is understood. */
const BAD_DATE: Row = { ...BASE, awardedOn: '2026-02-30' };

const ROW_VARIANTS: [string, string, string][] = [
  ['uscc', 'nul', '9144030019220382\u000016'],
  ['uscc', 'zero-width', '\u200b\u200b'],
  ['uscc', 'huge', '9'.repeat(40_000)],
  ['title', 'nul', '守合同\u0000重信用'],
  ['title', 'zero-width-only', '\u200b\ufeff\u2060'],
  ['title', 'control', '守合\u0007同'],
  ['title', 'huge-cell', '长'.repeat(30_000)],
  ['authority', 'nul', '\u0000'],
  ['kind', 'unknown', '不存在的类别'],
  ['kind', 'proto', '__proto__'],
  ['awardedOn', 'feb-30', '2026-02-30'],
  ['awardedOn', 'year-zero', '0000-01-01'],
  ['awardedOn', 'year-9999', '9999-12-31'],
  ['awardedOn', 'not-a-date', '昨天'],
];

const csvCell = (v: string) => `"${v.replace(/"/g, '""')}"`;
const csv = (rows: Row[]) => [Object.keys(BASE).join(','), ...rows.map((r) => Object.keys(BASE).map((k) => csvCell(r[k] ?? '')).join(','))].join('\n') + '\n';
const jsonl = (rows: unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

async function xlsx(rows: Row[]): Promise<Uint8Array> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('data');
  sheet.addRow(Object.keys(BASE));
  for (const r of rows) sheet.addRow(Object.keys(BASE).map((k) => r[k] ?? ''));
  return new Uint8Array(await book.xlsx.writeBuffer());
}

const CSV = 'text/csv';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const NDJSON = 'application/x-ndjson';
const files = '/api/v1/ingestion/honours/files?formatVersion=1';
const records = '/api/v1/ingestion/honours/records?formatVersion=1';

const upload = (name: string, path: string, text: string | Uint8Array | (() => Promise<Uint8Array>), contentType: string, expect: BadInputCase['expect'] = 'quarantined'): BadInputCase => ({
  name,
  method: 'POST',
  path,
  caller: 'dataSource',
  raw: { text, contentType },
  expect,
});

export function uploadCases(): BadInputCase[] {
  const rowCases = ROW_VARIANTS.flatMap(([field, variant, value]) => {
    const row = { ...BASE, [field]: value };
    return [
      upload(`upload csv ${field}=${variant}`, files, csv([row]), CSV),
      // A workbook cannot hold control characters (XML 1.0 forbids them; the writer drops them), so those variants are CSV and JSON only.
      ...(hasControlCharacter(value) ? [] : [upload(`upload xlsx ${field}=${variant}`, files, () => xlsx([row]), XLSX)]),
      upload(`upload jsonl ${field}=${variant}`, records, jsonl([row]), NDJSON),
    ];
  });
  const line = (text: string) => `${text}\n`;
  return [
    ...rowCases,
    upload('upload jsonl lone surrogate escape', records, line(JSON.stringify(BASE).replace('守合同', '\\ud800')), NDJSON),
    upload('upload jsonl __proto__ member', records, line(`{"__proto__":{"x":1},${JSON.stringify(BASE).slice(1)}`), NDJSON),
    upload('upload jsonl constructor member', records, line(JSON.stringify({ ...BASE, constructor: { prototype: 1 } })), NDJSON),
    upload('upload jsonl deeply nested value', records, line(`{${JSON.stringify(BASE).slice(1, -1)},"title":${deeplyNested(5_000)}}`), NDJSON),
    upload('upload jsonl deeply nested line', records, line(deeplyNested(20_000)), NDJSON),
    upload('upload jsonl array line', records, line('[1,2,3]'), NDJSON),
    upload('upload jsonl invalid json', records, line('{"uscc":'), NDJSON),
    upload('upload jsonl NUL escape in key', records, line(`{"a\\u0000":1,${JSON.stringify(BASE).slice(1)}`), NDJSON),
    upload('upload jsonl huge line', records, line(JSON.stringify({ ...BASE, title: 'x'.repeat(2_000_000) })), NDJSON),
    upload('upload csv empty file', files, '', CSV),
    upload('upload csv unknown column', files, 'uscc,nope\n914403001922038216,x\n', CSV, 'refused'),
    upload('upload csv duplicate column', files, 'uscc,uscc\n914403001922038216,x\n', CSV, 'refused'),
    upload('upload csv unterminated quote', files, `${Object.keys(BASE).join(',')}\n"914403001922038216,x\n`, CSV),
    upload('upload csv too many cells', files, `${Object.keys(BASE).join(',')}\n${Object.values(BASE).join(',')},extra,extra\n`, CSV),
    upload('upload csv 3000 columns', files, `${Array.from({ length: 3_000 }, (_, i) => `c${i}`).join(',')}\n`, CSV, 'refused'),
    upload('upload csv binary garbage', files, new Uint8Array(Array.from({ length: 4_096 }, (_, i) => (i * 7919) % 256)), CSV),
    upload('upload csv utf-16 with BOM', files, new Uint8Array([0xff, 0xfe, ...Buffer.from(csv([BAD_DATE]), 'utf16le')]), CSV),
    upload('upload xlsx garbage bytes', files, new Uint8Array(Buffer.from('PK\u0003\u0004 this is not a workbook')), XLSX, 'refused'),
    upload('upload xlsx sent as text/csv', files, () => xlsx([BAD_DATE]), CSV),
    upload('upload xlsx empty workbook', files, () => new ExcelJS.Workbook().xlsx.writeBuffer().then((b) => new Uint8Array(b)), XLSX),
  ];
}
