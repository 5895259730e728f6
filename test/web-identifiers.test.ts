import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vueFiles, WEB_SRC } from './helpers/web-sources.js';

// 银行服务时效 listed each overdue application by its 申请编号, a UUID nobody at the financial
// office can read or look up, and a bank's 企业画像 listed third-party records by their stored key.
// A record key is read through `recordKeyText`. A record is named for a person by what they know it by (enterprise,
// product, bank, date); an identifier is shown only where the person is meant to quote it (授权编号,
// 批次编号, 查询编号), marked `data-verbatim` so the checks of visible text pass over it.
const ID_COLUMN = /<el-table-column\b[^>]*\bprop="(id|\w+Id|\w*[kK]ey)"/g;
const ID_TEXT = /\{\{\s*[\w.]*?\.(id|\w+Id|\w*[kK]ey)\s*\}\}/g;

/** Whether the element the text sits in (its nearest opening tag) is marked `data-verbatim`. */
function verbatim(source: string, at: number): boolean {
  const open = source.lastIndexOf('<', at);
  return open >= 0 && source[open + 1] !== '/' && /\bdata-verbatim\b/.test(source.slice(open, source.indexOf('>', open)));
}

describe('identifiers on pages', () => {
  it('are shown only where the person is meant to quote them', () => {
    const shown: string[] = [];
    for (const file of vueFiles(WEB_SRC)) {
      const source = readFileSync(file, 'utf8');
      for (const m of source.matchAll(ID_COLUMN)) shown.push(`${relative(WEB_SRC, file)}: prop="${m[1]}"`);
      for (const m of source.matchAll(ID_TEXT)) if (!verbatim(source, m.index)) shown.push(`${relative(WEB_SRC, file)}: ${m[0]}`);
    }
    expect(shown).toEqual([]);
  });
});
