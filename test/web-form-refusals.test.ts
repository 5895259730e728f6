import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { vueFiles, WEB_SRC } from './helpers/web-sources.js';

// 专家问答, 专区维护 and 内容管理 showed a refused save as one line above or below the form, while
// the API had named the field (`errors[].field`): a policy's missing 施行日期 read as a message about
// the whole page. A form's send is made with `useRequest(call, { fieldErrors, fields })`, so each
// refusal stands beside the field it names and the cursor goes there (docs/portal.md, 12).

/** A request the form only reads with (a filter's list): a refusal of it names no field of the form. */
const READ = /^(?:list|fetch|get|search|load|read|lookup|query)[A-Z]/;

/** The text of the call `name(` starting at `from`, up to its closing parenthesis. */
function callAt(source: string, from: number): string {
  let depth = 0;
  for (let i = source.indexOf('(', from); i < source.length; i++) {
    if (source[i] === '(') depth++;
    else if (source[i] === ')' && --depth === 0) return source.slice(from, i + 1);
  }
  return source.slice(from);
}

/** The body of the script's function or arrow `name`. */
function bodyOf(source: string, name: string): string | undefined {
  const fn = new RegExp(`function ${name}\\b[^{]*\\{([\\s\\S]*?)\\n\\}`).exec(source);
  if (fn) return fn[1];
  return new RegExp(`const ${name} = (?:async )?\\([^)]*\\)\\s*=>\\s*(.*)`).exec(source)?.[1];
}

/** `useRequest(...)` declaring `request` (a name, or `run` of a destructured one). */
function declaration(source: string, request: string): string | undefined {
  const pattern = request === 'run' ? /const \{[^}]*\brun\b[^}]*\} = useRequest\(/ : new RegExp(`const ${request} = useRequest\\(`);
  const at = pattern.exec(source);
  return at ? callAt(source, at.index + at[0].length - 'useRequest('.length) : undefined;
}

describe('a refused form', () => {
  it('shows what the API refused beside the fields it names', () => {
    const unplaced: string[] = [];
    for (const file of vueFiles(WEB_SRC)) {
      const source = readFileSync(file, 'utf8');
      const where = relative(WEB_SRC, file);
      for (const [, handler] of source.matchAll(/@submit\.prevent="(\w+)/g)) {
        const body = bodyOf(source, handler!) ?? '';
        for (const [, named, run] of body.matchAll(/(?:if \(!?\(?|= )await (?:(\w+)\.run|(run))\(/g)) {
          const request = named ?? run!;
          const declared = declaration(source, request);
          if (!declared) continue;
          const call = /useRequest\(\s*(\w+)/.exec(declared)?.[1] ?? '';
          if (READ.test(call)) continue;
          if (!/\bfieldErrors\b/.test(declared)) unplaced.push(`${where}: ${handler} sends ${request} without fieldErrors`);
        }
      }
      for (const form of source.matchAll(/<el-form\b[\s\S]*?<\/el-form>/g)) {
        for (const alert of form[0].matchAll(/<el-alert\b[^>]*:title="(\w+)\.problem\.value\.detail"/g)) unplaced.push(`${where}: ${alert[1]}'s refusal as one message in the form`);
      }
    }
    expect(unplaced).toEqual([]);
  });
});
