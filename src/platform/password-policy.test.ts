import { describe, expect, it } from 'vitest';
import { passwordProblems } from './password-policy.js';

const USCC = '91330100MA27XXXX1X';

describe('passwordProblems', () => {
  it.each([
    ['Ab1!', 'PASSWORD_TOO_SHORT'],
    ['A'.repeat(40) + 'b1!'.repeat(10), 'PASSWORD_TOO_LONG'],
    ['alllowercase1', 'PASSWORD_TOO_WEAK'],
    ['12345678901', 'PASSWORD_TOO_WEAK'],
    [`X${USCC.toLowerCase()}!`, 'PASSWORD_CONTAINS_USERNAME'],
    ['P@ssw0rd', 'PASSWORD_TOO_COMMON'],
    ['Woaini1314', 'PASSWORD_TOO_COMMON'],
  ])('refuses %s with %s and a Chinese message', (password, code) => {
    const [problem] = passwordProblems(password, USCC);
    expect(problem).toMatchObject({ field: 'password', code });
    expect(problem!.message).toMatch(/[\u4e00-\u9fff]/);
  });

  it.each(['Passw0rd1', 'Portal2026ok', 'x9-Lantern-Quay'])('accepts %s', (password) => {
    expect(passwordProblems(password, USCC)).toEqual([]);
  });
});
