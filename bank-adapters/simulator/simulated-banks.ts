import { randomBytes } from 'node:crypto';
import { generateSm2KeyPair } from '../../src/platform/sm2.js';
import type { BankAdapterSetting } from '../index.js';
import type { SimulatedBank } from './bank-simulator.js';

export type Protocol = SimulatedBank['protocol'];

/**
 * Fresh credentials for banks played by the simulator: the adapter settings the platform boots
 * with, and (once the platform's URL is known) the simulator's side of each bank.
 */
export function simulatedBankSetup(
  banks: readonly { bankCode: string; protocol: Protocol }[],
  simulatorUrl: string,
  platformPublicKey: string,
): { settings: BankAdapterSetting[]; simulated(platformUrl: string): SimulatedBank[] } {
  const prepared = banks.map((b) => ({
    ...b,
    apiKey: randomBytes(24).toString('base64url'),
    webhookSecret: `whsec_${randomBytes(32).toString('base64')}`,
    appId: `XYD${randomBytes(6).toString('hex').toUpperCase()}`,
    sm4Key: randomBytes(16).toString('hex'),
    bankKeys: generateSm2KeyPair(),
  }));
  const baseUrl = (code: string) => `${simulatorUrl}/banks/${code}`;
  return {
    settings: prepared.map((b) =>
      b.protocol === 'json-webhooks'
        ? { bankCode: b.bankCode, adapter: b.protocol, options: { baseUrl: baseUrl(b.bankCode), apiKey: b.apiKey, webhookSecrets: [b.webhookSecret] } }
        : {
            bankCode: b.bankCode,
            adapter: b.protocol,
            options: { baseUrl: baseUrl(b.bankCode), appId: b.appId, sm4Key: b.sm4Key, bankPublicKey: b.bankKeys.publicKey },
          },
    ),
    simulated: (platformUrl) =>
      prepared.map((b): SimulatedBank => {
        const callbackUrl = `${platformUrl}/api/v1/callbacks/banks/${b.bankCode}`;
        return b.protocol === 'json-webhooks'
          ? { bankCode: b.bankCode, protocol: b.protocol, callbackUrl, apiKey: b.apiKey, webhookSecret: b.webhookSecret }
          : { bankCode: b.bankCode, protocol: b.protocol, callbackUrl, appId: b.appId, sm4Key: b.sm4Key, bankKeys: b.bankKeys, platformPublicKey };
      }),
  };
}
