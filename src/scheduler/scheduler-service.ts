import cron, { type ScheduledTask } from 'node-cron';
import type { Db } from '../db/database.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import { conflict, notFound } from '../platform/errors.js';
import type { JobObserver } from '../platform/metrics/platform-metrics.js';
import type { JobRun, JobRunStore } from './job-run-store.js';

/** The error of a run whose process stopped before it finished. */
export const ABANDONED_RUN = 'abandoned: the process running it stopped before it finished (SIGKILL, a crash); the job runs again at its next firing';
/** How often a running job's instance says it is still running. */
export const HEARTBEAT_MS = 30_000;
/** An unfinished run silent for this long (four beats missed) was cut off with its process. */
export const ABANDONED_AFTER_MS = 4 * HEARTBEAT_MS;

export interface Job {
  /** Stable id; also the lock key across instances. */
  id: string;
  /** What the 定时任务 page calls it (任务名称), and what it does (说明). */
  label: string;
  description: string;
  /** node-cron expression, evaluated in Asia/Shanghai. */
  cron: string;
  run(): Promise<void>;
}

/** A registered job as an operator sees it: its next firing (null where this instance does not fire jobs) and whether it runs here now. */
export interface RegisteredJob {
  job: Job;
  nextRunAt: Date | null;
  runningHere: boolean;
}

/**
 * node-cron wrapper: each job runs at most once per firing across all app instances (a row in
 * `job_runs` per job and minute bucket is the lock) and never overlaps itself in one instance.
 * Every job is registered, so an operator sees and can run it; only an instance with `firing`
 * (SCHEDULER_ENABLED) fires them on their schedule.
 */
export class SchedulerService {
  private readonly tasks: ScheduledTask[] = [];
  private readonly registered = new Map<string, { job: Job; task: ScheduledTask | undefined }>();
  private readonly executing = new Set<string>();
  /** Runs in progress in this instance, which a stop waits for (see `stop`). */
  private readonly inFlight = new Set<Promise<unknown>>();

  constructor(
    private readonly db: Db,
    private readonly runs: JobRunStore,
    private readonly clock: Clock,
    private readonly logger: Logger,
    private readonly instanceId: string,
    private readonly observer?: JobObserver,
    private readonly firing = true,
    private readonly heartbeatMs = HEARTBEAT_MS,
  ) {}

  schedule(job: Job): void {
    if (!cron.validate(job.cron)) throw new Error(`invalid cron expression for job ${job.id}: ${job.cron}`);
    const task = this.firing ? cron.schedule(job.cron, () => this.fire(job), { timezone: 'Asia/Shanghai', name: job.id }) : undefined;
    if (task) this.tasks.push(task);
    this.registered.set(job.id, { job, task });
  }

  /** The registered jobs, in the order they were registered. */
  jobs(): RegisteredJob[] {
    return [...this.registered.values()].map(({ job, task }) => ({ job, nextRunAt: task?.getNextRun() ?? null, runningHere: this.executing.has(job.id) }));
  }

  /**
   * 立即运行: runs the job now, for `requestedBy`, in the current minute's slot as a firing would
   * (so no instance runs it twice in one minute), and returns the run once it holds the slot; the
   * job itself goes on in the background and its end is recorded as a firing's is.
   */
  async runNow(jobId: string, requestedBy: string): Promise<JobRun> {
    const job = this.registered.get(jobId)?.job;
    if (!job) throw notFound('JOB_NOT_FOUND', '没有这个定时任务');
    if (this.executing.has(job.id)) throw conflict('JOB_RUNNING', `“${job.label}”正在运行，请在本次运行结束后再试`);
    const bucket = this.bucketNow();
    if (!(await this.runs.claim(this.db, job.id, bucket, this.instanceId, this.clock.now(), requestedBy))) {
      throw conflict('JOB_RAN_THIS_MINUTE', `“${job.label}”本分钟已运行或正在运行，请一分钟后再试`);
    }
    const run = this.track(this.execute(job, bucket));
    void run.catch(() => undefined);
    return (await this.runs.find(this.db, job.id, bucket))!;
  }

  /** The latest run of every registered job that has one. */
  latestRuns(): Promise<{ run: JobRun; lastSucceededAt: Date | null }[]> {
    return this.runs.latest(this.db, [...this.registered.keys()]);
  }

  /**
   * True for a run that never finished and whose instance stopped saying it runs: its process was
   * killed (SIGKILL, a crash) or lost the database. A run going on in this instance is never so.
   */
  isAbandoned(run: JobRun): boolean {
    if (run.finishedAt !== null || this.executing.has(run.jobId)) return false;
    return run.heartbeatAt.getTime() < this.clock.now().getTime() - ABANDONED_AFTER_MS;
  }

  /**
   * Finished runs older than 90 days (the slots that kept two instances from running a firing
   * twice, long past) are deleted; then abandoned runs (isAbandoned) are ended as failed with the
   * reason, so `job_runs` records how they ended and they are purged in turn.
   */
  async purgeFinishedRuns(): Promise<number> {
    const now = this.clock.now();
    const purged = await this.runs.deleteFinishedBefore(this.db, new Date(now.getTime() - 90 * 86_400_000));
    const abandoned = await this.runs.failUnfinishedBefore(this.db, new Date(now.getTime() - ABANDONED_AFTER_MS), now, ABANDONED_RUN);
    if (abandoned > 0) this.logger.warn({ abandoned }, 'scheduled runs whose process stopped before they finished marked failed');
    return purged;
  }

  /** Runs `job` for the current minute bucket unless another instance already has it. */
  fire(job: Job): Promise<'ran' | 'skipped' | 'failed'> {
    return this.track(this.runOnce(job));
  }

  /** Kept until it settles, so a stop waits for it. */
  private track<T>(run: Promise<T>): Promise<T> {
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run)).catch(() => undefined);
    return run;
  }

  private bucketNow(): Date {
    return new Date(Math.floor(this.clock.now().getTime() / 60_000) * 60_000);
  }

  private async runOnce(job: Job): Promise<'ran' | 'skipped' | 'failed'> {
    if (this.executing.has(job.id)) return 'skipped';
    const bucket = this.bucketNow();
    if (!(await this.runs.claim(this.db, job.id, bucket, this.instanceId, this.clock.now()))) return 'skipped';
    return this.execute(job, bucket);
  }

  /** Runs `job` in the slot `bucket` this instance holds, and records how it ended. */
  private async execute(job: Job, bucket: Date): Promise<'ran' | 'failed'> {
    this.executing.add(job.id);
    const started = performance.now();
    const beat = setInterval(() => {
      this.runs.beat(this.db, job.id, bucket, this.clock.now()).catch((error: unknown) => this.logger.warn({ err: error, job: job.id }, 'scheduled run could not record that it is still running'));
    }, this.heartbeatMs);
    beat.unref();
    try {
      await job.run();
      await this.runs.finish(this.db, job.id, bucket, this.clock.now(), null);
      this.observer?.ran(job.id, 'ran', (performance.now() - started) / 1_000);
      return 'ran';
    } catch (error) {
      this.logger.error({ err: error, job: job.id }, 'scheduled job failed');
      await this.runs.finish(this.db, job.id, bucket, this.clock.now(), error instanceof Error ? error.message : String(error));
      this.observer?.ran(job.id, 'failed', (performance.now() - started) / 1_000);
      return 'failed';
    } finally {
      clearInterval(beat);
      this.executing.delete(job.id);
    }
  }

  /**
   * No new firings, then waits for the runs in progress: a stop used to close the database under
   * a running job, which failed half-way and could not even record it (its `job_runs` row stayed
   * unfinished for good). A run the orchestrator's SIGKILL cuts off rolls back its transaction.
   */
  async stop(): Promise<void> {
    await Promise.all(this.tasks.map((t) => t.stop()));
    this.tasks.length = 0;
    await Promise.allSettled([...this.inFlight]);
  }
}
