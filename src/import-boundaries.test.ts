import { join } from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// The house rules of docs/architecture.md as the linter enforces them: each case lints a
// deliberately wrong (or right) import as if it were a file at `path`.
const root = join(import.meta.dirname, '..');
let eslint: ESLint;

beforeAll(() => {
  eslint = new ESLint({ cwd: root });
});

async function restrictedImports(path: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: join(root, path) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries (eslint no-restricted-imports)', () => {
  it('fails a kernel file that imports a feature or the composition root', async () => {
    expect(await restrictedImports('src/platform/outbox/example.ts', "export { x } from '../../lending/applications/application-service.js';\n")).toEqual([
      expect.stringContaining('The kernel'),
    ]);
    expect(await restrictedImports('src/http/example.ts', "export type { Config } from '../config.js';\n")).toEqual([expect.stringContaining('The kernel')]);
    expect(await restrictedImports('src/http/example.ts', "export type { Services } from '../services-types.js';\n")).toEqual([expect.stringContaining('The kernel')]);
    expect(await restrictedImports('src/db/example.ts', "export { x } from '../platform/clock.js';\n")).toEqual([]);
  });

  it("fails a feature that imports another feature's store, not its own or the kernel's", async () => {
    expect(await restrictedImports('src/lending/example.ts', "export type { InstitutionStore } from '../institutions/institution-store.js';\n")).toEqual([
      expect.stringContaining('never its store'),
    ]);
    expect(await restrictedImports('src/ingestion/readers/example.ts', "export { x } from '../../profiles/profile-store.js';\n")).toHaveLength(1);
    expect(await restrictedImports('src/ingestion/readers/example.ts', "export { x } from '../batches/batch-store.js';\n")).toEqual([]);
    expect(await restrictedImports('src/lending/example.ts', "export { x } from '../platform/outbox/outbox-store.js';\n")).toEqual([]);
    expect(await restrictedImports('src/lending/example.ts', "export { x } from '../institutions/institution-service.js';\n")).toEqual([]);
  });

  it("lets a sub-capability use its own feature's stores, never another feature's", async () => {
    expect(await restrictedImports('src/lending/bank-sync/example.ts', "export type { ApplicationStore } from '../applications/application-store.js';\n")).toEqual([]);
    expect(await restrictedImports('src/ingestion/records/example.ts', "export { x } from '../../lending/applications/application-store.js';\n")).toEqual([
      expect.stringContaining('never its store'),
    ]);
    expect(await restrictedImports('src/lending/applications/example.ts', "export { x } from '../../ingestion/batches/batch-store.js';\n")).toHaveLength(1);
    expect(await restrictedImports('src/lending/applications/example.ts', "export { x } from '../../ingestion/records/record-service.js';\n")).toEqual([]);
  });

  it('fails a bank adapter that imports a feature of src/, not one that imports the kernel', async () => {
    expect(await restrictedImports('bank-adapters/example/adapter.ts', "export { x } from '../../src/lending/applications/loan-application.js';\n")).toEqual([
      expect.stringContaining('bank adapter'),
    ]);
    expect(await restrictedImports('bank-adapters/example/adapter.ts', "export { sm2Sign } from '../../src/platform/sm2.js';\n")).toEqual([]);
  });

  it('fails a migration that imports src/, not one that reads its own seed data', async () => {
    expect(await restrictedImports('migrations/20990101000000_example.ts', "export { x } from '../src/guarantees/risk-sharing.js';\n")).toEqual([
      expect.stringContaining('frozen history'),
    ]);
    expect(await restrictedImports('migrations/20990101000000_example.ts', "export { x } from './data/sourced-guarantee-templates.js';\n")).toEqual([]);
  });
});
