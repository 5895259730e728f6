import { userStore } from '../auth/user-store.js';
import type { Db } from '../db/database.js';
import { DEMO_PASSWORD } from './demo-city.js';
import { institutionStore } from '../institutions/institution-store.js';
import type { HashPassword } from '../platform/password.js';
import { insertOutcomeSamples } from '../precredit/outcome-store.js';
import { syntheticSample } from '../precredit/synthetic-sample.js';

const SAMPLES_PER_BANK = 3_000;

/** The second officer of each demo bank (复核岗), so model activation can be maker-checked. */
export const checkerUsername = (bankCode: string) => `${bankCode.toLowerCase()}_checker`;

/**
 * A checker per demo bank and generated loan outcomes with a known signal for every demo bank, so a bank can train a
 * pre-credit model end to end (the hold-out AUC shows the signal is found). Idempotent.
 */
export async function seedDemoPrecredit(knex: Db, hashPassword: HashPassword): Promise<void> {
  const banks = await institutionStore.list(knex, { type: 'bank' });
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const [i, bank] of banks.entries()) {
    if (!(await knex('users').where({ username: checkerUsername(bank.code) }).first())) {
      await userStore.insert(knex, { username: checkerUsername(bank.code), passwordHash, role: 'bank_officer', displayName: `${bank.name}复核岗`, institutionId: bank.id, enterpriseId: null, position: 'reviewer' });
    }
    const existing = await knex('precredit_outcome_samples').where({ bank_id: bank.id }).first();
    if (existing) continue;
    const sample = syntheticSample(SAMPLES_PER_BANK, 1_000 + i);
    await insertOutcomeSamples(knex, bank.id, 'demo_generated', sample.rows, sample.bad, new Date());
  }
}
