import type { DbOrTrx } from '../db/database.js';

/** One run of a job: a firing of its schedule, or a run an operator asked for (`requestedBy`). */
export interface JobRun {
  jobId: string;
  /** The minute the run holds: no other run of the job, in any instance, starts in it. */
  bucket: Date;
  instanceId: string;
  startedAt: Date;
  /** When its instance last said it was still running (every HEARTBEAT_MS while it runs). */
  heartbeatAt: Date;
  finishedAt: Date | null;
  error: string | null;
  requestedBy: { id: string; displayName: string } | null;
}

export interface JobRunStore {
  /** True when this instance won the (job, bucket) slot at `at`; false when another run has it. `requestedBy`: the operator who asked for the run. */
  claim(db: DbOrTrx, jobId: string, bucket: Date, instanceId: string, at: Date, requestedBy?: string): Promise<boolean>;
  /** The running instance's sign of life for its run of (job, bucket). */
  beat(db: DbOrTrx, jobId: string, bucket: Date, at: Date): Promise<void>;
  finish(db: DbOrTrx, jobId: string, bucket: Date, at: Date, error: string | null): Promise<void>;
  /** Finished runs of buckets before `before`; a run still going keeps its slot. */
  deleteFinishedBefore(db: DbOrTrx, before: Date): Promise<number>;
  /** Ends the unfinished runs whose last sign of life came before `before`, with `error`; returns how many. */
  failUnfinishedBefore(db: DbOrTrx, before: Date, at: Date, error: string): Promise<number>;
  /** The run of (job, bucket). */
  find(db: DbOrTrx, jobId: string, bucket: Date): Promise<JobRun | undefined>;
  /** The latest run (by bucket) of each of `jobIds` that has one, with when it last finished without an error. */
  latest(db: DbOrTrx, jobIds: readonly string[]): Promise<{ run: JobRun; lastSucceededAt: Date | null }[]>;
}

interface Row {
  job_id: string;
  bucket: Date;
  instance_id: string;
  started_at: Date;
  heartbeat_at: Date;
  finished_at: Date | null;
  error: string | null;
  requested_by: string | null;
  requested_by_name: string | null;
}

const toRun = (r: Row): JobRun => ({
  jobId: r.job_id,
  bucket: r.bucket,
  instanceId: r.instance_id,
  startedAt: r.started_at,
  heartbeatAt: r.heartbeat_at,
  finishedAt: r.finished_at,
  error: r.error,
  requestedBy: r.requested_by ? { id: r.requested_by, displayName: r.requested_by_name ?? '' } : null,
});

const runs = (db: DbOrTrx) =>
  db('job_runs as r')
    .leftJoin('users as u', 'u.id', 'r.requested_by')
    .select<Row[]>('r.job_id', 'r.bucket', 'r.instance_id', 'r.started_at', 'r.heartbeat_at', 'r.finished_at', 'r.error', 'r.requested_by', 'u.display_name as requested_by_name');

export const jobRunStore: JobRunStore = {
  async claim(db, jobId, bucket, instanceId, at, requestedBy) {
    const rows = await db('job_runs')
      .insert({ job_id: jobId, bucket, instance_id: instanceId, started_at: at, heartbeat_at: at, requested_by: requestedBy ?? null })
      .onConflict(['job_id', 'bucket'])
      .ignore()
      .returning('job_id');
    return rows.length === 1;
  },
  async beat(db, jobId, bucket, at) {
    await db('job_runs').where({ job_id: jobId, bucket }).whereNull('finished_at').update({ heartbeat_at: at });
  },
  async finish(db, jobId, bucket, at, error) {
    await db('job_runs').where({ job_id: jobId, bucket }).update({ finished_at: at, error });
  },
  async deleteFinishedBefore(db, before) {
    return db('job_runs').where('bucket', '<', before).whereNotNull('finished_at').delete();
  },
  async failUnfinishedBefore(db, before, at, error) {
    return db('job_runs').where('heartbeat_at', '<', before).whereNull('finished_at').update({ finished_at: at, error });
  },
  async find(db, jobId, bucket) {
    const row = await runs(db).where({ 'r.job_id': jobId, 'r.bucket': bucket }).first();
    return row && toRun(row);
  },
  async latest(db, jobIds) {
    // Per job, its newest bucket and newest success by the primary key (job_id, bucket): the table
    // holds 90 days of every-minute runs, which a scan of all of them would read.
    const newest = db
      .from(db.raw('unnest(?::text[]) as j (id)', [[...jobIds]]))
      .select('j.id', db.raw('(select max(l.bucket) from job_runs l where l.job_id = j.id)'));
    const rows = await runs(db)
      .select(
        db.raw(`(select s.finished_at from job_runs s where s.job_id = r.job_id and s.finished_at is not null and s.error is null
                  order by s.bucket desc limit 1) as last_succeeded_at`),
      )
      .whereIn(['r.job_id', 'r.bucket'], newest);
    return (rows as (Row & { last_succeeded_at: Date | null })[]).map((r) => ({ run: toRun(r), lastSucceededAt: r.last_succeeded_at }));
  },
};
