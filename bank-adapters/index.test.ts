import { describe, expect, it } from 'vitest';
import { AddressPolicy } from '../src/platform/egress/address-policy.js';
import { EgressGuard } from '../src/platform/egress/egress-guard.js';
import { checkBankAdapterSetting } from './index.js';

const egress = new EgressGuard({ policy: new AddressPolicy([]), requireHttps: true });
const secrets = { apiKey: 'k'.repeat(20), webhookSecrets: [`whsec_${Buffer.alloc(24, 1).toString('base64')}`] };

describe('bank adapter settings', () => {
  it('accepts valid options and applies the adapter defaults', () => {
    const checked = checkBankAdapterSetting({ adapter: 'json-webhooks', options: { baseUrl: 'https://bank.example/', ...secrets } }, egress);
    expect(checked).toEqual({ ok: true, options: { baseUrl: 'https://bank.example', ...secrets, timeoutMs: 10_000 } });
  });

  it('names an unknown adapter and every bad option by its path', () => {
    expect(checkBankAdapterSetting({ adapter: 'carrier-pigeon', options: {} }, egress)).toMatchObject({ ok: false, problems: [{ path: [], message: /carrier-pigeon/ }] });
    const bad = checkBankAdapterSetting({ adapter: 'cn-open-platform-sm', options: { baseUrl: 'not a url', appId: 'XYD1', sm4Key: 'short', bankPublicKey: '04' } }, egress);
    expect(bad.ok ? [] : bad.problems.map((p) => p.path.join('.'))).toEqual(['baseUrl', 'sm4Key', 'bankPublicKey']);
    // An option the protocol does not have is named itself, not the options object.
    const unknown = checkBankAdapterSetting({ adapter: 'json-webhooks', options: { baseUrl: 'https://bank.example/', ...secrets, timeout: 5, retries: 1 } }, egress);
    expect(unknown.ok ? [] : unknown.problems.map((p) => p.path.join('.'))).toEqual(['timeout', 'retries']);
  });

  it('refuses a bank URL that is plain http in production or points inside the network', () => {
    for (const [baseUrl, why] of [['http://bank.example/', /https/], ['https://169.254.169.254/', /链路本地/]] as const) {
      expect(checkBankAdapterSetting({ adapter: 'json-webhooks', options: { ...secrets, baseUrl } }, egress)).toMatchObject({ ok: false, problems: [{ path: ['baseUrl'], message: why }] });
    }
  });
});
