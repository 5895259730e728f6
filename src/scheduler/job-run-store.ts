import type { DbOrTrx } from '../db/database.js';

export interface JobRunStore {
  /** True when this instance won the (job, bucket) slot; false when another instance has it. */
  claim(db: DbOrTrx, jobId: string, bucket: Date, instanceId: string): Promise<boolean>;
  finish(db: DbOrTrx, jobId: string, bucket: Date, at: Date, error: string | null): Promise<void>;
  /** Finished runs of buckets before `before`; a run still going keeps its slot. */
  deleteFinishedBefore(db: DbOrTrx, before: Date): Promise<number>;
  /** Ends the runs of buckets before `before` that never finished, with `error`; returns how many. */
  failUnfinishedBefore(db: DbOrTrx, before: Date, at: Date, error: string): Promise<number>;
}

export const jobRunStore: JobRunStore = {
  async claim(db, jobId, bucket, instanceId) {
    const rows = await db('job_runs')
      .insert({ job_id: jobId, bucket, instance_id: instanceId })
      .onConflict(['job_id', 'bucket'])
      .ignore()
      .returning('job_id');
    return rows.length === 1;
  },
  async finish(db, jobId, bucket, at, error) {
    await db('job_runs').where({ job_id: jobId, bucket }).update({ finished_at: at, error });
  },
  async deleteFinishedBefore(db, before) {
    return db('job_runs').where('bucket', '<', before).whereNotNull('finished_at').delete();
  },
  async failUnfinishedBefore(db, before, at, error) {
    return db('job_runs').where('bucket', '<', before).whereNull('finished_at').update({ finished_at: at, error });
  },
};
