import type { BankAdapterSetting } from '../../bank-adapters/index.js';
import type { Db } from '../db/database.js';
import type { Services } from '../services.js';
import { BankSimulator } from '../../bank-adapters/simulator/bank-simulator.js';
import { simulatedBankSetup, type Protocol } from '../../bank-adapters/simulator/simulated-banks.js';

/** The demo's connected banks and the protocol each speaks: two of each. */
export const DEMO_BANK_PROTOCOLS: readonly { bankCode: string; protocol: Protocol }[] = [
  { bankCode: 'ICBC_HS', protocol: 'cn-open-platform-sm' },
  { bankCode: 'CCB_HS', protocol: 'json-webhooks' },
  { bankCode: 'HBB_HS', protocol: 'json-webhooks' },
  { bankCode: 'HSRCB', protocol: 'cn-open-platform-sm' },
];

/**
 * How each demo bank decides: two leave every application to their officers in the web (one per
 * protocol), two decide automatically from the authorised profile their systems read.
 */
export const DEMO_BANK_POLICIES: Readonly<Record<string, 'manual' | 'automatic'>> = {
  ICBC_HS: 'manual',
  CCB_HS: 'manual',
  HBB_HS: 'automatic',
  HSRCB: 'automatic',
};

/** How long an automatic demo bank takes to decide: long enough to watch the status move. */
const DEMO_DECISION_DELAY_MS = 1_500;

export interface DemoBanks {
  simulator: BankSimulator;
  settings: BankAdapterSetting[];
  /** Points the simulated banks' callbacks at the platform once it listens. */
  attach(platformUrl: string): void;
  /**
   * Gives each automatic demo bank a machine client (`profile:read`, `products:read`) made by
   * its demo officer, as the bank's IT would, and sets every demo bank's policy.
   */
  applyPolicies(db: Db, services: Pick<Services, 'clientCredentials'>, platformUrl: string, decisionDelayMs?: number): Promise<void>;
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
    async applyPolicies(db, services, platformUrl, decisionDelayMs = DEMO_DECISION_DELAY_MS) {
      for (const [bankCode, mode] of Object.entries(DEMO_BANK_POLICIES)) {
        if (mode === 'manual') {
          simulator.setPolicy(bankCode, { mode });
          continue;
        }
        const admin = await db('users as u')
          .join('institutions as i', 'i.id', 'u.institution_id')
          .where('i.code', bankCode)
          .andWhere({ 'u.role': 'bank_officer', 'u.position': 'institution_admin' })
          .orderBy('u.created_at')
          .first('u.id', 'u.institution_id');
        if (!admin) throw new Error(`demo bank ${bankCode} has no institution admin`);
        const principal = { userId: admin.id as string, role: 'bank_officer' as const, institutionId: admin.institution_id as string, enterpriseId: null, position: 'institution_admin' as const };
        const client = await services.clientCredentials.create(principal, '模拟银行自动审批系统', ['profile:read', 'products:read']);
        simulator.setPolicy(bankCode, { mode, platformUrl, clientId: client.clientId, clientSecret: client.clientSecret, decisionDelayMs });
      }
    },
  };
}
