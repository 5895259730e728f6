import type { DbOrTrx } from '../../db/database.js';
import type { NotificationService } from '../../notifications/notification-service.js';
import type { DomainError } from '../../platform/errors.js';

/** A bank system's report of a loan that the platform refused against the loan's ledger. */
export interface RefusedReport {
  applicationId: string;
  bankId: string;
  eventId: string;
}

/** Who hears of a refused bank report (lending's port, wired in the lending module). */
export interface RefusalNotices {
  refused(tx: DbOrTrx, report: RefusedReport, error: DomainError): Promise<void>;
}

/**
 * 银行系统回报被拒收: the bank's 机构管理员 are told once per refused event (a status poll that
 * meets the same refused report every round tells nothing more), with the rule it broke and a
 * link to the application, so the two ledgers are reconciled by people, not only in logs.
 */
export function refusalNotices(notifications: Pick<NotificationService, 'notify'>): RefusalNotices {
  return {
    refused: (tx, report, error) =>
      notifications.notify(tx, { to: 'institution_admins', institutionId: report.bankId }, {
        kind: 'bank_report_refused',
        title: '银行系统回报未被受理',
        body: `行内系统回报的一笔贷款变动与平台台账不一致，平台未予记录：${error.message}。请核对行内台账后重新回报。`,
        link: `/bank/applications/${report.applicationId}`,
        dedupeKey: `bank-report-refused:${report.applicationId}:${report.eventId}`,
      }),
  };
}
