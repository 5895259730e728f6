import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.js';

describe('password hashes', () => {
  it('are scrypt at N = 2^15 by default, with the parameters stored in the hash', async () => {
    const stored = await hashPassword('Demo@2026');
    expect(stored).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}$/);
    expect(await verifyPassword('Demo@2026', stored)).toBe(true);
    expect(await verifyPassword('Demo@2027', stored)).toBe(false);
  });

  it('verify at the cost stored in the hash, whatever the cost of new hashes is now', async () => {
    const cheap = await hashPassword('Demo@2026', 10);
    expect(cheap.split('$')[1]).toBe('1024');
    expect(await verifyPassword('Demo@2026', cheap)).toBe(true);
    expect(await verifyPassword('demo@2026', cheap)).toBe(false);
    // A salt of its own each time: the same password never gives the same hash.
    expect(await hashPassword('Demo@2026', 10)).not.toBe(cheap);
  });

  it('refuse a stored value that is not a scrypt hash', async () => {
    expect(await verifyPassword('Demo@2026', 'plain$Demo@2026')).toBe(false);
    expect(await verifyPassword('Demo@2026', '')).toBe(false);
  });
});
