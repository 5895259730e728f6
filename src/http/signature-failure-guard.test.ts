import { describe, expect, it } from 'vitest';
import { SignatureFailures } from './signature-failure-guard.js';

describe('SignatureFailures', () => {
  it('holds an address at the limit until its oldest counted refusal leaves the window', () => {
    let now = 1_000_000;
    const failures = new SignatureFailures({ max: 3, windowSeconds: 60 }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(failures.waitFor('a')).toBe(0);
      failures.record('a');
      now += 10_000;
    }
    // Refusals at 0 s, 10 s and 20 s; now 30 s: the first leaves the window at 60 s.
    expect(failures.waitFor('a')).toBe(30);
    expect(failures.waitFor('b')).toBe(0);
    now += 30_000;
    expect(failures.waitFor('a')).toBe(0);
  });

  it('keeps at most the limit per address, and forgets every address past its memory bound', () => {
    let now = 0;
    const failures = new SignatureFailures({ max: 2, windowSeconds: 60 }, () => now);
    for (let i = 0; i < 100; i++) failures.record('a');
    expect(failures.waitFor('a')).toBe(60);
    for (let i = 0; i < 10_000; i++) failures.record(`198.51.${Math.floor(i / 256)}.${i % 256}`);
    now += 1;
    expect(failures.waitFor('a')).toBe(0);
  });
});
