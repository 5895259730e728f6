import { createDecipheriv } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { signWebhook } from '../src/platform/webhooks/standard-webhooks.js';
import { stringToSign } from './cn-open-platform/envelope.js';

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
