import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// The floors of src/ (docs/architecture.md, "Floors"): the kernel at the bottom, one folder per
// feature above it, the composition root (services.ts with services-types.ts, app.ts, server.ts, config.ts with config-env.ts) on top.
// Every folder of src/ that is not the kernel is a feature, so a new feature is covered at once.
const KERNEL = ['platform', 'db', 'http'];
const FEATURES = readdirSync(join(import.meta.dirname, 'src'), { withFileTypes: true })
  .filter((entry) => entry.isDirectory() && !KERNEL.includes(entry.name))
  .map((entry) => entry.name);
const ROOT_FILES = ['services', 'services-types', 'app', 'server', 'config', 'config-env'];
const any = (names) => `(${names.join('|')})`;

const kernelImportsFeature = {
  regex: `^(\\.\\./)+${any([...FEATURES, ...ROOT_FILES])}(/|\\.js$)`,
  message: 'The kernel (src/platform, src/db, src/http) imports no feature: declare the port here and let services.ts wire it (docs/architecture.md).',
};
const adapterImportsFeature = {
  regex: '(^|/)src/(?!platform/)',
  message: 'A bank adapter imports only the port (bank-adapters/port.ts) and the kernel helpers in src/platform (docs/architecture.md).',
};
const otherFeaturesStore = (feature) => ({
  regex: `^(\\.\\./)+${any(FEATURES.filter((f) => f !== feature))}/([^/]+/)*[^/]*-store(\\.js)?$`,
  message: "A feature calls another feature's service, never its store (docs/architecture.md).",
});
const migrationImportsSrc = {
  regex: '(^|/)src/',
  message: 'A migration is frozen history: it imports nothing of src/ (its seed rows live beside it in migrations/data/).',
};
const restrict = (...patterns) => ({ 'no-restricted-imports': ['error', { patterns }] });

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', 'dist/', 'web/dist/', 'src/http/generated/', 'docs/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['warn', 'error'] }],
      // docs/architecture.md: files stay under 400 lines, one role each.
      'max-lines': ['error', { max: 400 }],
    },
  },
  { files: ['scripts/**', 'bench/**', 'src/server.ts'], rules: { 'no-console': 'off' } },
  { files: KERNEL.map((k) => `src/${k}/**/*.ts`), rules: restrict(kernelImportsFeature) },
  { files: ['bank-adapters/**/*.ts'], rules: restrict(adapterImportsFeature) },
  { files: ['migrations/**/*.ts'], rules: restrict(migrationImportsSrc) },
  // The demo seeds write a demo city straight through the stores, like a migration would.
  ...FEATURES.filter((f) => f !== 'demo').map((feature) => ({ files: [`src/${feature}/**/*.ts`], rules: restrict(otherFeaturesStore(feature)) })),
  // Every router matches paths case-sensitively, as the spec names them, so the per-operation guards see every route.
  {
    files: ['src/**/*.ts'],
    ignores: ['src/http/router.ts', '**/*.test.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [{ name: '@koa/router', importNames: ['default', 'Router'], allowTypeImports: true, message: 'Make routers with apiRouter (src/http/router.ts): paths match exactly as the spec spells them.' }] },
      ],
    },
  },
  // Test files share a worker's modules (vitest `isolate: false`): nothing may change them for the files after.
  {
    files: ['**/*.test.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['mock', 'doMock', 'stubGlobal', 'stubEnv', 'useFakeTimers'].map((property) => ({ object: 'vi', property, message: 'test files share modules (isolate: false): use a fake passed in (docs/architecture.md, "Test files share modules")' })),
      ],
    },
  },
);
