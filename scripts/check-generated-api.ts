import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Fails when src/http/generated/api.d.ts is not what `npm run gen:api` writes from the spec. */
const committed = 'src/http/generated/api.d.ts';
const dir = mkdtempSync(join(tmpdir(), 'gen-api-'));
const fresh = join(dir, 'api.d.ts');
try {
  execFileSync('npx', ['openapi-typescript', 'specs/openapi.yaml', '-o', fresh], { stdio: 'pipe' });
  execFileSync('npx', ['tsx', 'scripts/mark-generated.ts', fresh], { stdio: 'pipe' });
  if (readFileSync(fresh, 'utf8') !== readFileSync(committed, 'utf8')) {
    console.error(`${committed} is stale: run \`npm run gen:api\` and commit the result.`);
    process.exit(1);
  }
  console.log(`${committed} matches specs/openapi.yaml`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
