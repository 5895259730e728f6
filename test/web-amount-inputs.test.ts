import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vueFiles, WEB_SRC } from './helpers/web-sources.js';

// The form item of every amount of 元 is labelled "…（元）"; its box must be the amount input, so a
// grouped "1,000,000" (how the portal shows amounts) is not refused as a bad amount.
describe('every amount of 元 typed in the portal', () => {
  it('is typed into the amount input, never a bare el-input', () => {
    const bare: string[] = [];
    for (const file of vueFiles(WEB_SRC)) {
      const source = readFileSync(file, 'utf8');
      for (const item of source.matchAll(/<el-form-item\b[^>]*label="[^"]*（元）"[^>]*>([\s\S]*?)<\/el-form-item>/g)) {
        if (/<el-input\b(?!-number)/.test(item[1]!)) bare.push(`${relative(WEB_SRC, file)}: ${item[0].split('\n')[0]!.trim()}`);
      }
    }
    expect(bare).toEqual([]);
  });
});
