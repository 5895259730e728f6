import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vueFiles, WEB_SRC } from './helpers/web-sources.js';

/**
 * Editors of a setting the platform already holds: their text is loaded from it each time they
 * open, so a kept draft would be overwritten by, or would silently overwrite, the stored one.
 */
const EDITORS_OF_STORED_SETTINGS = new Set([
  'pages/precredit/model-editor-dialog.vue',
  'pages/bank-connections/connection-form.vue',
  'pages/guarantee/risk-template-form.vue',
  'pages/credit-services/zone-curation-page.vue',
]);

// A refresh, the browser's Back or a login that ran out threw away what a person had written: the
// purpose of a loan application, the reasons of an objection, an officer's decision note. 内容管理's
// article, written in the rich-text editor rather than a textarea, went with a click beside its dialog.
describe('forms in the portal where people write text', () => {
  it('keep what was written as a draft until it is sent', () => {
    const losing: string[] = [];
    for (const file of vueFiles(WEB_SRC)) {
      const name = relative(WEB_SRC, file);
      const source = readFileSync(file, 'utf8');
      if (!/type="textarea"|<rich-text-editor\b/.test(source) || EDITORS_OF_STORED_SETTINGS.has(name)) continue;
      if (!/\buseFormDraft\(/.test(source)) losing.push(name);
    }
    expect(losing).toEqual([]);
  });

  it('name as editors of stored settings only files that are', () => {
    const names = new Set(vueFiles(WEB_SRC).map((file) => relative(WEB_SRC, file)));
    expect([...EDITORS_OF_STORED_SETTINGS].filter((name) => !names.has(name))).toEqual([]);
  });
});
