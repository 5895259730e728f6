import { describe, expect, it } from 'vitest';
import { Sm4KeyMissingError } from './platform/national-crypto.js';
import { CommandInputError, operatorFailure, USAGE_ERROR_EXIT } from './start-failure.js';

describe('operatorFailure', () => {
  it('tells a wrong value given to a command as one line naming it, exit 64', () => {
    expect(operatorFailure(undefined, new CommandInputError('--port', '"x" is not a port'), 'npm run bank-simulator')).toEqual({
      line: 'npm run bank-simulator: --port: "x" is not a port',
      exitCode: USAGE_ERROR_EXIT,
    });
  });

  it('tells a stored value under a key the keyring lacks as a setting to fix: SM4_PREVIOUS_KEYS, exit 78', () => {
    const failure = operatorFailure(undefined, new Sm4KeyMissingError('k0'), 'npm run reencrypt');
    expect(failure).toEqual({ line: expect.stringMatching(/^npm run reencrypt: SM4_PREVIOUS_KEYS: .*key k0.*add it as k0:<32 hex>\.$/), exitCode: 78 });
  });

  it('leaves anything else to be reported with its stack (a bug)', () => {
    expect(operatorFailure(undefined, new Error('boom'), 'npm run setup')).toBeUndefined();
  });
});
