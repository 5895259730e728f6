import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { parse, stringify } from 'yaml';

/**
 * Ports what a branch added to the old one-file specs/openapi.yaml into the split spec:
 *   npm run port:spec -- <branch> [--feature <name>] [--base <commit>]
 * Compares the branch's specs/openapi.yaml with the one it started from (`--base`, default the
 * merge base with HEAD, so run it before committing the merge) and appends each new path to the
 * paths file of its nearest existing path (else specs/paths/<feature>.yaml), lists it in the root,
 * and appends each new component to the components file of the first new path that uses it (else
 * <feature>, else common). Changed or removed existing items are listed for a hand edit.
 * Then run `npm run gen:api` and `npm run lint:api`.
 */
type Json = Record<string, unknown>;
type Spec = { paths: Record<string, Json>; components?: Record<string, Json> };
const SECTIONS = ['parameters', 'responses', 'schemas'] as const;
const ROOT = 'specs/openapi.yaml';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { feature: { type: 'string' }, base: { type: 'string' } } });
const branch = positionals[0];
if (!branch) throw new Error('usage: npm run port:spec -- <branch> [--feature <name>] [--base <commit>]');
const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8' });
const specAt = (commit: string) => parse(git('show', `${commit}:${ROOT}`)) as Spec;
const theirs = specAt(branch);
const base = specAt(values.base ?? git('merge-base', branch, 'HEAD').trim());
if (Object.values(base.paths).some((item) => '$ref' in item)) {
  throw new Error('the base already uses the split spec: merge the branch normally (pass --base <commit it started from> if it was merged already)');
}

/** Where each existing path and component lives in the split spec. */
const pathFile = new Map<string, string>();
for (const [path, item] of Object.entries((parse(readFileSync(ROOT, 'utf8')) as Spec).paths)) {
  pathFile.set(path, String(item.$ref).replace(/^paths\/|\.yaml#.*$/g, ''));
}
const componentFile = new Map<string, string>();
for (const file of readdirSync('specs/components')) {
  const content = parse(readFileSync(`specs/components/${file}`, 'utf8')) as Record<string, Json>;
  for (const sec of SECTIONS) for (const name of Object.keys(content[sec] ?? {})) componentFile.set(`${sec}/${name}`, file.replace(/\.yaml$/, ''));
}

const manual: string[] = [];
const refsOf = (node: unknown, out = new Set<string>()): Set<string> => {
  if (Array.isArray(node)) node.forEach((n) => refsOf(n, out));
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) if (k === '$ref' && typeof v === 'string') out.add(v.replace('#/components/', '')); else refsOf(v, out);
  }
  return out;
};
const segments = (path: string) => path.split('/');
const nearest = (path: string): string | undefined => {
  let best: [number, string | undefined] = [3, values.feature];
  for (const [known, file] of pathFile) {
    const a = segments(path), b = segments(known);
    let shared = 0;
    while (shared < a.length && a[shared] === b[shared] && !a[shared]!.startsWith('{')) shared++;
    if (shared > best[0]) best = [shared, file];
  }
  return best[1];
};

// New paths (and new operations on existing paths, which need a hand edit).
const newPaths = new Map<string, string>();
for (const [path, item] of Object.entries(theirs.paths)) {
  const before = base.paths[path];
  if (!before) {
    const file = nearest(path);
    if (!file) throw new Error(`no existing path near ${path}: pass --feature <name>`);
    newPaths.set(path, file);
    continue;
  }
  for (const key of new Set([...Object.keys(before), ...Object.keys(item)])) {
    if (!isDeepStrictEqual(before[key], item[key])) manual.push(`${path} ${key} (specs/paths/${pathFile.get(path)}.yaml)`);
  }
}
for (const path of Object.keys(base.paths)) if (!theirs.paths[path]) manual.push(`${path} removed (specs/paths/${pathFile.get(path)}.yaml)`);

// New components go with the first new path that uses them, directly or through another component.
const newComponents = new Map<string, string>();
const claim = (ref: string, file: string) => {
  const [sec, name] = ref.split('/') as [string, string];
  if (newComponents.has(ref) || !theirs.components?.[sec]?.[name] || base.components?.[sec]?.[name]) return;
  newComponents.set(ref, file);
  refsOf(theirs.components[sec][name]).forEach((r) => claim(r, file));
};
for (const [path, file] of newPaths) refsOf(theirs.paths[path]).forEach((ref) => claim(ref, file));
for (const sec of SECTIONS) {
  for (const [name, value] of Object.entries(theirs.components?.[sec] ?? {})) {
    const ref = `${sec}/${name}`;
    const before = base.components?.[sec]?.[name];
    if (!before) {
      if (!newComponents.has(ref)) claim(ref, values.feature ?? 'common');
    } else if (!isDeepStrictEqual(before, value)) manual.push(`${ref} (specs/components/${componentFile.get(ref)}.yaml)`);
  }
  for (const name of Object.keys(base.components?.[sec] ?? {})) {
    if (!theirs.components?.[sec]?.[name]) manual.push(`${sec}/${name} removed (specs/components/${componentFile.get(`${sec}/${name}`)}.yaml)`);
  }
}

/** `#/components/<sec>/<name>` → the file that holds it, relative to `from` (a paths or components file). */
const relink = (node: unknown, from: { dir: 'paths' | 'components'; file: string }): unknown => {
  if (Array.isArray(node)) return node.map((n) => relink(n, from));
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).map(([k, v]) => {
    if (k !== '$ref' || typeof v !== 'string' || !v.startsWith('#/components/')) return [k, relink(v, from)];
    const ref = v.replace('#/components/', '');
    const owner = newComponents.get(ref) ?? componentFile.get(ref);
    if (!owner) throw new Error(`${v} is neither in the branch nor in specs/components/`);
    const file = from.dir === 'paths' ? `../components/${owner}.yaml` : owner === from.file ? '' : `${owner}.yaml`;
    return [k, `${file}#/${ref}`];
  }));
};
const yaml = (value: unknown) => stringify(value, { lineWidth: 0, flowCollectionPadding: false, singleQuote: true });
const append = (file: string, text: string) => writeFileSync(file, (existsSync(file) ? readFileSync(file, 'utf8') : '') + text);
/** Inserts `text` at the end of the top-level section `section` of a YAML file (created when missing). */
const insertInto = (file: string, section: string, text: string) => {
  const lines = existsSync(file) ? readFileSync(file, 'utf8').replace(/\n$/, '').split('\n') : [];
  const start = lines.indexOf(`${section}:`);
  if (start < 0) return writeFileSync(file, [...lines, `${section}:`, text.replace(/\n$/, '')].join('\n') + '\n');
  let end = start + 1;
  while (end < lines.length && !/^\S/.test(lines[end]!)) end++;
  lines.splice(end, 0, text.replace(/\n$/, ''));
  writeFileSync(file, lines.join('\n') + '\n');
};
const indent = (text: string) => text.replace(/^(?=.)/gm, '  ');

for (const [path, file] of newPaths) {
  append(`specs/paths/${file}.yaml`, yaml({ [path]: relink(theirs.paths[path], { dir: 'paths', file }) }));
  const pointer = path.replace(/~/g, '~0').replace(/\//g, '~1');
  insertInto(ROOT, 'paths', `  ${path}: { $ref: 'paths/${file}.yaml#/${pointer}' }`);
  console.log(`path ${path} → specs/paths/${file}.yaml`);
}
for (const [ref, file] of newComponents) {
  const [sec, name] = ref.split('/') as [string, string];
  insertInto(`specs/components/${file}.yaml`, sec, indent(yaml({ [name]: relink(theirs.components![sec]![name], { dir: 'components', file }) })));
  console.log(`${ref} → specs/components/${file}.yaml`);
}
if (manual.length > 0) console.log(`\nChanged on the branch, edit by hand:\n  ${manual.join('\n  ')}`);
console.log('\nNext: npm run gen:api && npm run lint:api');
