import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * What the project's builds (web/dist, dist/server) share: a fingerprint of their inputs, so an
 * unchanged build costs a hash, and a lock directory, so concurrent callers (two test files,
 * `npm start` during a test run) never build into the same folder at once.
 */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));
const STALE_LOCK_MS = 60_000;

/** Every file under `dir`, its dist/ and node_modules/ folders left out. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'dist' || entry.name === 'node_modules' ? [] : filesUnder(path);
    return [path];
  });
}

/** sha256 over the paths and contents of every file under `dirs` (dist/ and node_modules/ left out) and of `files`. */
export function inputsFingerprint(dirs: readonly string[], files: readonly string[]): string {
  const hash = createHash('sha256');
  const all = dirs.flatMap(filesUnder).concat(files).sort();
  for (const file of all) hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  return hash.digest('hex');
}

/** Runs `work` holding the named build's lock; a lock older than a minute is taken as left by a dead build. */
export async function withBuildLock<T>(name: string, work: () => Promise<T>): Promise<T> {
  const lockDir = join(ROOT, 'node_modules', '.cache', `${name}.lock`);
  mkdirSync(join(lockDir, '..'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() - statSync(lockDir).mtimeMs > STALE_LOCK_MS) rmSync(lockDir, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
