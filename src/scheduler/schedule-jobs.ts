import type { Services } from '../services.js';
import type { SchedulerService } from './scheduler-service.js';

/** Every scheduled job of the platform, in one place. Jobs call services, never stores. */
export function scheduleJobs(scheduler: SchedulerService, services: Services): void {
  scheduler.schedule({
    id: 'purge-login-failures',
    cron: '17 3 * * *',
    run: async () => {
      await services.auth.purgeExpiredFailures();
      await services.people.purgeExpiredUsernameConflicts();
      await services.creationBudget.purgeExpired();
    },
  });
  scheduler.schedule({
    // Profile time windows (12/36-month counts, 公示截止期) move at midnight, Asia/Shanghai; every
    // minute also bounds the delay of marks whose drain did not run (a stop between a batch's
    // finish and its drain). Reads never build, so this drain is what keeps profiles current.
    id: 'rebuild-due-profiles',
    cron: '* * * * *',
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
    // 授权即将到期: each grant's enterprise is told once per end date; repeats are no-ops.
    id: 'notify-expiring-grants',
    cron: '40 * * * *',
    run: async () => {
      await services.grantExpiryNotices.run();
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
    // 异议: an objection past its working-day deadline goes to the financial office once.
    id: 'escalate-overdue-objections',
    cron: '10 0 * * *',
    run: async () => {
      await services.creditServices.objections.escalateOverdue();
    },
  });
  scheduler.schedule({
    // Monthly partitions ready ahead and retention applied (docs/decisions/0016).
    id: 'maintain-partitions',
    cron: '7 0 * * *',
    run: async () => {
      await services.partitions.run();
    },
  });
  scheduler.schedule({
    // Records of the categories not partitioned by month, once ended and uncited (0016); after
    // maintain-partitions (00:07), which retires the months of the others.
    id: 'purge-ended-records',
    cron: '47 0 * * *',
    run: async () => {
      await services.recordRetention.purgeEnded();
    },
  });
  scheduler.schedule({
    // Profile versions no kept read can have served (0016), after the records they cited were asked about.
    id: 'purge-unkept-profile-versions',
    cron: '57 0 * * *',
    run: async () => {
      await services.profileVersionRetention.purgeUnkept();
    },
  });
  scheduler.schedule({
    // Retention of the growing tables that cannot be partitioned by month (0016).
    id: 'purge-delivered-outbox-and-read-notifications',
    cron: '37 3 * * *',
    run: async () => {
      await services.outbox.purgeDelivered();
      await services.notifications.purgeRead();
    },
  });
  scheduler.schedule({
    // Rows that only served a limit, a lock or a short-lived check, once they decide nothing (each purge says how long it keeps).
    id: 'purge-spent-operational-rows',
    cron: '27 3 * * *',
    run: async () => {
      await services.smsCodes.purgeOld();
      await services.sessions.purgeExpired();
      await services.bankSync.purgeRefusals();
      await services.smsInbox?.purgeOld();
      await scheduler.purgeFinishedRuns();
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
    // The previous month to the national platform and the provincial node (configurable).
    id: 'build-national-feed',
    cron: services.nationalFeed.monthlyCron,
    run: async () => {
      await services.nationalFeed.feed.runMonthly();
    },
  });
  scheduler.schedule({
    // Repair results from the provincial node must be in effect by 08:00 the next day.
    id: 'sync-provincial-node',
    cron: '*/10 * * * *',
    run: async () => {
      await services.nationalFeed.provincial.sync();
    },
  });
  scheduler.schedule({
    // Repairs and withdrawals of the day go up to the provincial node before 08:00 the next day.
    id: 'revise-provincial-feed-after-repairs',
    cron: '30 6 * * *',
    run: async () => {
      await services.nationalFeed.feed.reviseAfterRepairs('provincial');
    },
  });
  scheduler.schedule({
    id: 'collect-national-feed-receipts',
    cron: '*/5 * * * *',
    run: async () => {
      await services.nationalFeed.feed.collectReceipts();
    },
  });
  scheduler.schedule({
    // After the profile rebuild: each bank's white list picks up rebuilt profiles and ended grants.
    id: 'precredit-whitelists',
    cron: '30 1 * * *',
    run: () => services.precredit.runAllWhitelists(),
  });
  scheduler.schedule({
    id: 'precredit-monitoring-snapshots',
    cron: '50 1 1 * *',
    run: () => services.precredit.snapshotAll(),
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
