import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parse } from '@vue/compiler-sfc';
import { describe, expect, it } from 'vitest';
import { vueFiles, WEB_SRC } from './helpers/web-sources.js';

interface Node { type: number; tag?: string; props?: { name: string }[]; children?: Node[]; branches?: Node[]; loc: { start: { line: number } } }

const ELEMENT = 1;
const ACTIONS = ['el-button', 'router-link', 'el-link'];

function holdsAction(node: Node): boolean {
  if (node.type === ELEMENT && ACTIONS.includes(node.tag!)) return true;
  return [...(node.children ?? []), ...(node.branches ?? [])].some(holdsAction);
}

/** Tables whose last column holds a row's action (申请, 停用, 查看报告) without keeping it in view. */
function unfixed(node: Node, found: number[]): void {
  if (node.type === ELEMENT && node.tag === 'el-table') {
    const columns = (node.children ?? []).filter((c) => c.type === ELEMENT && c.tag === 'el-table-column');
    const last = columns[columns.length - 1];
    if (last && holdsAction(last) && !last.props?.some((p) => p.name === 'fixed')) found.push(last.loc.start.line);
  }
  for (const child of [...(node.children ?? []), ...(node.branches ?? [])]) unfixed(child, found);
}

// On a phone, 我的企业's 推荐产品 table scrolled sideways inside its card and its 申请 button sat
// past the screen's edge, with nothing to say it was there; 人员管理's 停用 and 数据报送's 查看报告
// did the same. A table's last column with a row's action is fixed to the right (docs/portal.md, 8),
// so the action stays in view while the other columns scroll beneath it.
describe("a table's action column", () => {
  it('stays in view on a narrow screen', () => {
    const rows: string[] = [];
    for (const file of vueFiles(WEB_SRC)) {
      const ast = parse(readFileSync(file, 'utf8'), { filename: file }).descriptor.template?.ast as unknown as Node | undefined;
      if (!ast) continue;
      const found: number[] = [];
      unfixed(ast, found);
      rows.push(...found.map((line) => `${relative(WEB_SRC, file)}:${line}`));
    }
    expect(rows).toEqual([]);
  });
});
