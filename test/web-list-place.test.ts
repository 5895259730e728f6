import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vueFiles, WEB_SRC } from './helpers/web-sources.js';

// 查询记录, 金融产品, 政策与知识, 消息投递, 产品审核, 异议处理, 监测看板, 担保业务月报, 月度报送 and 模型监测
// came back unfiltered on a refresh or on Back from a row's page, and 担保申请受理 came back with its
// first 20 rows after 加载更多 had listed 60. A page whose filters, tab, page or 加载更多 choose the
// rows it lists keeps them in the address with `useQueryState` (docs/portal.md, 7).

/** What chooses a page's rows: a filter form, a control that reloads the list, a tab, a pager. */
const CHOOSERS: readonly [RegExp, string][] = [
  [/<el-form\b[^>]*\binline\b[^>]*@submit\.prevent="(?:load|search|filter\w*|query|refresh)\b/, 'a filter form'],
  [/<el-(?:select|radio-group|date-picker|input|input-number|segmented)\b[^>]*\bv-model="[^"]+"[^>]*@change="[^"]+"/, 'a control that reloads the list'],
  [/\bwatch\(\s*\w+,\s*load\b/, 'a choice watched to reload the page'],
  [/<el-tabs\b[^>]*\bv-model="/, 'tabs'],
  [/<el-pagination\b/, 'a pager'],
  [/加载更多/, '加载更多'],
];

describe('a list page', () => {
  it('keeps what chooses its rows in the address', () => {
    const forgetful: string[] = [];
    for (const file of vueFiles(WEB_SRC)) {
      if (!file.endsWith('-page.vue')) continue;
      const source = readFileSync(file, 'utf8');
      if (source.includes('useQueryState(')) continue;
      const chosen = CHOOSERS.filter(([pattern]) => pattern.test(source)).map(([, what]) => what);
      if (chosen.length) forgetful.push(`${relative(WEB_SRC, file)}: ${chosen.join(', ')}`);
    }
    expect(forgetful).toEqual([]);
  });

  it('keeps a page number from the address within the list, so a stale link does not say 暂无…', () => {
    const unchecked: string[] = [];
    for (const file of vueFiles(WEB_SRC)) {
      const source = readFileSync(file, 'utf8');
      const kept = /useQueryState\(\{([^}]*)\}/.exec(source)?.[1] ?? '';
      if (/\bpage\b/.test(kept) && !source.includes('usePageInRange(')) unchecked.push(relative(WEB_SRC, file));
    }
    expect(unchecked).toEqual([]);
  });

  it('keeps how many rows 加载更多 listed, not only the filters', () => {
    const short: string[] = [];
    for (const file of vueFiles(WEB_SRC)) {
      const source = readFileSync(file, 'utf8');
      if (!source.includes('加载更多')) continue;
      const kept = /useQueryState\(\{([^}]*)\}/.exec(source)?.[1] ?? '';
      if (!/\bshown\b/.test(kept)) short.push(relative(WEB_SRC, file));
    }
    expect(short).toEqual([]);
  });
});
