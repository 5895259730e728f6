import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vueFiles, WEB_SRC } from './helpers/web-sources.js';

// The small secondary text of a note (.muted, .uscc, .time, .hint, .counter …) and a card's heading
// row were declared page by page, twelve and thirteen times, under as many names, and drifted (12 px
// here, 13 px there). What several pages share is declared once in web/src/styles.css; a page's
// scoped style does not declare it again, under its name or another.

/** A rule's declarations in one order, so the same style reads the same whatever its layout. */
const declarations = (body: string) =>
  body
    .split(';')
    .map((d) => d.trim().replace(/\s+/g, ' '))
    .filter(Boolean)
    .sort()
    .join('; ');

/** The top-level rules of a stylesheet (media queries' inner rules left out): selector list and declarations. */
function rules(css: string): { selectors: string[]; body: string }[] {
  const found: { selectors: string[]; body: string }[] = [];
  const text = css.replace(/\/\*[\s\S]*?\*\//g, '');
  let depth = 0;
  let start = 0;
  let open = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{') {
      if (depth === 0) open = i;
      depth++;
    } else if (text[i] === '}') {
      depth--;
      if (depth === 0) {
        const selector = text.slice(start, open).trim();
        const body = text.slice(open + 1, i);
        if (!body.includes('{')) found.push({ selectors: selector.split(',').map((s) => s.trim()), body: declarations(body) });
        start = i + 1;
      }
    }
  }
  return found;
}

const shared = rules(readFileSync(join(WEB_SRC, 'styles.css'), 'utf8')).filter((r) => r.selectors.every((s) => /^\.[\w-]+$/.test(s)));

describe('a page style', () => {
  it('finds the shared classes', () => {
    expect(shared.flatMap((r) => r.selectors)).toEqual(expect.arrayContaining(['.muted', '.secondary-text', '.row-between']));
  });

  it('does not declare a shared style again, under its name or another', () => {
    const repeated: string[] = [];
    for (const file of vueFiles(WEB_SRC)) {
      const style = /<style[^>]*>([\s\S]*?)<\/style>/.exec(readFileSync(file, 'utf8'))?.[1];
      if (!style) continue;
      for (const rule of rules(style)) {
        for (const one of shared) {
          const sameName = rule.selectors.some((s) => one.selectors.includes(s));
          const sameStyle = rule.body === one.body && rule.body.includes(';');
          if (sameName || sameStyle) repeated.push(`${relative(WEB_SRC, file)}: ${rule.selectors.join(', ')} repeats ${one.selectors.join(', ')}`);
        }
      }
    }
    expect(repeated).toEqual([]);
  });
});
