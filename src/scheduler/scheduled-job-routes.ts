import type Router from '@koa/router';
import { z } from 'zod';
import { requireRole } from '../http/auth.js';
import type { components } from '../http/generated/api.js';
import { apiRouter } from '../http/router.js';
import { parseInput } from '../http/validate.js';
import type { JobRun } from './job-run-store.js';
import type { SchedulerService } from './scheduler-service.js';

type JobRunView = components['schemas']['JobRun'];

const jobParams = z.object({ jobId: z.string().min(1).max(100) });

function status(run: JobRun, abandoned: boolean): JobRunView['status'] {
  if (run.finishedAt !== null) return run.error === null ? 'succeeded' : 'failed';
  return abandoned ? 'abandoned' : 'running';
}

function runView(run: JobRun, abandoned: boolean): JobRunView {
  return {
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    status: status(run, abandoned),
    error: run.error,
    trigger: run.requestedBy ? 'manual' : 'schedule',
    requestedBy: run.requestedBy,
  };
}

/** 定时任务 (admin): every scheduled job with its schedule, next firing and latest run; 立即运行. */
export function scheduledJobRoutes(scheduler: SchedulerService, firing: boolean): Router {
  const router = apiRouter({ prefix: '/api/v1/admin/scheduled-jobs' });
  router.get('/', async (ctx) => {
    requireRole(ctx, 'admin');
    const latest = new Map((await scheduler.latestRuns()).map((l) => [l.run.jobId, l]));
    ctx.body = {
      schedulerEnabled: firing,
      items: scheduler.jobs().map(({ job, nextRunAt, runningHere }) => {
        const last = latest.get(job.id);
        const lastRun = last ? runView(last.run, scheduler.isAbandoned(last.run)) : null;
        return {
          id: job.id,
          label: job.label,
          description: job.description,
          cron: job.cron,
          timezone: 'Asia/Shanghai' as const,
          nextRunAt: nextRunAt?.toISOString() ?? null,
          running: runningHere || lastRun?.status === 'running',
          lastRun,
          lastSucceededAt: last?.lastSucceededAt?.toISOString() ?? null,
        };
      }),
    } satisfies components['schemas']['ScheduledJobList'];
  });
  router.post('/:jobId/runs', async (ctx) => {
    const admin = requireRole(ctx, 'admin');
    const { jobId } = parseInput(jobParams, ctx.params);
    ctx.status = 202;
    ctx.body = runView(await scheduler.runNow(jobId, admin.userId), false) satisfies JobRunView;
  });
  return router;
}
