import type { DbOrTrx } from '../db/database.js';
import type { SetupStep } from './setup-step.js';

/** 开始使用: the steps each institution has done, recorded once (see `AuthService.recordSetupSteps`). */
export interface SetupStepStore {
  listDone(tx: DbOrTrx, institutionId: string): Promise<SetupStep[]>;
  /** Records the steps as done; one recorded already keeps its first time. */
  record(tx: DbOrTrx, institutionId: string, steps: readonly SetupStep[], at: Date): Promise<void>;
}

export const setupStepStore: SetupStepStore = {
  async listDone(tx, institutionId) {
    const rows = (await tx('institution_setup_steps').where('institution_id', institutionId).orderBy('step').select('step')) as { step: SetupStep }[];
    return rows.map((r) => r.step);
  },
  async record(tx, institutionId, steps, at) {
    await tx('institution_setup_steps')
      .insert(steps.map((step) => ({ institution_id: institutionId, step, done_at: at })))
      .onConflict(['institution_id', 'step'])
      .ignore();
  },
};
