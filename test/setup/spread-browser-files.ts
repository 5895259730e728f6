import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The default order (larger or slower files first), with the browser files spread evenly through
 * it, slowest first. They run one at a time (see test/browser/helpers/browser-turn.ts) beside the
 * other files; spread out, the second worker rarely reaches a browser file while one is running,
 * so it keeps running the other files instead of waiting for the turn.
 */
export class SpreadBrowserFiles extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const browser = sorted.filter((f) => f.project.name === 'browser');
    const others = sorted.filter((f) => f.project.name !== 'browser');
    if (browser.length === 0 || others.length === 0) return sorted;
    const gap = others.length / browser.length;
    const spread: TestSpecification[] = [];
    let next = 0;
    others.forEach((file, i) => {
      while (next < browser.length && next * gap <= i) spread.push(browser[next++]!);
      spread.push(file);
    });
    return [...spread, ...browser.slice(next)];
  }
}
