import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vueFiles, WEB_SRC } from './helpers/web-sources.js';

// On a 390-pixel phone, 申请详情's two columns of facts left each label two characters a line
// (申请 / 企业) and each value squeezed beside it; 授权详情, 担保业务 and eleven other detail lists
// did the same. A detail list of several columns shows one item a row on a phone (`usePhone`).
describe('a detail list of several columns', () => {
  it('shows one item a row on a phone', () => {
    const fixed: string[] = [];
    for (const file of vueFiles(WEB_SRC)) {
      const source = readFileSync(file, 'utf8');
      for (const tag of source.match(/<el-descriptions\b(?:[^>"]|"[^"]*")*>/g) ?? []) {
        const columns = /\s:?column="([^"]*)"/.exec(tag)?.[1];
        if (columns !== undefined && /^\d+$/.test(columns.trim()) && Number(columns) > 1) fixed.push(`${relative(WEB_SRC, file)}: ${tag.slice(0, 60)}`);
        if (columns !== undefined && !/^\d+$/.test(columns.trim()) && !/isPhone/.test(columns)) fixed.push(`${relative(WEB_SRC, file)}: ${tag.slice(0, 60)}`);
      }
    }
    expect(fixed).toEqual([]);
  });
});
