import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { parse } from '@vue/compiler-sfc';
import { describe, expect, it } from 'vitest';
import { vueFiles, WEB_SRC } from './helpers/web-sources.js';

interface Prop { type: number; name: string; exp?: { content: string }; arg?: { content: string } }
interface Node { type: number; tag?: string; props?: Prop[]; children?: Node[]; branches?: Node[]; loc: { start: { line: number } } }

const ELEMENT = 1;
const DIRECTIVE = 7;

/** The names a `v-for` or a slot's props bring into scope: `(q, i) in list`, `{ row }`, `scope`. */
function scopeNames(node: Node): string[] {
  const names: string[] = [];
  for (const p of node.props ?? []) {
    if (p.type !== DIRECTIVE || !p.exp) continue;
    if (p.name === 'for') names.push(...identifiers(p.exp.content.split(/\s+(?:in|of)\s+/)[0]!));
    if (p.name === 'slot') names.push(...identifiers(p.exp.content));
  }
  return names;
}

function identifiers(text: string): string[] {
  return [...text.matchAll(/[A-Za-z_$][\w$]*/g)].map((m) => m[0]);
}

/** Buttons repeated per row whose spinner is not tied to the row: one click spins them all. */
function shared(node: Node, scope: string[], found: number[]): void {
  const here = [...scope, ...scopeNames(node)];
  if (node.type === ELEMENT && node.tag === 'el-button' && here.length > 0) {
    const loading = node.props?.find((p) => p.type === DIRECTIVE && p.name === 'bind' && p.arg?.content === 'loading');
    if (loading?.exp && !identifiers(loading.exp.content).some((name) => here.includes(name))) found.push(node.loc.start.line);
  }
  for (const child of [...(node.children ?? []), ...(node.branches ?? [])]) shared(child, here, found);
}

// 专家问答's 公开 / 隐藏 buttons of every pending question, and 隐藏回答 of every answer, took their
// spinner from one request: clicking one spun them all, and the person could not tell which
// question was being reviewed. A button repeated for each row spins only for its own row.
describe('a button repeated per row', () => {
  it('spins only for the row it was clicked on', () => {
    const rows: string[] = [];
    for (const file of vueFiles(WEB_SRC)) {
      const { descriptor } = parse(readFileSync(file, 'utf8'), { filename: file });
      const ast = descriptor.template?.ast as unknown as Node | undefined;
      if (!ast) continue;
      const found: number[] = [];
      shared(ast, [], found);
      rows.push(...found.map((line) => `${relative(WEB_SRC, file)}:${line}`));
    }
    expect(rows).toEqual([]);
  });
});
