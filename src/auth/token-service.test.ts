import { describe, expect, it } from 'vitest';
import { DomainError } from '../platform/errors.js';
import { TokenService } from './token-service.js';

const SECRET = 'unit-test-secret-unit-test-secret-1';
const client = { clientId: 'client-1', secretId: 'secret-1', institutionId: 'inst-1', role: 'bank_officer' as const, scopes: ['profile:read'] };

/** A token service whose clock the test moves. */
function service() {
  const clock = { ms: Date.now() };
  return { clock, tokens: new TokenService(SECRET, 600, () => clock.ms) };
}

const failure = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a failure');
};

describe('TokenService.verify', () => {
  it('answers a token verified before with the same frozen principal', () => {
    const { tokens } = service();
    const token = tokens.issueClient(client, 60);
    const first = tokens.verify(token);
    const second = tokens.verify(token);
    expect(second.principal).toBe(first.principal);
    expect(first.principal).toMatchObject({ userId: 'client-1', clientId: 'client-1', institutionId: 'inst-1', scopes: ['profile:read'] });
    expect(Object.isFrozen(first.principal)).toBe(true);
    expect(Object.isFrozen(first.principal.scopes)).toBe(true);
  });

  it('refuses a remembered token once its expiry is reached, and one that differs from it by a single character', () => {
    const { clock, tokens } = service();
    const token = tokens.issueClient(client, 60);
    tokens.verify(token);
    const signature = token.slice(token.lastIndexOf('.') + 1);
    const flipped = token.slice(0, -signature.length) + (signature[0] === 'A' ? 'B' : 'A') + signature.slice(1);
    expect(failure(() => tokens.verify(flipped))).toMatchObject({ code: 'TOKEN_INVALID' });

    clock.ms += 59_000;
    expect(tokens.verify(token).principal.userId).toBe('client-1');
    clock.ms += 2_000;
    const expired = failure(() => tokens.verify(token));
    expect(expired).toBeInstanceOf(DomainError);
    expect(expired).toMatchObject({ code: 'TOKEN_EXPIRED' });
  });

  it('refuses a token signed with another secret even after the genuine one was remembered', () => {
    const { tokens } = service();
    const genuine = tokens.issueClient(client, 60);
    tokens.verify(genuine);
    const forged = new TokenService('another-secret-another-secret-12345', 600).issueClient(client, 60);
    expect(failure(() => tokens.verify(forged))).toMatchObject({ code: 'TOKEN_INVALID' });
  });
});
