import { describe, expect, it } from 'vitest';
import { webhookTestText } from './webhook-test-text';

describe('webhookTestText', () => {
  it('says each outcome in Chinese, with no English or raw error text', () => {
    const cases = [
      { status: 'pending', error: null },
      { status: 'delivered', error: null },
      { status: 'failed', error: 'receiver answered HTTP 401' },
      { status: 'failed', error: 'receiver answered HTTP 500' },
      { status: 'failed', error: 'receiver answered 410 Gone' },
      { status: 'failed', error: 'egress refused: 10.0.0.1 is private' },
      { status: 'failed', error: 'The operation was aborted due to timeout' },
      { status: 'failed', error: 'fetch failed' },
    ] as const;
    for (const test of cases) expect(webhookTestText(test).text, test.error ?? test.status).not.toMatch(/[A-Za-z]{3,}/);
    expect(webhookTestText(cases[2]).text).toContain('签名密钥');
    expect(webhookTestText(cases[1]).type).toBe('success');
    expect(webhookTestText(cases[3]).type).toBe('error');
  });
});
