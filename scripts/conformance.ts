import { randomBytes, randomUUID } from 'node:crypto';
import { checkBankAdapterSetting, createBankAdapter } from '../bank-adapters/index.js';
import type { BankAdapter } from '../bank-adapters/port.js';
import { systemClock } from '../src/platform/clock.js';
import { AddressPolicy } from '../src/platform/egress/address-policy.js';
import { EgressGuard } from '../src/platform/egress/egress-guard.js';
import { generateSm2KeyPair, type Sm2KeyPair } from '../src/platform/sm2.js';
import { CommandInputError } from '../src/start-failure.js';
import { commandArgs, jsonFileArgument, runCommand } from './command-input.js';

/**
 * `npm run conformance -- --url <baseUrl> --protocol <json-webhooks|cn-open-platform-sm>
 *   --options <options.json> [--platform-keys <keys.json>]`: plays the platform against a bank's
 * endpoint with the platform's own adapter, one named check after another, and exits 1 when one
 * fails. `options.json` holds the protocol's options as the platform stores them (secrets and the
 * bank's SM2 key included, `baseUrl` taken from --url); `keys.json` is `{privateKey, publicKey}`,
 * the SM2 pair the bank's sandbox trusts as the platform's (cn-open-platform-sm only). A missing
 * or wrong option (a file that cannot be read, or is not JSON) is one line naming it (exit 64).
 */
export interface ConformanceResult {
  check: string;
  ok: boolean;
  detail: string;
}

export async function runConformance(input: { url: string; protocol: string; options: Record<string, unknown>; platformKeys?: Sm2KeyPair }): Promise<ConformanceResult[]> {
  const results: ConformanceResult[] = [];
  const egress = new EgressGuard({ policy: new AddressPolicy(['0.0.0.0/0', '::/0']), requireHttps: false });
  const checked = checkBankAdapterSetting({ adapter: input.protocol, options: { ...input.options, baseUrl: input.url } }, egress);
  results.push({ check: 'options', ok: checked.ok, detail: checked.ok ? 'valid for the protocol' : checked.problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; ') });
  if (!checked.ok) return results;
  const adapter: BankAdapter = createBankAdapter(input.protocol, checked.options, {
    bankCode: 'CONFORMANCE',
    platformSm2: input.platformKeys ?? generateSm2KeyPair(),
    callbackPath: '/api/v1/callbacks/banks/CONFORMANCE',
    clock: systemClock,
    egress,
  });
  const run = async (check: string, work: () => Promise<string>): Promise<boolean> => {
    try {
      results.push({ check, ok: true, detail: await work() });
      return true;
    } catch (error) {
      results.push({ check, ok: false, detail: error instanceof Error ? error.message : String(error) });
      return false;
    }
  };
  const nonce = randomBytes(16).toString('hex');
  if (!(await run('ping', async () => `nonce echoed: ${(await adapter.ping({ idempotencyKey: `ping:${nonce}`, nonce })).echoed}`))) return results;
  const applicationId = randomUUID();
  const submission = {
    idempotencyKey: `loan-application:${applicationId}:submit`,
    applicationId,
    enterprise: { uscc: '91420200MA4F000001', name: '接入测试企业有限公司' },
    product: null,
    amount: '100000.00',
    termMonths: 12,
    purpose: '接入测试',
    firstLoan: true,
    submittedAt: new Date().toISOString(),
  };
  let reference = '';
  const submitted = await run('submit', async () => {
    reference = (await adapter.submitApplication(submission)).bankReference;
    return `bankReference ${reference}`;
  });
  if (submitted) {
    await run('submit-idempotent', async () => {
      const again = (await adapter.submitApplication(submission)).bankReference;
      if (again !== reference) throw new Error(`a repeat with the same idempotency key gave ${again}, not ${reference}`);
      return 'the repeat returned the first receipt';
    });
    await run('status', async () => {
      const events = await adapter.queryStatus({ idempotencyKey: `poll:${applicationId}`, applicationId, bankReference: reference });
      if (events === null) throw new Error(`the application just accepted as ${reference} was answered as not found`);
      return `${events.length} event(s)`;
    });
  }
  await run('status-unknown', async () => {
    const events = await adapter.queryStatus({ idempotencyKey: `poll:${nonce}`, applicationId: randomUUID(), bankReference: null });
    if (events !== null) throw new Error('an unknown application must be answered as not found (404 / return_code 40004), not with a status');
    return 'not found';
  });
  if (submitted) await run('cancel', async () => {
    await adapter.cancelApplication({ idempotencyKey: `loan-application:${applicationId}:cancel`, applicationId, bankReference: reference, reason: '接入测试' });
    return 'cancelled';
  });
  return results;
}

async function main(): Promise<void> {
  const { values } = commandArgs({
    options: { url: { type: 'string' }, protocol: { type: 'string' }, options: { type: 'string' }, 'platform-keys': { type: 'string' } },
  });
  for (const required of ['url', 'protocol', 'options'] as const) {
    if (!values[required]) throw new CommandInputError(`--${required}`, 'missing; usage: npm run conformance -- --url <baseUrl> --protocol <json-webhooks|cn-open-platform-sm> --options <options.json> [--platform-keys <keys.json>]');
  }
  const url = values.url!;
  if (!URL.canParse(url)) throw new CommandInputError('--url', `"${url}" is not a URL (https://…)`);
  const results = await runConformance({
    url,
    protocol: values.protocol!,
    options: jsonFileArgument('--options', values.options!),
    platformKeys: values['platform-keys'] ? (jsonFileArgument('--platform-keys', values['platform-keys']) as unknown as Sm2KeyPair) : undefined,
  });
  for (const r of results) console.log(`${r.ok ? 'PASS' : 'FAIL'} ${r.check}: ${r.detail}`);
  const failed = results.filter((r) => !r.ok).map((r) => r.check);
  console.log(JSON.stringify({ passed: results.length - failed.length, failed }));
  process.exit(failed.length ? 1 : 0);
}

if (import.meta.url === `file://${process.argv[1]}`) await runCommand('npm run conformance', main);
