import type { DbOrTrx } from '../db/database.js';
import type { ModelInputs } from './input-catalog.js';
import type { LabelledRows } from './model-service.js';
import { syntheticSample } from './synthetic-sample.js';

/**
 * Training outcomes for a bank: its loans that ended (CLOSED good, DEFAULTED bad) with the
 * borrower's current model inputs, plus labelled samples the platform holds for the bank: stored
 * rows, and generated samples kept as their seed and size (`holdGeneratedSample`).
 */
export async function platformOutcomes(tx: DbOrTrx, bankId: string): Promise<LabelledRows> {
  const { rows } = await tx.raw(
    `select i.inputs, a.status = 'DEFAULTED' as bad
       from loan_applications a join enterprises e on e.id = a.enterprise_id join precredit_inputs i on i.uscc = e.uscc
      where a.bank_id = ? and a.status in ('CLOSED', 'DEFAULTED')
     union all
     select s.inputs, s.bad from precredit_outcome_samples s where s.bank_id = ?`,
    [bankId, bankId],
  );
  const typed = rows as { inputs: ModelInputs; bad: boolean }[];
  const outcomes: LabelledRows = { rows: typed.map((r) => r.inputs), bad: typed.map((r) => (r.bad ? 1 : 0)) };
  const generated = (await tx('precredit_generated_samples').where({ bank_id: bankId }).first('seed', 'size')) as { seed: number; size: number } | undefined;
  if (generated) {
    const sample = syntheticSample(generated.size, generated.seed);
    outcomes.rows.push(...sample.rows);
    outcomes.bad.push(...sample.bad);
  }
  return outcomes;
}

/** Whether the platform holds any labelled sample for the bank (stored rows or a generated one). */
export async function holdsSamples(tx: DbOrTrx, bankId: string): Promise<boolean> {
  const { rows } = await tx.raw(
    `select exists (select from precredit_outcome_samples where bank_id = ?) or exists (select from precredit_generated_samples where bank_id = ?) as held`,
    [bankId, bankId],
  );
  return (rows as { held: boolean }[])[0]!.held;
}

/** Holds `syntheticSample(size, seed)` for the bank as its recipe; the rows are generated when it trains. */
export async function holdGeneratedSample(tx: DbOrTrx, bankId: string, seed: number, size: number, at: Date): Promise<void> {
  await tx('precredit_generated_samples').insert({ bank_id: bankId, seed, size, created_at: at });
}
