import { describe, expect, it } from 'vitest';
import { FakeClock } from '../src/platform/clock.js';
import { AddressPolicy } from '../src/platform/egress/address-policy.js';
import { EgressGuard } from '../src/platform/egress/egress-guard.js';
import { generateSm2KeyPair } from '../src/platform/sm2.js';
import { BankAdapterConfigError, loadBankAdapters } from './index.js';

const egress = new EgressGuard({ policy: new AddressPolicy([]), requireHttps: true });
const context = { platformSm2: generateSm2KeyPair(), clock: new FakeClock(), egress, callbackPath: (code: string) => `/cb/${code}` };

describe('bank adapter registry', () => {
  it('builds a gateway with one adapter per configured bank', () => {
    const gateway = loadBankAdapters(
      [{ bankCode: 'CCB_HS', adapter: 'json-webhooks', options: { baseUrl: 'https://bank.example/', apiKey: 'k'.repeat(20), webhookSecrets: [`whsec_${Buffer.alloc(24, 1).toString('base64')}`] } }],
      context,
    );
    expect(gateway.bankCodes()).toEqual(['CCB_HS']);
  });

  it('stops the boot naming every bad setting', () => {
    const load = () =>
      loadBankAdapters(
        [
          { bankCode: 'A', adapter: 'carrier-pigeon', options: {} },
          { bankCode: 'B', adapter: 'cn-open-platform-sm', options: { baseUrl: 'not a url', appId: 'XYD1', sm4Key: 'short', bankPublicKey: '04' } },
        ],
        context,
      );
    expect(load).toThrow(BankAdapterConfigError);
    expect(load).toThrow(/A: unknown adapter "carrier-pigeon"[\s\S]*B \(cn-open-platform-sm\)[\s\S]*sm4Key[\s\S]*bankPublicKey/);
  });

  it('stops the boot when a bank URL is plain http in production or points inside the network', () => {
    const options = { apiKey: 'k'.repeat(20), webhookSecrets: [`whsec_${Buffer.alloc(24, 1).toString('base64')}`] };
    const load = () =>
      loadBankAdapters(
        [
          { bankCode: 'A', adapter: 'json-webhooks', options: { ...options, baseUrl: 'http://bank.example/' } },
          { bankCode: 'B', adapter: 'json-webhooks', options: { ...options, baseUrl: 'https://169.254.169.254/' } },
        ],
        context,
      );
    expect(load).toThrow(/A \(json-webhooks\): options.baseUrl refused[^\n]*https[\s\S]*B \(json-webhooks\): options.baseUrl refused[^\n]*link-local/);
  });
});
