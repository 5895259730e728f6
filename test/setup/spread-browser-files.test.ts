import { describe, expect, it } from 'vitest';
import type { TestSpecification, Vitest } from 'vitest/node';
import { SpreadBrowserFiles } from './spread-browser-files.js';

const ROOT = '/repo';
const ctx = { config: { root: ROOT }, cache: { getFileTestResults: () => undefined, getFileStats: () => undefined } } as unknown as Vitest;
const spec = (project: string, path: string) =>
  ({ project: { name: project, config: { root: ROOT, isolate: true, sequence: { groupOrder: 0 } } }, moduleId: `${ROOT}/${path}` }) as unknown as TestSpecification;
const names = (files: TestSpecification[]) => files.map((f) => f.moduleId.slice(ROOT.length + 1));

describe('SpreadBrowserFiles', () => {
  it('spreads the browser files through the integration files, counting a unit file as a tenth of one', async () => {
    const integration = Array.from({ length: 6 }, (_, i) => spec('postgres', `test/i${i}.test.ts`));
    const unit = Array.from({ length: 20 }, (_, i) => spec('postgres', `src/u${i}.test.ts`));
    const browser = [0, 1, 2, 3].map((i) => spec('browser', `test/browser/b${i}.test.ts`));
    const order = names(await new SpreadBrowserFiles(ctx).sort([...integration, ...unit, ...browser]));
    expect(order).toHaveLength(30);
    // Eight units of work (six integration files, twenty unit files): a browser file every two.
    const at = [0, 1, 2, 3].map((i) => order.indexOf(`test/browser/b${i}.test.ts`));
    expect(at).toEqual([0, 3, 6, 9]);
    expect(order.slice(10)).toEqual(names(unit));
  });

  it('keeps the default order when there are only browser files or none', async () => {
    const only = [spec('browser', 'test/browser/a.test.ts'), spec('browser', 'test/browser/b.test.ts')];
    expect(names(await new SpreadBrowserFiles(ctx).sort(only))).toEqual(['test/browser/a.test.ts', 'test/browser/b.test.ts']);
    const none = [spec('postgres', 'test/a.test.ts'), spec('postgres', 'src/b.test.ts')];
    expect(names(await new SpreadBrowserFiles(ctx).sort(none))).toEqual(['test/a.test.ts', 'src/b.test.ts']);
  });
});
