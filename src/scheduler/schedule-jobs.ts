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
    // Profile time windows (12/36-month counts, 公示截止期) move at midnight, Asia/Shanghai.
    id: 'rebuild-due-profiles',
    cron: '5 0 * * *',
    run: async () => {
      services.profiles.rebuildDueInBackground();
      await services.profiles.settled();
    },
  });
  scheduler.schedule({
    id: 'expire-consents',
    cron: '* * * * *',
    run: async () => {
      await services.consents.expireDue();
    },
  });
  scheduler.schedule({
    id: 'seal-consent-access-log',
    cron: '* * * * *',
    run: async () => {
      await services.consents.sealAccessLog();
    },
  });
  scheduler.schedule({
    id: 'purge-idempotency-keys',
    cron: '23 * * * *',
    run: async () => {
      await services.idempotency.purgeExpired();
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
  scheduler.schedule({
    // The financial office's aggregates; every figure says how old they are.
    id: 'refresh-oversight-aggregates',
    cron: '*/10 * * * *',
    run: async () => {
      await services.oversight.refresh();
    },
  });
  scheduler.schedule({
    id: 'escalate-overdue-applications',
    cron: '5-55/10 * * * *',
    run: async () => {
      await services.oversight.escalateOverdue();
    },
  });
}
