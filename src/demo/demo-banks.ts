import type { BankAdapterSetting } from '../../bank-adapters/index.js';
import { BankSimulator } from '../../bank-adapters/simulator/bank-simulator.js';
import { simulatedBankSetup, type Protocol } from '../../bank-adapters/simulator/simulated-banks.js';

/** The demo's connected banks and the protocol each speaks: two of each. */
export const DEMO_BANK_PROTOCOLS: readonly { bankCode: string; protocol: Protocol }[] = [
  { bankCode: 'ICBC_HS', protocol: 'cn-open-platform-sm' },
  { bankCode: 'CCB_HS', protocol: 'json-webhooks' },
  { bankCode: 'HBB_HS', protocol: 'json-webhooks' },
  { bankCode: 'HSRCB', protocol: 'cn-open-platform-sm' },
];

export interface DemoBanks {
  simulator: BankSimulator;
  settings: BankAdapterSetting[];
  /** Points the simulated banks' callbacks at the platform once it listens. */
  attach(platformUrl: string): void;
}

/** Starts the bank simulator on a free port and configures the demo banks against it. */
export async function startDemoBanks(platformPublicKey: string, retryScale: number): Promise<DemoBanks> {
  const simulator = new BankSimulator({ banks: [], retryScale });
  const url = await simulator.start(0);
  const setup = simulatedBankSetup(DEMO_BANK_PROTOCOLS, url, platformPublicKey);
  return {
    simulator,
    settings: setup.settings,
    attach(platformUrl) {
      for (const bank of setup.simulated(platformUrl)) simulator.addBank(bank);
    },
  };
}
