import { api, unwrap } from './client';
import type { Schemas } from './schemas';

/** 定时任务 (admin): every scheduled job with its schedule, next firing and latest run. */
export async function listScheduledJobs(): Promise<Schemas['ScheduledJobList']> {
  return unwrap(api.GET('/api/v1/admin/scheduled-jobs'));
}

/** 立即运行: starts the job now; resolves with the run as started (it goes on in the background). */
export async function runScheduledJob(jobId: string): Promise<Schemas['JobRun']> {
  return unwrap(api.POST('/api/v1/admin/scheduled-jobs/{jobId}/runs', { params: { path: { jobId } } }));
}
