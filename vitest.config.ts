import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { SpreadBrowserFiles } from './test/setup/spread-browser-files.js';

export default defineConfig({
  // The portal's own import aliases (web/vite.config.ts), for its unit tests.
  resolve: {
    alias: {
      '@server': fileURLToPath(new URL('./src', import.meta.url)),
      '@': fileURLToPath(new URL('./web/src', import.meta.url)),
    },
  },
  test: {
    pool: 'forks',
    // Two files at a time even on two cores: a file spends about as long starting (database clone,
    // platform start) as running, and the other file's tests fill that time. Browser files run one
    // at a time (their project below).
    maxWorkers: 2,
    // A worker runs its files one after another in one module graph instead of loading the platform
    // afresh for each file (import was 458 s of a 1,246 s run, summed over the files). Tests hold no
    // module-level state of their own: no vi.mock, fake timers or environment writes (0002).
    isolate: false,
    testTimeout: 30_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    sequence: { sequencer: SpreadBrowserFiles },
    projects: [
      {
        extends: true,
        test: {
          name: 'postgres',
          include: ['src/**/*.test.ts', 'bank-adapters/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
          exclude: ['test/browser/**', 'test/ops/**'],
          globalSetup: ['test/setup/global-setup.ts'],
        },
      },
      // Browser tests (Chromium against a running platform, on PostgreSQL) one file at a time beside
      // the other files: two at once on two cores starved each other's pages into timeouts, and in a
      // group of their own one core stood idle for a third of the run. A file waits for its turn
      // (test/browser/helpers/browser-turn.ts) in its first hook, so hooks may wait a whole other file.
      // expect.poll gets a page step's 10 s (chromium.ts) instead of its default 1 s.
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          globalSetup: ['test/setup/global-setup.ts'],
          setupFiles: ['test/setup/browser-file-end.ts'],
          hookTimeout: 600_000,
          expect: { poll: { timeout: 10_000 } },
        },
      },
      // Several instances, PgBouncer, nginx, a replica and a restore (`npm run ops:check`, which .ci/run
      // runs): each file builds its own clusters and processes, so they run one at a time.
      ...(process.env.OPS_CHECK === '1' ? [{ extends: true as const, test: { name: 'ops', include: ['test/ops/**/*.test.ts'], maxWorkers: 1, testTimeout: 180_000, hookTimeout: 420_000 } }] : []),
      // The integration tests once more on the embedded database (PGlite), the default of `npm start`.
      // The bad-input corpus (over a thousand refused requests) runs on PostgreSQL only: what it proves
      // is the HTTP edge's and the services' rules, the same on either engine, and on PGlite it took
      // over two minutes; the bad values that reach SQL run on both in bad-values.test.ts.
      {
        extends: true,
        test: { name: 'embedded', include: ['test/*.test.ts'], exclude: ['test/bad-input-corpus.test.ts'], globalSetup: ['test/setup/embedded-setup.ts'] },
      },
    ],
  },
});
