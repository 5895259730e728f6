import { describe, expect, it } from 'vitest';
import { branchLabel, branchTreeOptions } from './branch-tree';

const tree = [
  { branchId: 'bank', name: '农业银行黄石分行', parentId: null, open: 1 },
  { branchId: 'xl', name: '下陆支行', parentId: 'bank', open: 2 },
  { branchId: 'tcs', name: '团城山分理处', parentId: 'xl', open: 0 },
  { branchId: 'hsg', name: '黄石港支行', parentId: 'bank', open: 0 },
];

describe('branch tree', () => {
  it('indents each branch one level below its parent', () => {
    expect(branchTreeOptions(tree).map((b) => [b.name, b.depth])).toEqual([
      ['农业银行黄石分行', 0],
      ['下陆支行', 1],
      ['团城山分理处', 2],
      ['黄石港支行', 1],
    ]);
  });

  it('names a branch in Chinese and an unrecorded one as such', () => {
    expect(branchLabel(tree, 'tcs')).toBe('团城山分理处');
    expect(branchLabel(tree, null)).toBe('未指定支行');
  });
});
