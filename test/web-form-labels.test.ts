import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vueFiles, WEB_SRC } from './helpers/web-sources.js';

/**
 * The width a form label takes at Element Plus's 14 px: a Chinese character (or full-width sign)
 * 14 px, anything else at most 8, the label's 12 px padding, and the required mark's 12 px.
 */
function labelWidth(label: string, required: boolean): number {
  const text = [...label].reduce((sum, c) => sum + (c.codePointAt(0)! >= 0x2e80 ? 14 : 8), 0);
  return text + 12 + (required ? 12 : 0);
}

// A label wider than its form's label-width wraps onto a second line, over the next field's label
// (新增机构's 统一社会信用代码 read 统一社会信用代 / 码 above 金融机构编码).
describe('form labels in the portal', () => {
  it('fit the label width of their form on one line', () => {
    const wrapped: string[] = [];
    for (const file of vueFiles(WEB_SRC)) {
      const source = readFileSync(file, 'utf8');
      for (const form of source.matchAll(/<el-form\b([^>]*)>([\s\S]*?)<\/el-form>/g)) {
        const width = /label-width="(\d+)px"/.exec(form[1]!);
        if (!width || form[1]!.includes('label-position="top"')) continue;
        for (const item of form[2]!.matchAll(/<el-form-item\b([^>]*?)\slabel="([^"]*)"([^>]*)>/g)) {
          const needed = labelWidth(item[2]!, /\srequired\b/.test(item[1]! + item[3]!));
          if (needed > Number(width[1])) wrapped.push(`${relative(WEB_SRC, file)}: ${item[2]} needs ${needed} px, has ${width[1]} px`);
        }
      }
    }
    expect(wrapped).toEqual([]);
  });
});
