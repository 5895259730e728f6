import type { RejectionReason } from '../../../bank-adapters/port.js';
import type { DbOrTrx } from '../../db/database.js';
import { yuanText } from '../../platform/money.js';
import type { NotificationService } from '../../notifications/notification-service.js';
import type { Audience, Notice } from '../../notifications/notification.js';
import type { BankDirectory, EnterpriseDirectory } from '../bank-directory.js';
import type { LoanApplication, NewApplicationEvent } from './loan-application.js';
import type { ApplicationEventObserver } from './ports.js';

const REJECTION_LABELS: Record<RejectionReason, string> = {
  LOW_CREDIT_SCORE: '信用评分不足',
  INSUFFICIENT_REPAYMENT_CAPACITY: '还款能力不足',
  DOC_IRREGULARITIES: '材料不规范',
  POLICY_NOT_MET: '不符合产品政策',
  FRAUD: '疑似欺诈',
  OTHERS: '其他原因',
};

const sentence = (text: unknown) => (typeof text === 'string' && text.trim() ? text.trim() : undefined);

interface Told {
  audience: Audience;
  notice: Notice;
}

export interface ApplicationNoticesDeps {
  notifications: Pick<NotificationService, 'notify'>;
  banks: Pick<BankDirectory, 'findById'>;
  enterprises: Pick<EnterpriseDirectory, 'summary'>;
}

/**
 * Who hears of an application's move (issue 19): the SME of material requested (what is
 * needed), approval (terms and the officer's note), decline (the reason), disbursement and the
 * guarantee's decision; the bank's people (or the guarantee company's) of a new application.
 * Steps a bank report only implied are not told. Each event's key makes a repeat a no-op.
 */
export function applicationNotices(deps: ApplicationNoticesDeps): ApplicationEventObserver {
  return {
    async onEvent(tx, application, event) {
      if (event.details.implied === true) return;
      for (const { audience, notice } of await told(deps, tx, application, event)) await deps.notifications.notify(tx, audience, notice);
    },
  };
}

async function told(deps: ApplicationNoticesDeps, tx: DbOrTrx, a: LoanApplication, event: NewApplicationEvent): Promise<Told[]> {
  const d = event.details;
  const key = `application:${a.id}:${event.action}:${typeof d.bankEventId === 'string' ? d.bankEventId : a.version}`;
  const sme = (notice: Omit<Notice, 'dedupeKey' | 'link'>, dedupeKey = key): Told => ({
    audience: { to: 'enterprise', enterpriseId: a.enterpriseId },
    notice: { ...notice, dedupeKey, link: `/enterprise/applications/${a.id}` },
  });
  const bankName = async () => (await deps.banks.findById(tx, a.bankId))?.name ?? '银行';
  const applicant = async () => (await deps.enterprises.summary(tx, a.enterpriseId)).name;
  switch (event.action) {
    case 'submit':
    case 'grant_guarantee': {
      const received: Told = {
        audience: { to: 'institution_staff', institutionId: a.bankId },
        notice: { kind: 'application_received', title: '收到新的贷款申请', body: `${await applicant()}申请贷款 ${yuanText(a.amount)}，期限 ${a.termMonths} 个月，请及时受理。`, link: `/bank/applications/${a.id}`, dedupeKey: `application:${a.id}:received` },
      };
      if (event.action === 'submit') return [received];
      return [received, sme({ kind: 'guarantee_decided', title: '担保机构已同意担保', body: '担保机构已同意为您的贷款申请提供担保，申请已送达银行审批。' })];
    }
    case 'submit_for_guarantee':
      return typeof d.guaranteeCompanyId === 'string'
        ? [{ audience: { to: 'institution_staff', institutionId: d.guaranteeCompanyId }, notice: { kind: 'application_received', title: '收到新的担保申请', body: `${await applicant()}申请担保贷款 ${yuanText(a.amount)}，期限 ${a.termMonths} 个月，请及时审核。`, link: '/guarantee/cases', dedupeKey: `application:${a.id}:guarantee-received` } }]
        : [];
    case 'request_action': {
      const needed = sentence((d.action as { description?: unknown } | undefined)?.description);
      return [sme({ kind: 'material_requested', title: '银行要求补充材料', body: `${await bankName()}请您补充材料${needed ? '。' : '，详情请查看申请。'}`, quote: needed && `所需材料：${needed}` })];
    }
    case 'approve': {
      const terms = d.approval as { amount: string; rate: string; termMonths: number } | undefined;
      const note = sentence(d.note);
      const what = terms ? `：金额 ${yuanText(terms.amount)}，年利率 ${terms.rate}%，期限 ${terms.termMonths} 个月` : '';
      return [sme({ kind: 'application_approved', title: '贷款申请审批通过', body: `${await bankName()}已批准您的贷款申请${what}。`, quote: note && `审批意见：${note}` })];
    }
    case 'reject': {
      const rejection = d.rejection as { reason: RejectionReason; description?: string } | undefined;
      const why = rejection ? `原因：${REJECTION_LABELS[rejection.reason] ?? '其他原因'}。` : '';
      const said = sentence(rejection?.description);
      return [sme({ kind: 'application_declined', title: '贷款申请未通过', body: `${await bankName()}未通过您的贷款申请。${why}`, quote: said && `银行说明：${said}` })];
    }
    case 'disburse':
    case 'record': {
      const entry = d.entry as { kind: string; amount: string; reference: string; occurredOn: string } | undefined;
      if (event.action === 'record' && entry?.kind !== 'disbursement') return [];
      const body = entry ? `${await bankName()}已向您放款 ${yuanText(entry.amount)}（放款日 ${entry.occurredOn}）。` : `${await bankName()}已向您放款。`;
      return [sme({ kind: 'loan_disbursed', title: '贷款已放款', body }, entry ? `application:${a.id}:disbursed:${entry.reference}` : key)];
    }
    case 'confirm_guarantee':
      return [sme({ kind: 'guarantee_decided', title: '担保机构已确认担保', body: '担保机构已确认为您获批的贷款提供担保。' })];
    case 'decline_guarantee':
      return [sme({ kind: 'guarantee_decided', title: '担保申请未通过', body: '担保机构未同意为您的贷款申请提供担保。', quote: sentence(event.reason) && `原因：${sentence(event.reason)}` })];
    default:
      return [];
  }
}
