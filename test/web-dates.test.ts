import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { vueFiles, WEB_SRC } from './helpers/web-sources.js';

// 授权书 and the consent choice wrote 2026年12月7日 where every other page wrote 2026-12-07, the
// home page's 服务状态 wrote 2026/12/07, a month was 2026年3月 on one page and 2026-03 on the next,
// and a few pages printed a stored date as it came. 监测看板 still headed its funnels and bank
// service with 2026-01 至 2026-12 and titled its drill-down and balance dialogs with 2026-12.
// What a person reads of a date is written by `web/src/format/date.ts` alone (a day 2026-03-05, a moment 2026-03-05 14:30, a month 2026年3月),
// and by `src/platform/business-date.ts` where the platform writes a date into text or a file.
const SRC = fileURLToPath(new URL('../src/', import.meta.url));
const DATE_RULE = join(WEB_SRC, 'format', 'date.ts');

/** Ways of writing a date for reading other than the rule's functions. */
const OWN_FORMATS: readonly [RegExp, string][] = [
  [/Intl\.DateTimeFormat\(/, 'Intl.DateTimeFormat'],
  [/toLocale(?:Date|Time)String\(/, 'toLocaleDateString'],
  [/toLocaleString\([^)]*timeZone/, 'toLocaleString with a time zone'],
  [/年\$\{/, 'a date built as 年…月'],
  [/Date\.now\(\) \+ 8 \* 3_?600_?000\)\.toISOString\(\)/, 'a Shanghai date cut from an ISO string'],
];

/** A stored date shown as it came: `{{ row.paidOn }}`, `{{ latest.month }}`, `{{ data.from }}`, `prop="receivedOn"`. */
const RAW_INTERPOLATION = /\{\{\s*([\w.]+?\.)?(\w*(?:At|On|Until|From|Date|Month)|month|day|from|to)\s*\}\}/g;
/** A month or period inside a template string a person reads (a dialog's title, a message): `（${month}）`; a day picked as 'YYYY-MM-DD' already reads as the rule writes it. */
const RAW_IN_TEXT = /\$\{\s*([\w.]+?\.)?(\w*Month|month|from|to)\s*\}/g;
const RAW_COLUMN = /<el-table-column\b[^>]*\bprop="(\w*(?:At|On|Until|From|Date|Month)|month|day)"/g;
/** A chart's axis of months or periods ('YYYY-MM'), drawn as they came (信用画像's monthly series). */
const RAW_AXIS = /xAxis:\s*\{[^}]*\bdata:\s*([^}]*)\}/g;
/** A month picker shows its month as formatMonth writes it. */
const MONTH_PICKER = /<el-date-picker\b[^>]*\btype="month"[^>]*>/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(path);
    return /\.(ts|vue)$/.test(entry.name) && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('dates a person reads', () => {
  it('are written only by the date rule, in the portal and in the platform', () => {
    const own: string[] = [];
    for (const file of [...sourceFiles(WEB_SRC), ...sourceFiles(SRC)]) {
      if (file === DATE_RULE) continue;
      const source = readFileSync(file, 'utf8');
      for (const [pattern, what] of OWN_FORMATS) if (pattern.test(source)) own.push(`${relative(join(WEB_SRC, '..', '..'), file)}: ${what}`);
    }
    expect(own).toEqual([]);
  });

  it('are never shown as they are stored', () => {
    const raw: string[] = [];
    for (const file of sourceFiles(WEB_SRC)) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(RAW_AXIS)) if (/month|period/i.test(m[1]!) && !/format(?:Month|Date)/.test(m[1]!)) raw.push(`${relative(WEB_SRC, file)}: ${m[0]}`);
    }
    for (const file of vueFiles(WEB_SRC)) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(RAW_INTERPOLATION)) raw.push(`${relative(WEB_SRC, file)}: ${m[0]}`);
      for (const m of source.matchAll(RAW_IN_TEXT)) raw.push(`${relative(WEB_SRC, file)}: ${m[0]}`);
      for (const m of source.matchAll(RAW_COLUMN)) raw.push(`${relative(WEB_SRC, file)}: prop="${m[1]}"`);
      for (const m of source.matchAll(MONTH_PICKER)) if (!m[0].includes(':format="MONTH_PICKER_FORMAT"')) raw.push(`${relative(WEB_SRC, file)}: ${m[0]}`);
    }
    expect(raw).toEqual([]);
  });
});
