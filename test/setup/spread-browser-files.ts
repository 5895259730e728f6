import { relative } from 'node:path';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/** Rough cost of a file: integration files start a platform (seconds); unit files run in about one. */
const weightOf = (file: TestSpecification): number => (relative(file.project.config.root, file.moduleId).startsWith('test/') ? 1 : 0.1);

/**
 * The default order (larger or slower files first), with the browser files spread evenly through
 * the others' estimated work, slowest first. They run one at a time (see
 * test/browser/helpers/browser-turn.ts) beside the other files; spread out, the second worker
 * rarely reaches a browser file while one is running, so it keeps running the other files.
 */
export class SpreadBrowserFiles extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const browser = sorted.filter((f) => f.project.name === 'browser');
    const others = sorted.filter((f) => f.project.name !== 'browser');
    if (browser.length === 0 || others.length === 0) return sorted;
    const share = others.reduce((sum, f) => sum + weightOf(f), 0) / browser.length;
    const spread: TestSpecification[] = [];
    let next = 0;
    let done = 0;
    for (const file of others) {
      while (next < browser.length && next * share <= done) spread.push(browser[next++]!);
      spread.push(file);
      done += weightOf(file);
    }
    return [...spread, ...browser.slice(next)];
  }
}
