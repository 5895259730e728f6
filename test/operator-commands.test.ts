import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isEmbeddedRun } from './helpers/test-database.js';

/**
 * An operator's command given a wrong value (a malformed USCC, a port that is no number, a file
 * that is not there) printed a stack trace. Now it stops with one line naming the value as the
 * operator gave it (the option, or the variable) and exit 64 (EX_USAGE), as the platform's start
 * names a wrong setting.
 */
const root = mkdtempSync(join(tmpdir(), 'xyd-commands-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const run = (file: string, args: string[], env: Record<string, string> = {}) =>
  new Promise<{ code: number | null; stderr: string }>((resolve) => {
    const child = execFile(
      process.execPath,
      ['--import', 'tsx', file, ...args],
      { env: { PATH: process.env.PATH, NODE_ENV: 'development', LOG_LEVEL: 'silent', DATA_DIR: join(root, 'data'), ...env }, timeout: 120_000 },
      (_error, _stdout, stderr) => resolve({ code: child.exitCode, stderr }),
    );
    child.stdin?.end();
  });

/** Exit 64 and exactly `line` on stderr: no stack, nothing else. */
function expectOneLine(result: { code: number | null; stderr: string }, line: RegExp): void {
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr.trim().split('\n'), result.stderr).toHaveLength(1);
  expect(result.stderr.trim()).toMatch(line);
  expect(result.code, result.stderr).toBe(64);
}

const setupEnv = { SETUP_ADMIN_USERNAME: 'root1', SETUP_ADMIN_PASSWORD: 'Passw0rd!x', SETUP_OPERATOR_NAME: '黄石市信易贷平台运营中心', SETUP_OPERATOR_USCC: '91420200MA4K0XY10T' };

describe.runIf(isEmbeddedRun())('operator commands given a wrong value', () => {
  it('npm run setup names the SETUP_* variable at fault, before and after the database is opened', { timeout: 240_000 }, async () => {
    expectOneLine(await run('scripts/setup.ts', [], { ...setupEnv, SETUP_OPERATOR_USCC: '91420200MA4K0XY100' }), /^npm run setup: SETUP_OPERATOR_USCC: "91420200MA4K0XY100" is not a valid USCC: .+/);
    expectOneLine(await run('scripts/setup.ts', [], { ...setupEnv, SETUP_OPERATOR_USCC: 'not-a-uscc' }), /^npm run setup: SETUP_OPERATOR_USCC: /);
    expectOneLine(await run('scripts/setup.ts', [], { ...setupEnv, SETUP_OPERATOR_NAME: ' ' }), /^npm run setup: SETUP_OPERATOR_NAME: the platform operator needs a name$/);
    expectOneLine(await run('scripts/setup.ts', [], { ...setupEnv, SETUP_ADMIN_PASSWORD: 'short' }), /^npm run setup: SETUP_ADMIN_PASSWORD: .+/);
    // Nothing in the environment and no terminal to answer on: the first value missing is named.
    expectOneLine(await run('scripts/setup.ts', []), /^npm run setup: 平台运营方名称 \(operator name\): no answer \(the input ended\); set SETUP_OPERATOR_NAME$/);
  });

  it('npm run bank-simulator names the option: not a port, a port in use, an unknown option', async () => {
    expectOneLine(await run('scripts/bank-simulator.ts', ['--port', 'eighty']), /^npm run bank-simulator: --port: "eighty" is not a port/);
    expectOneLine(await run('scripts/bank-simulator.ts', ['--port', '4621', '--retry-scale', 'fast']), /^npm run bank-simulator: --retry-scale: "fast" is not a number greater than 0$/);
    expectOneLine(await run('scripts/bank-simulator.ts', ['--prot', '4621']), /^npm run bank-simulator: --prot: Unknown option '--prot'/);
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    try {
      const port = (holder.address() as AddressInfo).port;
      expectOneLine(await run('scripts/bank-simulator.ts', ['--port', String(port)]), new RegExp(`^npm run bank-simulator: --port: 127\\.0\\.0\\.1:${port} cannot be listened on \\(EADDRINUSE\\)`));
    } finally {
      holder.close();
    }
  });

  it('npm run conformance names the option: missing, a file that is not there or not JSON', async () => {
    expectOneLine(await run('scripts/conformance.ts', []), /^npm run conformance: --url: missing; usage: npm run conformance -- --url/);
    const base = ['--url', 'http://127.0.0.1:9/xyd', '--protocol', 'json-webhooks'];
    expectOneLine(await run('scripts/conformance.ts', [...base, '--options', join(root, 'absent.json')]), /^npm run conformance: --options: .*absent\.json cannot be read \(ENOENT\)$/);
    writeFileSync(join(root, 'broken.json'), '{"apiKey": ');
    expectOneLine(await run('scripts/conformance.ts', [...base, '--options', join(root, 'broken.json')]), /^npm run conformance: --options: .*broken\.json is not JSON \(/);
    expectOneLine(await run('scripts/conformance.ts', ['--url', 'not a url', '--protocol', 'json-webhooks', '--options', join(root, 'broken.json')]), /^npm run conformance: --url: "not a url" is not a URL/);
  });
});
