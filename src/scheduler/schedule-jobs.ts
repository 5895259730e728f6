import type { Services } from '../services.js';
import type { SchedulerService } from './scheduler-service.js';

/** Every scheduled job of the platform, in one place. Jobs call services, never stores. */
export function scheduleJobs(scheduler: SchedulerService, services: Services): void {
  scheduler.schedule({
    id: 'purge-login-failures',
    cron: '17 3 * * *',
    run: async () => {
      await services.auth.purgeExpiredFailures();
    },
  });
  scheduler.schedule({
    id: 'poll-silent-bank-applications',
    cron: '*/10 * * * *',
    run: async () => {
      await services.bankSync.pollSilent();
    },
  });
  scheduler.schedule({
    id: 'expire-untouched-loan-applications',
    cron: '40 2 * * *',
    run: async () => {
      await services.loanApplications.expireUntouched();
    },
  });
}
