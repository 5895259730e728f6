import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { BUNDLE, bundleSpec } from './spec-bundle.js';

/**
 * Fails when the checked-in bundle (specs/dist/openapi.bundle.yaml) or the generated types
 * (src/http/generated/api.d.ts) are not what `npm run gen:api` writes from the split spec, or when
 * a path written in specs/paths/ is not listed in the root specs/openapi.yaml (it would be left
 * out of the bundle without a word).
 */
const TYPES = 'src/http/generated/api.d.ts';
const dir = mkdtempSync(join(tmpdir(), 'gen-api-'));
const stale: string[] = [];
try {
  const bundle = join(dir, 'openapi.bundle.yaml');
  bundleSpec(bundle);
  if (readFileSync(bundle, 'utf8') !== readFileSync(BUNDLE, 'utf8')) stale.push(BUNDLE);
  const types = join(dir, 'api.d.ts');
  execFileSync('npx', ['openapi-typescript', bundle, '-o', types], { stdio: 'pipe' });
  execFileSync('npx', ['tsx', 'scripts/mark-generated.ts', types], { stdio: 'pipe' });
  if (readFileSync(types, 'utf8') !== readFileSync(TYPES, 'utf8')) stale.push(TYPES);

  const listed = new Set(Object.keys((parse(readFileSync(bundle, 'utf8')) as { paths: object }).paths));
  const unlisted = readdirSync('specs/paths').flatMap((file) =>
    Object.keys(parse(readFileSync(join('specs/paths', file), 'utf8')) as object)
      .filter((path) => !listed.has(path))
      .map((path) => `${path} (specs/paths/${file})`),
  );
  if (unlisted.length > 0) {
    console.error(`Paths missing from specs/openapi.yaml: ${unlisted.join(', ')}`);
    process.exit(1);
  }
  if (stale.length > 0) {
    console.error(`${stale.join(' and ')} stale: run \`npm run gen:api\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${BUNDLE} and ${TYPES} match specs/openapi.yaml`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
