import type { BankEvent } from '../../../bank-adapters/port.js';
import { compareDecimal, compareMoney } from '../../platform/money.js';
import type { Step } from './application-status.js';
import type { ApplicationPatch } from './application-store.js';
import type { LoanApplication } from './loan-application.js';

/**
 * What a bank report carries besides its ledger entry: the row's patch and its event's data.
 * Approval terms move with the status; a late (stale) approval only fills terms still missing.
 * A rejection or an action request counts only when the report's target is reachable from
 * where the application stands.
 */
export function reportedData(application: LoanApplication, event: BankEvent, path: readonly Step[] | undefined, now: Date): { patch: ApplicationPatch; data: Record<string, unknown> } {
  const patch: ApplicationPatch = { lastBankContactAt: now };
  const data: Record<string, unknown> = { bankEventId: event.eventId };
  if (event.bankReference && !application.bankReference) patch.bankReference = event.bankReference;
  const approvalChanged =
    event.approval !== undefined &&
    (application.approvedAmount === null ||
      compareMoney(event.approval.amount, application.approvedAmount) !== 0 ||
      compareDecimal(event.approval.rate, application.approvedRate ?? '0') !== 0 ||
      event.approval.termMonths !== application.approvedTermMonths);
  if (event.approval && approvalChanged && ((path && path.length > 0) || application.approvedAmount === null)) {
    patch.approvedAmount = event.approval.amount;
    patch.approvedRate = event.approval.rate;
    patch.approvedTermMonths = event.approval.termMonths;
    data.approval = event.approval;
  }
  if (event.rejection && path) {
    patch.rejectionReason = event.rejection.reason;
    patch.bankNote = event.rejection.description;
    data.rejection = event.rejection;
  }
  if (event.note) data.note = event.note;
  if (event.action && path) {
    patch.actionType = event.action.type;
    patch.bankNote = event.action.description;
    data.action = event.action;
  }
  return { patch, data };
}

/**
 * The loan amount best known when a 见贷即保 guarantee is decided: the approval's terms; at an
 * approval only implied by a later report without terms, what the bank has disbursed so far (a
 * lower bound of the approved amount), else the amount applied for (an upper bound: a bank never
 * approves more). The late approval then sets the guarantee right (decision 0027).
 */
export function amountKnownAtApproval(application: LoanApplication, patch: ApplicationPatch): string {
  const approved = patch.approvedAmount ?? application.approvedAmount;
  if (approved !== null && approved !== undefined) return approved;
  const disbursed = patch.disbursedAmount ?? application.disbursedAmount;
  return compareMoney(disbursed, '0') > 0 ? disbursed : application.amount;
}
