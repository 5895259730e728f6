import { describe, expect, it } from 'vitest';
import { REDACTED, scrub, scrubText } from './log-scrubber.js';

describe('scrub', () => {
  it('replaces values of secret-named keys, at any depth', () => {
    expect(scrub({ a: { password: 'x', clientSecret: 'y', refreshToken: 'z', idNumber: '1', contactMobile: '2', name: 'ok' } })).toEqual({
      a: { password: REDACTED, clientSecret: REDACTED, refreshToken: REDACTED, idNumber: REDACTED, contactMobile: REDACTED, name: 'ok' },
    });
  });

  it('keeps an error readable while scrubbing its message, stack and raw body', () => {
    const err = Object.assign(new SyntaxError('bad input 13812345678'), { status: 400, body: '{"password":"hunter22a","idNumber":"33010219900307123X"}' });
    const out = scrub(err) as Record<string, string | number>;
    expect(out).toMatchObject({ type: 'SyntaxError', message: `bad input ${REDACTED}`, status: 400 });
    expect(JSON.stringify(out)).not.toMatch(/hunter22a|33010219900307123X|13812345678/);
  });

  it.each([
    ['Authorization: Bearer eyJhbGciOi.eyJzdWIiOi.sig', 'hunter'],
    ['token=abc123&client_secret=s3cr3t', 's3cr3t'],
    ['id 330102199003071234 mobile +86 13912345678', '13912345678'],
    ['secret whsec_QUJDREVGR0g=', 'whsec_'],
  ])('scrubs values in free text: %s', (text, secret) => {
    expect(scrubText(text)).not.toContain(secret);
  });

  it('leaves ordinary text alone (ids, amounts, USCCs with letters, dates)', () => {
    const text = 'application 7f1c2d3e amount 1500000.00 uscc 91330100MA27XXXX1X on 2026-12-05';
    expect(scrubText(text)).toBe(text);
  });
});
