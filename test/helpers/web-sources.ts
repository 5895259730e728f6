import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The portal's sources, for checks that read every page's template. */
export const WEB_SRC = fileURLToPath(new URL('../../web/src/', import.meta.url));

/** Every `.vue` file under `dir`, at any depth. */
export function vueFiles(dir = WEB_SRC): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return vueFiles(path);
    return entry.name.endsWith('.vue') ? [path] : [];
  });
}
