import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { filesUnder, inputsFingerprint, ROOT, withBuildLock } from './build-lock.js';

/**
 * The platform as plain JavaScript for `npm start`: every source file of src/, migrations/ and
 * bank-adapters/ transpiled one to one (no bundling, so module identity, import.meta.url and the
 * dependencies in node_modules stay as they are) into dist/server/. Run by plain node instead of
 * tsx, the process holds no transpiled sources and inline source maps: about 100 MB less resident
 * memory at rest (docs/decisions/0043, "Peak RSS").
 *
 * Built when its inputs changed, under the build lock (build-lock.ts). The new tree is written
 * beside the old one and swapped in by two renames, so a platform starting from the same checkout
 * never reads a half-written build.
 */
const SOURCE_DIRS = ['src', 'migrations', 'bank-adapters'].map((dir) => join(ROOT, dir));
const INPUT_FILES = ['package-lock.json', 'tsconfig.json'].map((file) => join(ROOT, file));
const OUT_PARENT = join(ROOT, 'dist');
export const SERVER_BUILD_DIR = join(OUT_PARENT, 'server');
export const BUILT_SERVER_ENTRY = join(SERVER_BUILD_DIR, 'src', 'server.js');
/**
 * The arguments node runs the built platform with (the supervisor, the operations check and the
 * ingest bench use them; README gives the same line for other supervisors). V8's young generation
 * gets 32 MB semi-spaces instead of 16: a bulk load allocates one to three kB of short-lived
 * strings per row, and with the larger nursery fewer of them are copied and promoted before they
 * die (bench/ingest at 1,000,000 rows, 2026-12-05, two alternating pairs: penalties 12.2-12.6 ->
 * 10.3-10.5 us of platform CPU a row and peak RSS 409-451 -> 310-316 MB; tax ratio 0.50-0.52 ->
 * 0.55-0.57).
 */
export const SERVER_ARGS: readonly string[] = ['--max-semi-space-size=32', BUILT_SERVER_ENTRY];
const FINGERPRINT_FILE = join(SERVER_BUILD_DIR, '.build-fingerprint');

const isSource = (path: string): boolean => path.endsWith('.ts') && !path.endsWith('.test.ts') && !path.endsWith('.d.ts');

/** Builds dist/server unless it is current; resolves to whether a build ran. */
export async function ensureServerBuilt(): Promise<boolean> {
  return withBuildLock('server-build', async () => {
    const fingerprint = inputsFingerprint(SOURCE_DIRS, INPUT_FILES);
    if (existsSync(BUILT_SERVER_ENTRY) && existsSync(FINGERPRINT_FILE) && readFileSync(FINGERPRINT_FILE, 'utf8') === fingerprint) return false;
    mkdirSync(OUT_PARENT, { recursive: true });
    const suffix = randomBytes(6).toString('hex');
    const fresh = join(OUT_PARENT, `server.${suffix}.new`);
    await build({
      entryPoints: SOURCE_DIRS.flatMap(filesUnder).filter(isSource),
      outdir: fresh,
      outbase: ROOT,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // Stack traces name dist/server/… lines; `node --enable-source-maps` maps them back.
      sourcemap: 'linked',
      logLevel: 'warning',
    });
    writeFileSync(join(fresh, '.build-fingerprint'), fingerprint);
    const old = join(OUT_PARENT, `server.${suffix}.old`);
    if (existsSync(SERVER_BUILD_DIR)) renameSync(SERVER_BUILD_DIR, old);
    renameSync(fresh, SERVER_BUILD_DIR);
    rmSync(old, { recursive: true, force: true });
    return true;
  });
}
