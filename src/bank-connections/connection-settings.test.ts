import { describe, expect, it } from 'vitest';
import { BANK_ADAPTER_REGISTRY } from '../../bank-adapters/index.js';
import { adapterOptions, fieldOf, maskSecret, resolveSecrets, type Definition } from './connection-settings.js';

const json = BANK_ADAPTER_REGISTRY['json-webhooks'] as Definition;
const cn = BANK_ADAPTER_REGISTRY['cn-open-platform-sm'] as Definition;

describe('connection settings', () => {
  it('keeps stored secrets, takes entered ones, generates what the platform may, and reveals only what changed', () => {
    const first = resolveSecrets(json, { apiKey: 'entered-api-key-123' }, {}, []);
    expect(first.secrets.apiKey).toBe('entered-api-key-123');
    expect((first.secrets.webhookSecrets as string[])[0]).toMatch(/^whsec_/);
    expect(Object.keys(first.revealed).sort()).toEqual(['apiKey', 'webhookSecrets']);

    const kept = resolveSecrets(json, {}, first.secrets, []);
    expect(kept).toEqual({ secrets: first.secrets, revealed: {} });

    const rotated = resolveSecrets(json, {}, first.secrets, ['webhookSecrets']);
    expect(rotated.secrets.apiKey).toBe('entered-api-key-123');
    expect(Object.keys(rotated.revealed)).toEqual(['webhookSecrets']);
    // The new secret first, the replaced one kept second so the bank's callbacks verify while it
    // deploys the new one; only the new one is revealed.
    const [previous] = first.secrets.webhookSecrets as string[];
    const [fresh] = rotated.revealed.webhookSecrets as string[];
    expect(rotated.revealed.webhookSecrets).toEqual([fresh]);
    expect(fresh).not.toBe(previous);
    expect(rotated.secrets.webhookSecrets).toEqual([fresh, previous]);
    // Rotating again keeps only the one before; entering the list ends the old one.
    const again = resolveSecrets(json, {}, rotated.secrets, ['webhookSecrets']);
    expect((again.secrets.webhookSecrets as string[]).slice(1)).toEqual([fresh]);
    expect(resolveSecrets(json, { webhookSecrets: [fresh] }, rotated.secrets, []).secrets.webhookSecrets).toEqual([fresh]);

    // The bank issues the apiKey: it is never made up.
    expect(resolveSecrets(json, {}, {}, []).secrets.apiKey).toBeUndefined();
    expect(resolveSecrets(cn, {}, {}, []).secrets.sm4Key).toMatch(/^[0-9a-f]{32}$/);
  });

  it('names the input field of an adapter option', () => {
    expect(fieldOf(json, { path: ['baseUrl'], message: '' })).toBe('options.baseUrl');
    expect(fieldOf(json, { path: ['webhookSecrets', 0], message: '' })).toBe('secrets.webhookSecrets.0');
    expect(fieldOf(cn, { path: ['bankPublicKey'], message: '' })).toBe('bankPublicKey');
    expect(fieldOf(cn, { path: [], message: '' })).toBe('protocol');
  });

  it('puts the bank key under the adapter’s own option name only for protocols that use one', () => {
    expect(adapterOptions(cn, { appId: 'A' }, { sm4Key: 'k' }, '04ab')).toEqual({ appId: 'A', sm4Key: 'k', bankPublicKey: '04ab' });
    expect(adapterOptions(json, { baseUrl: 'u' }, { apiKey: 'k' }, '04ab')).toEqual({ baseUrl: 'u', apiKey: 'k' });
  });

  it('masks a secret to its last four characters, and short ones entirely', () => {
    expect(maskSecret('abcdefghijklmnop')).toBe('••••mnop');
    expect(maskSecret('short')).toBe('••••');
    expect(maskSecret([`whsec_${'A'.repeat(40)}`])).toBe('whsec_••••AAAA');
  });
});
