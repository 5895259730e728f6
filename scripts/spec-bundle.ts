import { execFileSync } from 'node:child_process';

/** The one-file spec the server serves and the types are generated from (checked in). */
export const BUNDLE = 'specs/dist/openapi.bundle.yaml';

/** Bundles the split spec (root specs/openapi.yaml and the files it refers to) into `out`. */
export function bundleSpec(out: string): void {
  execFileSync('npx', ['redocly', 'bundle', 'specs/openapi.yaml', '-o', out], {
    stdio: 'pipe',
    env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
  });
  execFileSync('npx', ['tsx', 'scripts/mark-generated.ts', out], { stdio: 'pipe' });
}

if (process.argv[1]?.endsWith('spec-bundle.ts')) bundleSpec(process.argv[2] ?? BUNDLE);
