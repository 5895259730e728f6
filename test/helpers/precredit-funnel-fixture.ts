import type { Knex } from 'knex';
import type { OversightFixture } from './oversight-fixtures.js';

/**
 * A white list of the hand-made district's bank (OVS_BANK) with known funnel answers, on top of
 * seedOversightDistrict, and the bank's model made ACTIVE (联合建模).
 *
 * Enterprises 0, 2, 3, 4 are listed (limits 500,000 / 300,000 / 200,000 / 100,000); 1 was scored
 * but not listed; 5 is listed but its grant ended (inactive). Their applications to the bank:
 * 0 a1 (2026-09, accepted, approved and disbursed 1,000,000), 2 a3 (2026-10, accepted, rejected,
 * 500,000 applied), 3 a4 (2026-10, not accepted). Over 2026-09..2026-10:
 * 白名单 4 / 1,100,000.00; 走访 2 / 1,500,000.00; 授信 1 / 1,000,000.00; 放款 1 / 1,000,000.00.
 */
export const PRECREDIT_FUNNEL_ANSWER = [
  { stage: 'whitelisted', count: 4, amount: '1100000.00' },
  { stage: 'visited', count: 2, amount: '1500000.00' },
  { stage: 'approved', count: 1, amount: '1000000.00' },
  { stage: 'disbursed', count: 1, amount: '1000000.00' },
];

const uscc = (i: number) => `91420299OVS${String(i).padStart(7, '0')}`;

export async function seedPrecreditWhitelist(knex: Knex, fixture: OversightFixture): Promise<void> {
  const at = new Date('2026-10-01T02:00:00Z');
  const [model] = await knex('precredit_models')
    .insert({ bank_id: fixture.bankId, version: 1, status: 'ACTIVE', document: JSON.stringify({}), created_at: at, activated_at: at })
    .returning('id');
  const entries: [number, string, boolean, boolean][] = [
    [0, '500000.00', true, true],
    [1, '0.00', false, true],
    [2, '300000.00', true, true],
    [3, '200000.00', true, true],
    [4, '100000.00', true, true],
    [5, '400000.00', true, false],
  ];
  for (const [i, limit, listed, active] of entries) {
    const enterprise = await knex('enterprises').where({ uscc: uscc(i) }).first('id');
    await knex('precredit_results').insert({
      bank_id: fixture.bankId, uscc: uscc(i), enterprise_id: enterprise.id, model_id: model.id, model_version: 1, inputs_hash: '0'.repeat(64),
      decision: 'graded', score: 600, grade: 'A', limit_amount: limit, points: [], bins: [], reasons: JSON.stringify([]), listed, active,
      evaluated_at: at, valid_until: new Date('2030-01-01T00:00:00Z'), change_seq: knex.raw("nextval('precredit_change_seq')"),
    });
  }
}
