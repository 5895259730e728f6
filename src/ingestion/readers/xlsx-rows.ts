import type { Readable } from 'node:stream';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { validationError } from '../../platform/errors.js';
import type { FormatVersion } from '../format-version.js';
import { DEFAULT_UPLOAD_LIMITS, limitExceeded, type UploadLimits } from '../upload-limits.js';
import { headerMap, rowValues } from './header-map.js';
import type { RawRow } from './raw-row.js';
import { malformedXlsx, XlsxPackage } from './xlsx-package.js';

export type XlsxLimits = Omit<UploadLimits, 'maxBytes' | 'maxRows'>;

/** Built-in number formats that show a date (including the Chinese-locale ones, 27–36 and 50–58). */
const DATE_FORMAT_IDS = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 45, 46, 47, 50, 51, 52, 53, 54, 55, 56, 57, 58]);

/** A custom format shows a date when, outside quoted text, escapes and [colour/locale] parts, it has y, m or d. */
const isDateCode = (code: string) => /[ymd]/i.test(code.replace(/"[^"]*"|\\.|\[[^\]]*\]/g, ''));

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** `B12` → 1 (0-based column). */
function columnIndex(ref: string): number {
  let n = 0;
  for (const ch of ref) {
    const c = ch.charCodeAt(0);
    if (c < 65 || c > 90) break;
    n = n * 26 + (c - 64);
  }
  return n - 1;
}

/** An Excel serial day as YYYY-MM-DD (Excel dates carry no zone). */
function serialDate(serial: number, date1904: boolean): string {
  const day = Math.floor(serial + 1e-9);
  // 1900 system: day 60 is the non-existent 1900-02-29, so days from 61 on count from 1899-12-30.
  const epoch = date1904 ? Date.UTC(1904, 0, 1) : day < 61 ? Date.UTC(1899, 11, 31) : Date.UTC(1899, 11, 30);
  return new Date(epoch + day * 86_400_000).toISOString().slice(0, 10);
}

/** Runs a part through a parser to its end (for parts that are read whole before the sheet). */
async function readPart(pkg: XlsxPackage, name: string, parser: SaxesParser): Promise<void> {
  for await (const _ of pkg.parse(name, parser));
}

/** The first worksheet's part and whether the workbook counts dates from 1904. */
async function firstSheet(pkg: XlsxPackage): Promise<{ part: string; date1904: boolean }> {
  let relId: string | undefined;
  let date1904 = false;
  const workbook = new SaxesParser();
  workbook.on('opentag', (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (name === 'workbookPr') date1904 = tag.attributes.date1904 === '1' || tag.attributes.date1904 === 'true';
    if (name === 'sheet' && relId === undefined) relId = Object.entries(tag.attributes).find(([k]) => local(k) === 'id')?.[1];
  });
  await readPart(pkg, 'xl/workbook.xml', workbook);
  let target: string | undefined;
  if (relId !== undefined && pkg.has('xl/_rels/workbook.xml.rels')) {
    const rels = new SaxesParser();
    rels.on('opentag', (tag: SaxesTagPlain) => {
      if (local(tag.name) === 'Relationship' && tag.attributes.Id === relId) target = tag.attributes.Target;
    });
    await readPart(pkg, 'xl/_rels/workbook.xml.rels', rels);
  }
  const part = target === undefined ? 'xl/worksheets/sheet1.xml' : target.startsWith('/') ? target.slice(1) : `xl/${target}`;
  return { part, date1904 };
}

/** For each cell style (the `s` attribute), whether it shows a date. */
async function dateStyles(pkg: XlsxPackage): Promise<boolean[]> {
  if (!pkg.has('xl/styles.xml')) return [];
  const custom = new Map<number, boolean>();
  const styles: boolean[] = [];
  let inCellXfs = false;
  const parser = new SaxesParser();
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (name === 'numFmt') custom.set(Number(tag.attributes.numFmtId), isDateCode(String(tag.attributes.formatCode ?? '')));
    else if (name === 'cellXfs') inCellXfs = true;
    else if (name === 'xf' && inCellXfs) {
      const id = Number(tag.attributes.numFmtId ?? 0);
      styles.push(custom.get(id) ?? DATE_FORMAT_IDS.has(id));
    }
  });
  parser.on('closetag', (tag) => {
    if (local(tag.name) === 'cellXfs') inCellXfs = false;
  });
  await readPart(pkg, 'xl/styles.xml', parser);
  return styles;
}

/** The shared strings, bounded in number and characters (they are held for the whole sheet). */
async function sharedStrings(pkg: XlsxPackage, limits: XlsxLimits): Promise<string[]> {
  if (!pkg.has('xl/sharedStrings.xml')) return [];
  const strings: string[] = [];
  let chars = 0;
  let current: string | undefined;
  let inText = false;
  let phonetic = 0;
  const parser = new SaxesParser();
  parser.on('opentag', (tag: SaxesTagPlain) => {
    const name = local(tag.name);
    if (name === 'si') {
      current = '';
      if (strings.length >= limits.maxSharedStrings) {
        throw limitExceeded('XLSX_TOO_MANY_SHARED_STRINGS', `Excel 文件的共享字符串超过 ${limits.maxSharedStrings.toLocaleString('zh-CN')} 个`, 'file');
      }
    } else if (name === 'rPh') phonetic++;
    else if (name === 't' && phonetic === 0) inText = true;
  });
  parser.on('text', (text) => {
    if (!inText || current === undefined) return;
    current += text;
    chars += text.length;
    if (current.length > limits.maxCellChars) throw limitExceeded('XLSX_CELL_TOO_LONG', `Excel 文件第${strings.length + 1}个共享字符串超过 ${limits.maxCellChars} 个字符`, 'file');
    if (chars > limits.maxSharedStringChars) {
      throw limitExceeded('XLSX_SHARED_STRINGS_TOO_LARGE', `Excel 文件的共享字符串共超过 ${limits.maxSharedStringChars.toLocaleString('zh-CN')} 个字符`, 'file');
    }
  });
  parser.on('closetag', (tag) => {
    const name = local(tag.name);
    if (name === 't') inText = false;
    else if (name === 'rPh') phonetic--;
    else if (name === 'si' && current !== undefined) {
      strings.push(current);
      current = undefined;
    }
  });
  await readPart(pkg, 'xl/sharedStrings.xml', parser);
  return strings;
}

/**
 * Streams the first worksheet of an XLSX file (row 1: header) as the rows each inflated chunk
 * completed. Shared strings, styles and the workbook are read first (see XlsxPackage for why the
 * upload is copied to a temporary file). Dates are cells whose style shows a date, given as
 * YYYY-MM-DD; numbers as their shortest text; booleans as true/false; error cells as empty.
 */
export async function* xlsxRows(input: Readable, format: FormatVersion, limits: XlsxLimits = DEFAULT_UPLOAD_LIMITS): AsyncGenerator<RawRow[]> {
  const pkg = await XlsxPackage.open(input, limits.maxPartBytes);
  try {
    const { part, date1904 } = await firstSheet(pkg);
    if (!pkg.has(part)) throw malformedXlsx();
    const isDate = await dateStyles(pkg);
    const strings = await sharedStrings(pkg, limits);

    let names: (string | undefined)[] | undefined;
    let out: RawRow[] = [];
    let rowNumber = 0;
    let cells: unknown[] = [];
    let column = -1;
    let cell: { type: string; style: number; text: string; inText: boolean } | undefined;
    let phonetic = 0;

    const cellValue = (c: NonNullable<typeof cell>): unknown => {
      const t = c.text;
      switch (c.type) {
        case 's': {
          const s = strings[Number(t)];
          if (s === undefined) throw malformedXlsx();
          return s;
        }
        case 'inlineStr':
        case 'str':
          return t;
        case 'b':
          return t === '1' || t === 'true';
        case 'e':
          return undefined;
        case 'd':
          return t === '' ? undefined : t.slice(0, 10);
        default: {
          if (t === '') return undefined;
          const n = Number(t);
          if (Number.isNaN(n)) return t;
          return isDate[c.style] ? serialDate(n, date1904) : String(n);
        }
      }
    };

    const parser = new SaxesParser();
    parser.on('opentag', (tag: SaxesTagPlain) => {
      const name = local(tag.name);
      if (name === 'row') {
        const r = Number(tag.attributes.r);
        rowNumber = Number.isInteger(r) && r > rowNumber ? r : rowNumber + 1;
        cells = [];
        column = -1;
      } else if (name === 'c') {
        const ref = tag.attributes.r;
        column = ref ? columnIndex(ref) : column + 1;
        if (column >= limits.maxColumns) {
          throw limitExceeded('TOO_MANY_COLUMNS', `第${rowNumber}行超过 ${limits.maxColumns} 列`, `row.${rowNumber}`);
        }
        cell = { type: tag.attributes.t ?? 'n', style: Number(tag.attributes.s ?? 0), text: '', inText: false };
      } else if (name === 'rPh') phonetic++;
      else if (cell && (name === 'v' || (name === 't' && phonetic === 0))) cell.inText = true;
    });
    parser.on('text', (text) => {
      if (!cell?.inText) return;
      cell.text += text;
      if (cell.text.length > limits.maxCellChars) {
        throw limitExceeded('CELL_TOO_LONG', `第${rowNumber}行第${column + 1}列超过 ${limits.maxCellChars} 个字符`, `row.${rowNumber}`);
      }
    });
    parser.on('closetag', (tag) => {
      const name = local(tag.name);
      if (name === 'v' || name === 't') {
        if (cell) cell.inText = false;
      } else if (name === 'rPh') phonetic--;
      else if (name === 'c' && cell) {
        cells[column] = cellValue(cell);
        cell = undefined;
      } else if (name === 'row') {
        if (!names) {
          names = headerMap(format, Array.from(cells));
          return;
        }
        if (cells.every((c) => c === undefined || c === '')) return;
        out.push({ rowNumber, values: rowValues(names, Array.from(cells)) });
      }
    });
    for await (const _ of pkg.parse(part, parser)) {
      if (out.length) {
        yield out;
        out = [];
      }
    }
    if (!names) throw validationError('EMPTY_FILE', '文件没有表头行或内容为空');
  } finally {
    await pkg.close();
  }
}
