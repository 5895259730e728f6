import type { Services } from '../services.js';
import type { SchedulerService } from './scheduler-service.js';

/** Every scheduled job of the platform, in one place. Jobs call services, never stores. */
export function scheduleJobs(scheduler: SchedulerService, services: Services): void {
  scheduler.schedule({
    id: 'purge-login-failures',
    label: '清理登录限制记录',
    description: '删除已过期的登录失败记录、用户名占用和企业、机构创建额度计数',
    cron: '17 3 * * *',
    run: async () => {
      await services.auth.purgeExpiredFailures();
      await services.people.purgeExpiredUsernameConflicts();
      await services.creationBudget.purgeExpired();
      await services.institutionCreationBudget.purgeExpired();
    },
  });
  scheduler.schedule({
    // Profile time windows (12/36-month counts, 公示截止期) move at midnight, Asia/Shanghai; every
    // minute also bounds the delay of marks whose drain did not run (a stop between a batch's
    // finish and its drain). Reads never build, so this drain is what keeps profiles current.
    id: 'rebuild-due-profiles',
    label: '更新信用画像',
    description: '重建待更新的企业信用画像：数据到达后未完成的、时间窗口（如近12个月、公示截止期）在零点变化的',
    cron: '* * * * *',
    run: async () => {
      services.profiles.rebuildDueInBackground();
      await services.profiles.settled();
    },
  });
  scheduler.schedule({
    id: 'expire-consents',
    label: '授权到期处理',
    description: '将已到期的数据授权标记为已到期',
    cron: '* * * * *',
    run: async () => {
      await services.consents.expireDue();
    },
  });
  scheduler.schedule({
    // 授权即将到期: each grant's enterprise is told once per end date; repeats are no-ops.
    id: 'notify-expiring-grants',
    label: '授权到期提醒',
    description: '提醒企业即将到期的数据授权，每个到期日提醒一次',
    cron: '40 * * * *',
    run: async () => {
      await services.grantExpiryNotices.run();
    },
  });
  scheduler.schedule({
    id: 'seal-consent-access-log',
    label: '查询记录封存',
    description: '将新的数据查询记录依次链入防篡改的哈希链',
    cron: '* * * * *',
    run: async () => {
      await services.consents.sealAccessLog();
    },
  });
  scheduler.schedule({
    // 异议: an objection past its working-day deadline goes to the financial office once.
    id: 'escalate-overdue-objections',
    label: '逾期异议转办',
    description: '超过办理时限（工作日）的异议转金融办督办',
    cron: '10 0 * * *',
    run: async () => {
      await services.creditServices.objections.escalateOverdue();
    },
  });
  scheduler.schedule({
    // Monthly partitions ready ahead and retention applied (docs/decisions/0016).
    id: 'maintain-partitions',
    label: '数据分区维护',
    description: '预建未来月份的数据分区，按保留期限清理过期月份',
    cron: '7 0 * * *',
    run: async () => {
      await services.partitions.run();
    },
  });
  scheduler.schedule({
    // Records of the categories not partitioned by month, once ended and uncited (0016); after
    // maintain-partitions (00:07), which retires the months of the others.
    id: 'purge-ended-records',
    label: '清理失效信用记录',
    description: '删除已失效且没有留存画像版本引用的信用记录',
    cron: '47 0 * * *',
    run: async () => {
      await services.recordRetention.purgeEnded();
    },
  });
  scheduler.schedule({
    // Profile versions no kept read can have served (0016), after the records they cited were asked about.
    id: 'purge-unkept-profile-versions',
    label: '清理画像旧版本',
    description: '删除没有留存查询引用的信用画像旧版本',
    cron: '57 0 * * *',
    run: async () => {
      await services.profileVersionRetention.purgeUnkept();
    },
  });
  scheduler.schedule({
    // Retention of the growing tables that cannot be partitioned by month (0016).
    id: 'purge-delivered-outbox-and-read-notifications',
    label: '清理已投递消息',
    description: '删除保留期已过的已投递消息和已读通知',
    cron: '37 3 * * *',
    run: async () => {
      await services.outbox.purgeDelivered();
      await services.notifications.purgeRead();
    },
  });
  scheduler.schedule({
    // Rows that only served a limit, a lock or a short-lived check, once they decide nothing (each purge says how long it keeps).
    id: 'purge-spent-operational-rows',
    label: '清理过期运行数据',
    description: '删除过期的短信验证码、登录会话、银行回调拒收记录和定时任务运行记录',
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
    label: '清理幂等键',
    description: '删除已过期的请求幂等键',
    cron: '23 * * * *',
    run: async () => {
      await services.idempotency.purgeExpired();
    },
  });
  scheduler.schedule({
    id: 'poll-silent-bank-applications',
    label: '查询银行未回复申请',
    description: '向长时间未回调的银行查询贷款申请的办理状态',
    cron: '*/10 * * * *',
    run: async () => {
      await services.bankSync.pollSilent();
    },
  });
  scheduler.schedule({
    // The previous month to the national platform and the provincial node (configurable).
    id: 'build-national-feed',
    label: '生成月度报送',
    description: '生成上月数据，报送全国融资信用服务平台和省级节点',
    cron: services.nationalFeed.monthlyCron,
    run: async () => {
      await services.nationalFeed.feed.runMonthly();
    },
  });
  scheduler.schedule({
    // Repair results from the provincial node must be in effect by 08:00 the next day.
    id: 'sync-provincial-node',
    label: '同步省级节点',
    description: '从省级节点获取信用修复结果，次日8时前生效',
    cron: '*/10 * * * *',
    run: async () => {
      await services.nationalFeed.provincial.sync();
    },
  });
  scheduler.schedule({
    // Repairs and withdrawals of the day go up to the provincial node before 08:00 the next day.
    id: 'revise-provincial-feed-after-repairs',
    label: '信用修复补报',
    description: '将当日的信用修复和撤回补报省级节点',
    cron: '30 6 * * *',
    run: async () => {
      await services.nationalFeed.feed.reviseAfterRepairs('provincial');
    },
  });
  scheduler.schedule({
    id: 'collect-national-feed-receipts',
    label: '获取报送回执',
    description: '获取全国平台和省级节点对报送文件的回执',
    cron: '*/5 * * * *',
    run: async () => {
      await services.nationalFeed.feed.collectReceipts();
    },
  });
  scheduler.schedule({
    // After the profile rebuild: each bank's white list picks up rebuilt profiles and ended grants.
    id: 'precredit-whitelists',
    label: '更新预授信白名单',
    description: '按重建后的画像和授权变化更新各银行的预授信白名单',
    cron: '30 1 * * *',
    run: () => services.precredit.runAllWhitelists(),
  });
  scheduler.schedule({
    id: 'precredit-monitoring-snapshots',
    label: '预授信监测快照',
    description: '每月记录各银行预授信模型的监测数据',
    cron: '50 1 1 * *',
    run: () => services.precredit.snapshotAll(),
  });
  scheduler.schedule({
    id: 'expire-untouched-loan-applications',
    label: '关闭无人处理申请',
    description: '关闭长期无人处理的贷款申请',
    cron: '40 2 * * *',
    run: async () => {
      await services.loanApplications.expireUntouched();
    },
  });
  scheduler.schedule({
    // The financial office's aggregates; every figure says how old they are.
    id: 'refresh-oversight-aggregates',
    label: '刷新监测数据',
    description: '刷新金融办监测看板的统计数据',
    cron: '*/10 * * * *',
    run: async () => {
      await services.oversight.refresh();
    },
  });
  scheduler.schedule({
    id: 'escalate-overdue-applications',
    label: '超时申请督办',
    description: '超过服务时限的贷款申请提醒金融办督办',
    cron: '5-55/10 * * * *',
    run: async () => {
      await services.oversight.escalateOverdue();
    },
  });
}
