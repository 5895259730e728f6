import { userStore } from '../auth/user-store.js';
import type { Db } from '../db/database.js';
import { DEMO_PASSWORD } from './demo-city.js';
import { institutionStore } from '../institutions/institution-store.js';
import type { HashPassword } from '../platform/password.js';
import { holdGeneratedSample, holdsSamples } from '../precredit/outcome-store.js';

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
    if (!(await holdsSamples(knex, bank.id))) await holdGeneratedSample(knex, bank.id, 1_000 + i, SAMPLES_PER_BANK, new Date());
  }
}
