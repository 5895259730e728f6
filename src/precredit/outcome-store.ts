import type { DbOrTrx } from '../db/database.js';
import type { ModelInputs } from './input-catalog.js';
import type { LabelledRows } from './model-service.js';

/**
 * Training outcomes for a bank: its loans that ended (CLOSED good, DEFAULTED bad) with the
 * borrower's current model inputs, plus labelled samples the platform holds for the bank.
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
  return { rows: typed.map((r) => r.inputs), bad: typed.map((r) => (r.bad ? 1 : 0)) };
}

export async function insertOutcomeSamples(tx: DbOrTrx, bankId: string, source: string, rows: readonly ModelInputs[], bad: ArrayLike<number>, at: Date): Promise<void> {
  const payload = rows.map((inputs, i) => ({ inputs, bad: bad[i] === 1 }));
  for (let i = 0; i < payload.length; i += 2_000) {
    await tx.raw(
      `insert into precredit_outcome_samples (bank_id, inputs, bad, source, created_at)
       select ?, x.inputs, x.bad, ?, ? from jsonb_to_recordset(?::jsonb) as x(inputs jsonb, bad boolean)`,
      [bankId, source, at, JSON.stringify(payload.slice(i, i + 2_000))],
    );
  }
}
