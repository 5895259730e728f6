import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { inputsFingerprint, ROOT, withBuildLock } from './build-lock.js';

/**
 * Builds the web portal into web/dist when its inputs changed since the last build (web sources,
 * the server and adapter sources, the lockfile), under the build lock (build-lock.ts).
 */
export const WEB_DIR = join(ROOT, 'web');
export const WEB_DIST_DIR = join(WEB_DIR, 'dist');
const FINGERPRINT_FILE = join(WEB_DIST_DIR, '.build-fingerprint');

/**
 * Everything outside web/ that may end up in the bundle or decides how it is built. The portal
 * imports server modules through `@server/…` (and those import others), so the whole of src/ and
 * bank-adapters/ counts: a hand-kept list of files went stale the first time a module moved.
 */
const SHARED_DIRS = ['src', 'bank-adapters'];
const SHARED_FILES = ['package-lock.json'];

export function webFingerprint(): string {
  return inputsFingerprint([WEB_DIR, ...SHARED_DIRS.map((d) => join(ROOT, d))], SHARED_FILES.map((f) => join(ROOT, f)));
}

export function isWebBuildCurrent(fingerprint = webFingerprint()): boolean {
  return existsSync(join(WEB_DIST_DIR, 'index.html')) && existsSync(FINGERPRINT_FILE) && readFileSync(FINGERPRINT_FILE, 'utf8') === fingerprint;
}

/** Builds web/dist unless it is current; resolves to whether a build ran. */
export async function ensureWebBuilt(options: { force?: boolean; quiet?: boolean } = {}): Promise<boolean> {
  return withBuildLock('web-build', async () => {
    const fingerprint = webFingerprint();
    if (!options.force && isWebBuildCurrent(fingerprint)) return false;
    const { build } = await import('vite');
    await build({ configFile: join(WEB_DIR, 'vite.config.ts'), logLevel: options.quiet ? 'warn' : 'info' });
    writeFileSync(FINGERPRINT_FILE, fingerprint);
    return true;
  });
}
