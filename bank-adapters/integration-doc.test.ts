import { createDecipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../src/platform/clock.js';
import { AddressPolicy } from '../src/platform/egress/address-policy.js';
import { EgressGuard } from '../src/platform/egress/egress-guard.js';
import { generateSm2KeyPair, sm2Verify } from '../src/platform/sm2.js';
import { signWebhook } from '../src/platform/webhooks/standard-webhooks.js';
import { cnOpenPlatformAdapter, cnOpenPlatformOptionsSchema } from './cn-open-platform/cn-open-platform-adapter.js';
import { decryptBizText, signedResponse, stringToSign } from './cn-open-platform/envelope.js';

const doc = readFileSync(new URL('../docs/bank-integration.md', import.meta.url), 'utf8');
const line = (label: string) => new RegExp(`^${label} +(.+)$`, 'm').exec(doc)?.[1] ?? '';

/** The test vectors a bank checks its implementation against must be what the platform computes. */
describe('docs/bank-integration.md test vectors', () => {
  it('the Standard Webhooks signature', () => {
    const headers = signWebhook([line('secret')], line('webhook-id'), new Date(Number(line('webhook-timestamp')) * 1000), line('body'));
    expect(headers['webhook-signature']).toBe(line('webhook-signature'));
  });

  it('the SM4-CBC biz_content with its IV in front', () => {
    const vector = /key `([0-9a-f]{32})`, IV `([0-9a-f]{32})`,\nplaintext `([^`]+)` →\n`([^`]+)`/.exec(doc)!;
    const raw = Buffer.from(vector[4]!, 'base64');
    expect(raw.subarray(0, 16).toString('hex')).toBe(vector[2]);
    const decipher = createDecipheriv('sm4-cbc', Buffer.from(vector[1]!, 'hex'), raw.subarray(0, 16));
    expect(Buffer.concat([decipher.update(raw.subarray(16)), decipher.final()]).toString('utf8')).toBe(vector[3]);
  });

  it('the string to sign of an envelope', () => {
    const example = /^(\/api\/xyd\/ping\/V1\?.+)$/m.exec(doc)![1]!;
    const fields = Object.fromEntries(example.split('?')[1]!.split('&').map((kv) => kv.split('=') as [string, string]));
    expect(stringToSign('/api/xyd/ping/V1', { ...fields, sign: 'ignored', empty: '' })).toBe(example);
  });
});

describe('docs/bank-integration.md §5.2: the signed path under a baseUrl with a path', () => {
  it('is the protocol path, as the example says, not the full request path', async () => {
    const example = /^baseUrl +(\S+)\nposted to +(\S+)\nsigned +(\/\S+)\?/m.exec(doc)!;
    const [baseUrl, postedTo, signedPath] = [example[1]!, example[2]!, example[3]!];
    const prefix = new URL(baseUrl).pathname;
    const bank = generateSm2KeyPair();
    const sm4Key = '00112233445566778899aabbccddeeff';
    const received: { path: string; fields: Record<string, string> }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        const fields = Object.fromEntries(new URLSearchParams(body));
        received.push({ path: req.url!, fields });
        const { nonce } = JSON.parse(decryptBizText(fields.biz_content!, sm4Key)) as { nonce: string };
        res.end(signedResponse({ return_code: 0, return_msg: 'success', msg_id: fields.msg_id, nonce }, bank));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const platform = generateSm2KeyPair();
      const adapter = cnOpenPlatformAdapter.create(
        cnOpenPlatformOptionsSchema.parse({ baseUrl: `http://127.0.0.1:${port}${prefix}`, appId: 'XYDTEST01', sm4Key, bankPublicKey: bank.publicKey }),
        {
          bankCode: 'ABC_HS',
          platformSm2: platform,
          callbackPath: '/api/v1/callbacks/banks/ABC_HS',
          clock: systemClock,
          egress: new EgressGuard({ policy: new AddressPolicy(['127.0.0.0/8']), requireHttps: false }),
        },
      );
      await adapter.ping({ idempotencyKey: 'ping:abc', nonce: 'abc' });
      const [request] = received;
      expect(request!.path).toBe(new URL(postedTo).pathname);
      expect(sm2Verify(stringToSign(signedPath, request!.fields), request!.fields.sign!, platform.publicKey)).toBe(true);
    } finally {
      server.close();
    }
  });
});

describe('docs/bank-integration.md §5.6: the answers to a notification', () => {
  const section = doc.slice(doc.indexOf('### 5.6'), doc.indexOf('## 6.'));
  /** `HTTP return_code` of every row of the answers table that is in the protocol. */
  const documented = new Set([...section.matchAll(/^\| `(\d{3})` \| `return_code` `(\d+)` \|/gm)].map((m) => `${m[1]} ${m[2]}`));
  /** §5.4's one list of return codes. */
  const listed = /`return_code`, in both directions[^:]*:([^.]+)\./.exec(doc)![1]!;

  it('is a documented row for every way the platform answers, and every code is in §5.4’s list', () => {
    const adapter = cnOpenPlatformAdapter.create(
      cnOpenPlatformOptionsSchema.parse({ baseUrl: 'https://gw.bank.example', appId: 'XYDTEST01', sm4Key: '00112233445566778899aabbccddeeff', bankPublicKey: generateSm2KeyPair().publicKey }),
      { bankCode: 'ABC_HS', platformSm2: generateSm2KeyPair(), callbackPath: '/api/v1/callbacks/banks/ABC_HS', clock: systemClock, egress: new EgressGuard({ policy: new AddressPolicy([]), requireHttps: true }) },
    );
    const answers = (
      [
        { accepted: true, message: 'success' },
        { accepted: false, refusal: 'unverified', message: 'SIGNATURE_MISMATCH' },
        { accepted: false, refusal: 'unknown_application', message: 'unknown application' },
        { accepted: false, refusal: 'out_of_range', message: 'APPROVAL_OUTSIDE_PRODUCT: …' },
      ] as const
    ).map((ack) => {
      const reply = adapter.acknowledgeCallback(ack);
      return `${reply.status} ${(JSON.parse(reply.body) as { response_biz_content: { return_code: number } }).response_biz_content.return_code}`;
    });
    // Before, every refusal but a broken limit was answered `return_code` 1, a code the protocol's table does not have.
    expect(new Set(answers)).toEqual(documented);
    for (const answer of answers) expect(listed, answer).toContain(`\`${answer.split(' ')[1]}\``);
  });
});
