import { describe, expect, it } from 'vitest';
import { SignatureFailures } from './signature-failure-guard.js';

const BANK = '/api/v1/callbacks/banks/B1';

describe('SignatureFailures', () => {
  it('holds an address at the limit until its oldest counted refusal leaves the window', () => {
    let now = 1_000_000;
    const failures = new SignatureFailures({ max: 3, maxPerClaim: 100, windowSeconds: 60 }, () => now);
    for (let i = 0; i < 3; i++) {
      expect(failures.waitFor('a', BANK)).toBe(0);
      failures.record('a', BANK);
      now += 10_000;
    }
    // Refusals at 0 s, 10 s and 20 s; now 30 s: the first leaves the window at 60 s.
    expect(failures.waitFor('a', BANK)).toBe(30);
    expect(failures.waitFor('b', BANK)).toBe(0);
    now += 30_000;
    expect(failures.waitFor('a', BANK)).toBe(0);
  });

  it('keeps at most the limit per address, and forgets every address past its memory bound', () => {
    let now = 0;
    const failures = new SignatureFailures({ max: 2, maxPerClaim: 1_000_000, windowSeconds: 60 }, () => now);
    for (let i = 0; i < 100; i++) failures.record('a', BANK);
    expect(failures.waitFor('a', BANK)).toBe(60);
    for (let i = 0; i < 10_000; i++) failures.record(`198.51.${Math.floor(i / 256)}.${i % 256}`, BANK);
    now += 1;
    expect(failures.waitFor('a', BANK)).toBe(0);
  });

  it('bounds forgeries spread over many addresses per claimed sender, never holding back an address its signatures held from', () => {
    let now = 0;
    const failures = new SignatureFailures({ max: 10, maxPerClaim: 5, windowSeconds: 60 }, () => now);
    failures.held('bank', BANK);
    // Five forgers, one refusal each: each within its own limit, the claim at its limit.
    for (let i = 0; i < 5; i++) failures.record(`forger-${i}`, BANK);
    now += 1_000;
    expect(failures.waitFor('forger-99', BANK)).toBe(59);
    expect(failures.waitFor('forger-0', BANK)).toBe(59);
    // The real bank, from the address it signed from, is still checked; another claim is untouched.
    expect(failures.waitFor('bank', BANK)).toBe(0);
    expect(failures.waitFor('forger-99', '/api/v1/callbacks/banks/B2')).toBe(0);
    // The bank's own refusals still count against its address, as anyone's.
    for (let i = 0; i < 10; i++) failures.record('bank', BANK);
    expect(failures.waitFor('bank', BANK)).toBe(60);
    now += 60_000;
    expect(failures.waitFor('forger-99', BANK)).toBe(0);
  });

  it('remembers a bounded number of proven addresses per claim, the least recent forgotten first', () => {
    const failures = new SignatureFailures({ max: 10, maxPerClaim: 1, windowSeconds: 60 }, () => 0);
    failures.record('forger', BANK);
    failures.held('first', BANK);
    for (let i = 0; i < 64; i++) failures.held(`other-${i}`, BANK);
    expect(failures.waitFor('first', BANK)).toBeGreaterThan(0);
    expect(failures.waitFor('other-63', BANK)).toBe(0);
  });
});
