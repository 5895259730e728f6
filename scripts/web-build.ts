import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Builds the web portal into web/dist when its inputs changed since the last build. The inputs
 * are fingerprinted (web sources, the server files the portal imports, the lockfile); an
 * unchanged portal costs a hash, not a Vite build. A lock directory keeps concurrent callers
 * (two test files, `npm start` during a test run) from building into the same folder at once.
 */
const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const WEB_DIR = join(ROOT, 'web');
export const WEB_DIST_DIR = join(WEB_DIR, 'dist');
const FINGERPRINT_FILE = join(WEB_DIST_DIR, '.build-fingerprint');
const LOCK_DIR = join(ROOT, 'node_modules', '.cache', 'web-build.lock');
const STALE_LOCK_MS = 60_000;

/** Everything outside web/ that ends up in the bundle or decides how it is built. */
const SHARED_INPUTS = ['src/enterprises/uscc.ts', 'src/consents/consent.ts', 'src/platform/profile-scopes.ts', 'src/lending/applications/application-status.ts', 'src/http/generated/api.d.ts', 'package-lock.json'];

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'dist' || entry.name === 'node_modules' ? [] : filesUnder(path);
    return [path];
  });
}

export function webFingerprint(): string {
  const hash = createHash('sha256');
  const files = [...filesUnder(WEB_DIR), ...SHARED_INPUTS.map((f) => join(ROOT, f))].sort();
  for (const file of files) {
    hash.update(relative(ROOT, file)).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

export function isWebBuildCurrent(fingerprint = webFingerprint()): boolean {
  return existsSync(join(WEB_DIST_DIR, 'index.html')) && existsSync(FINGERPRINT_FILE) && readFileSync(FINGERPRINT_FILE, 'utf8') === fingerprint;
}

async function withLock<T>(work: () => Promise<T>): Promise<T> {
  mkdirSync(join(LOCK_DIR, '..'), { recursive: true });
  for (;;) {
    try {
      mkdirSync(LOCK_DIR);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() - statSync(LOCK_DIR).mtimeMs > STALE_LOCK_MS) rmSync(LOCK_DIR, { recursive: true, force: true });
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(LOCK_DIR, { recursive: true, force: true });
  }
}

/** Builds web/dist unless it is current; resolves to whether a build ran. */
export async function ensureWebBuilt(options: { force?: boolean; quiet?: boolean } = {}): Promise<boolean> {
  return withLock(async () => {
    const fingerprint = webFingerprint();
    if (!options.force && isWebBuildCurrent(fingerprint)) return false;
    const { build } = await import('vite');
    await build({ configFile: join(WEB_DIR, 'vite.config.ts'), logLevel: options.quiet ? 'warn' : 'info' });
    writeFileSync(FINGERPRINT_FILE, fingerprint);
    return true;
  });
}
