import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BankSimulator } from '../../bank-adapters/simulator/bank-simulator.js';
import { generateSm2KeyPair } from '../../src/platform/sm2.js';
import { runConformance } from '../../scripts/conformance.js';

const run = promisify(execFile);
const dir = mkdtempSync(join(tmpdir(), 'xyd-conformance-'));
const apiKey = 'sandbox-api-key-0123456789';
const webhookSecret = `whsec_${Buffer.alloc(32, 7).toString('base64')}`;
let simulator: BankSimulator;
let url: string;

beforeAll(async () => {
  simulator = new BankSimulator({ banks: [{ bankCode: 'SANDBOX', protocol: 'json-webhooks', callbackUrl: 'http://127.0.0.1:9/none', apiKey, webhookSecret }] });
  url = await simulator.start();
  simulator.setDefaultScript({ steps: [] });
});
afterAll(() => simulator?.stop());

/** `npm run conformance` as a bank runs it: a separate process; resolves with its exit code and output. */
async function conformance(baseUrl: string, options: object): Promise<{ code: number; out: string }> {
  const file = join(dir, `options-${Math.random()}.json`);
  writeFileSync(file, JSON.stringify(options));
  try {
    const { stdout } = await run('npx', ['tsx', 'scripts/conformance.ts', '--url', baseUrl, '--protocol', 'json-webhooks', '--options', file]);
    return { code: 0, out: stdout };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { code: failed.code, out: failed.stdout };
  }
}

it('passes every check against the sandbox, and fails naming the check against a wrong endpoint', async () => {
  const good = await conformance(`${url}/banks/SANDBOX`, { apiKey, webhookSecrets: [webhookSecret] });
  expect(good.code, good.out).toBe(0);
  for (const check of ['options', 'ping', 'submit', 'submit-idempotent', 'status', 'status-unknown', 'cancel']) expect(good.out).toContain(`PASS ${check}:`);

  // The bank signs its answers with another secret than the one the platform was given.
  const wrongSecret = await conformance(`${url}/banks/SANDBOX`, { apiKey, webhookSecrets: [`whsec_${Buffer.alloc(32, 9).toString('base64')}`] });
  expect(wrongSecret.code).toBe(1);
  expect(wrongSecret.out).toMatch(/FAIL ping: ping reply not signed with the webhook secret/);
  expect(wrongSecret.out.trim().split('\n').at(-1)).toBe('{"passed":1,"failed":["ping"]}');
}, 60_000);

it('checks an open-platform bank the same way (SM2-signed, SM4-encrypted envelopes)', async () => {
  const platformKeys = generateSm2KeyPair();
  const bankKeys = generateSm2KeyPair();
  const sm4Key = '00112233445566778899aabbccddeeff';
  simulator.addBank({ bankCode: 'SANDBOX_CN', protocol: 'cn-open-platform-sm', callbackUrl: 'http://127.0.0.1:9/none', appId: 'XYDSANDBOX', sm4Key, bankKeys, platformPublicKey: platformKeys.publicKey });
  const options = { appId: 'XYDSANDBOX', sm4Key, bankPublicKey: bankKeys.publicKey };
  const results = await runConformance({ url: `${url}/banks/SANDBOX_CN`, protocol: 'cn-open-platform-sm', options, platformKeys });
  expect(results.filter((r) => !r.ok)).toEqual([]);
  const foreignBank = await runConformance({ url: `${url}/banks/SANDBOX_CN`, protocol: 'cn-open-platform-sm', options: { ...options, bankPublicKey: generateSm2KeyPair().publicKey }, platformKeys });
  expect(foreignBank.find((r) => !r.ok)).toMatchObject({ check: 'ping', detail: /badly signed/ });
});

/**
 * A json-webhooks bank that signs its pings and takes applications, answering every status query
 * with `status` (a number: that HTTP status and no body; a text: a 200 report in that status).
 */
async function bankAnsweringQueries(status: number | 'PENDING'): Promise<{ url: string; close: () => Promise<void> }> {
  const { createServer } = await import('node:http');
  const { signWebhook } = await import('../../src/platform/webhooks/standard-webhooks.js');
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const reply = (code: number, value?: object, headers: Record<string, string> = {}) => {
        res.writeHead(code, { 'content-type': 'application/json', ...headers });
        res.end(value === undefined ? '' : JSON.stringify(value));
      };
      if (req.url === '/ping') {
        const { nonce } = JSON.parse(body) as { nonce: string };
        const text = JSON.stringify({ nonce });
        res.writeHead(200, { 'content-type': 'application/json', ...signWebhook([webhookSecret], nonce, new Date(), text) });
        res.end(text);
      } else if (req.method === 'POST' && req.url === '/applications') reply(201, { bankReference: 'Q-1', status: 'PENDING' });
      else if (req.method === 'GET') {
        const applicationId = req.url!.split('/').at(-1)!;
        if (typeof status === 'number') reply(status);
        else reply(200, { applicationId, bankReference: 'Q-1', status, disbursements: [], repayments: [] });
      } else reply(200, {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

it('fails status when the bank does not know the application it just took, and status-unknown when it knows every one', async () => {
  const options = { apiKey, webhookSecrets: [webhookSecret] };
  const forgetful = await bankAnsweringQueries(404);
  try {
    const results = await runConformance({ url: forgetful.url, protocol: 'json-webhooks', options });
    expect(results.filter((r) => !r.ok).map((r) => r.check)).toEqual(['status']);
    expect(results.find((r) => r.check === 'status')!.detail).toMatch(/not found/);
  } finally {
    await forgetful.close();
  }
  const knowsAll = await bankAnsweringQueries('PENDING');
  try {
    const results = await runConformance({ url: knowsAll.url, protocol: 'json-webhooks', options });
    expect(results.filter((r) => !r.ok).map((r) => r.check)).toEqual(['status-unknown']);
  } finally {
    await knowsAll.close();
  }
});
