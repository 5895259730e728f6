import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vueFiles, WEB_SRC } from './helpers/web-sources.js';

/** A button that starts a list (新建产品, 邀请人员, 生成新修订, 立即生成白名单): clicked, not a form's own submit nor a row's action. */
const STARTER = /<el-button\b(?![^>]*native-type="submit")(?![^>]*\brow\b)[^>]*@click[^>]*>\s*(?:\{\{[^}]*'((?:立即)?(?:新建|新增|添加|邀请|生成)[^']*)'\s*\}\}|((?:立即)?(?:新建|新增|添加|邀请|生成)[^<{]*?))\s*<\/el-button>/g;
const EMPTY_TEXT = /emptyText\('([^']*)'\)/g;
/** A button that leads to where the list begins (我的申请's 去申请贷款 opens 金融产品). */
const LINKED_STARTER = /<router-link\b[^>]*>\s*<el-button\b[^>]*>\s*([^<{]+?)\s*<\/el-button>\s*<\/router-link>/g;

// A bank's 我的产品, a guarantee company's 担保产品, 内容管理, 人员管理 and a month of 月度报送 said
// only 暂无… when empty, and a new institution's person did not know the button above the list was
// where it begins. A list that its person starts says which button starts it, as 授权管理 did; a new
// enterprise's 我的申请 said 暂无申请 under 去申请贷款, the link to where an application begins. 预授信白名单
// said 请先生成白名单 above a button reading 立即生成白名单, which the rule did not take for a starter.
describe('an empty list the person can start', () => {
  it('names the button that starts it', () => {
    const silent: string[] = [];
    for (const file of vueFiles(WEB_SRC)) {
      const source = readFileSync(file, 'utf8');
      const empties = [...source.matchAll(EMPTY_TEXT)].map((m) => m[1]!);
      if (empties.length === 0) continue;
      const starters = [...source.matchAll(STARTER)].map((m) => (m[1] ?? m[2]!).trim()).concat([...source.matchAll(LINKED_STARTER)].map((m) => m[1]!.trim()));
      for (const label of starters) {
        if (!empties.some((text) => text.includes(`“${label}”`))) silent.push(`${relative(WEB_SRC, file)}: ${label}`);
      }
    }
    expect(silent).toEqual([]);
  });
});
