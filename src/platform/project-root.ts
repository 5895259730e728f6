import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's root: the nearest directory above this module that holds `package.json`. The
 * platform runs from its sources (`src/`, under tsx: tests and tools) and from the build that
 * `npm start` runs (`dist/server/src/`, see scripts/server-build.ts); both read `specs/` and `web/dist`
 * from the root.
 */
function findRoot(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error('no package.json above the platform sources');
  }
}

const ROOT = findRoot();

/** A path inside the project, from its root. */
export const projectPath = (...parts: string[]): string => join(ROOT, ...parts);
