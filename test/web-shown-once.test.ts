import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vueFiles, WEB_SRC } from './helpers/web-sources.js';

/** A dialog showing a value the platform shows once: a temporary password, an invitation link, a secret. */
const SHOWS_ONCE = /<shown-once-field\b|密钥仅显示这一次/;

// A temporary password, an invitation link and a new API secret are shown once, in a dialog that a
// click beside it or Esc closed: the value was gone, and the staff account, the invitation or the
// secret had to be made again. Such a dialog closes only by its own button while the value is shown.
describe('a dialog showing a value once', () => {
  it('is not closed by a click beside it or by Esc', () => {
    const loose: string[] = [];
    for (const file of vueFiles(WEB_SRC)) {
      const name = relative(WEB_SRC, file);
      const source = readFileSync(file, 'utf8');
      if (!SHOWS_ONCE.test(source)) continue;
      for (const [dialog, tag] of source.matchAll(/(<el-dialog\b(?:[^>"]|"[^"]*")*>)[\s\S]*?<\/el-dialog>/g)) {
        if (!SHOWS_ONCE.test(dialog)) continue;
        if (!/:close-on-click-modal="[^"]+"/.test(tag!) || !/:close-on-press-escape="[^"]+"/.test(tag!)) loose.push(`${name}: ${tag!.slice(0, 70)}`);
      }
    }
    expect(loose).toEqual([]);
  });
});
