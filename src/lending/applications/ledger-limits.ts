import type { BankEvent } from '../../../bank-adapters/port.js';
import type { DbOrTrx } from '../../db/database.js';
import { shanghaiDate } from '../../platform/business-date.js';
import { addDays, EARLIEST_BUSINESS_DATE } from '../../platform/calendar-date.js';
import { DomainError, unprocessable, unprocessableField, type FieldError } from '../../platform/errors.js';
import { addMoney, compareDecimal, compareMoney, fromFen, NUMERIC_18_2_MAX, toFen, yuanText } from '../../platform/money.js';
import type { ApplicationPatch } from './application-store.js';
import { APPROVAL_ABOVE_GUARANTEE } from './ports.js';
import type { LedgerEntry, LoanApplication } from './loan-application.js';
import type { ProductStore } from '../products/product-store.js';

/**
 * The money rules of a loan, checked in the transaction that writes it (a refusal rolls back
 * everything, the ledger row included), for an officer's entries and a bank system's reports
 * alike: an approval inside the product's ranges and never above the amount applied for,
 * cumulative disbursements ≤ the approved amount, each repayment ≤ what is outstanding, no
 * running total beyond what `numeric(18,2)` holds, ledger dates from 2000-01-01 to tomorrow
 * (Shanghai), no disbursement dated before the approval, and a reference naming one entry only.
 */

/**
 * The refusals of this file and the guarantee port's (a 见保即贷 approval above the guaranteed
 * loan): a bank callback breaking one is refused in its protocol and recorded, not applied.
 */
export const LIMIT_CODES: ReadonlySet<string> = new Set([
  APPROVAL_ABOVE_GUARANTEE,
  'APPROVAL_OUTSIDE_PRODUCT',
  'LEDGER_DATE_OUT_OF_RANGE',
  'DISBURSEMENT_BEFORE_APPROVAL',
  'AMOUNT_OVERFLOW',
  'DISBURSEMENT_EXCEEDS_APPROVED',
  'REPAYMENT_EXCEEDS_OUTSTANDING',
  'NOTHING_DISBURSED',
  'SETTLEMENT_WITH_OUTSTANDING',
  'LEDGER_REFERENCE_REUSED',
]);

export const isLoanLimitRefusal = (error: unknown): error is DomainError => error instanceof DomainError && LIMIT_CODES.has(error.code);

/**
 * Refusals that a report still to come can lift: a repayment, a settlement or a default may arrive
 * before the disbursement it follows (callbacks are not ordered). Such a refusal is not recorded
 * under the event id, so the bank's retry is judged afresh.
 */
export const mayBeEarly = (error: DomainError): boolean => EARLY_CODES.has(error.code);
export const EARLY_CODES: ReadonlySet<string> = new Set(['REPAYMENT_EXCEEDS_OUTSTANDING', 'NOTHING_DISBURSED', 'SETTLEMENT_WITH_OUTSTANDING']);

/**
 * A report that walks past 已放款 without a disbursement on record (结清 or 违约 before any
 * tranche) would leave a loan settled or defaulted with nothing lent: refused until a
 * disbursement is recorded.
 */
export function assertDisbursedBefore(path: readonly { to: string }[], target: string, disbursedAmount: string): void {
  const skipsDisbursement = path.some((step) => step.to === 'DISBURSED' && step.to !== target);
  if (skipsDisbursement && compareMoney(disbursedAmount, '0') <= 0) {
    throw unprocessableField('NOTHING_DISBURSED', 'status', '尚无放款记录，不能报告结清、还款或违约；请先报告放款');
  }
}

/**
 * 结清 closes a loan only when the ledger shows it repaid: the repayments on record, with the one
 * the settlement itself carries (already in `repaidAmount`), must cover every tranche. Otherwise
 * the platform would show a loan closed with principal outstanding (and release its guarantee).
 * A settlement may have overtaken its last repayment, so the refusal is one a later report can lift.
 */
export function assertSettlementCoversLedger(disbursedAmount: string, repaidAmount: string): void {
  const outstanding = fromFen(toFen(disbursedAmount) - toFen(repaidAmount));
  if (compareMoney(outstanding, '0') > 0) {
    throw unprocessableField(
      'SETTLEMENT_WITH_OUTSTANDING',
      'outstandingPrincipal',
      `尚有未还本金 ${yuanText(outstanding)}，不能结清；请先报告全部还款，或在结清时一并报告最后一笔还款`,
    );
  }
}

/**
 * Approval terms must lie inside the product's ranges (applications opened from a demand have no
 * product) and the amount may not exceed what the enterprise applied for: a bank lends less than
 * asked, never more.
 */
export async function assertApprovalWithinProduct(
  tx: DbOrTrx,
  products: ProductStore,
  application: LoanApplication,
  approval: NonNullable<BankEvent['approval']>,
): Promise<void> {
  const errors: FieldError[] = [];
  const p = application.productId ? await products.findById(tx, application.productId) : undefined;
  if (p && (compareMoney(approval.amount, p.minAmount) < 0 || compareMoney(approval.amount, p.maxAmount) > 0)) {
    errors.push({ field: 'approvedAmount', code: 'APPROVAL_OUTSIDE_PRODUCT', message: `批准金额须在产品额度 ${yuanText(p.minAmount)}至 ${yuanText(p.maxAmount)}之间` });
  } else if (compareMoney(approval.amount, application.amount) > 0) {
    errors.push({ field: 'approvedAmount', code: 'APPROVAL_OUTSIDE_PRODUCT', message: `批准金额不能超过申请金额 ${yuanText(application.amount)}` });
  }
  if (p && (compareDecimal(approval.rate, p.minRate) < 0 || compareDecimal(approval.rate, p.maxRate) > 0)) {
    errors.push({ field: 'approvedRate', code: 'APPROVAL_OUTSIDE_PRODUCT', message: `批准利率须在产品利率 ${p.minRate}% 至 ${p.maxRate}% 之间` });
  }
  if (p && (approval.termMonths < p.minTermMonths || approval.termMonths > p.maxTermMonths)) {
    errors.push({ field: 'approvedTermMonths', code: 'APPROVAL_OUTSIDE_PRODUCT', message: `批准期限须在产品期限 ${p.minTermMonths} 至 ${p.maxTermMonths} 个月之间` });
  }
  if (errors.length) throw unprocessable('APPROVAL_OUTSIDE_PRODUCT', errors.map((e) => e.message).join('；'), errors);
}

/**
 * The new running total after `entry`, or a 422 naming the field that breaks a rule. A bank may
 * report a tranche before its approval (callbacks arrive out of order): until the terms are known
 * the tranches are bounded by the amount applied for, which no approval may exceed.
 */
export function ledgerTotals(
  application: LoanApplication,
  kind: LedgerEntry['kind'],
  entry: NonNullable<BankEvent['entry']>,
  approvedAmount: string | null,
  now: Date,
): ApplicationPatch {
  const latest = addDays(shanghaiDate(now), 1);
  if (entry.occurredOn < EARLIEST_BUSINESS_DATE || entry.occurredOn > latest) {
    throw unprocessableField('LEDGER_DATE_OUT_OF_RANGE', 'occurredOn', `发生日期须在 ${EARLIEST_BUSINESS_DATE} 至 ${latest} 之间`);
  }
  const approvedOn = application.decidedAt ? shanghaiDate(application.decidedAt) : null;
  if (kind === 'disbursement' && approvedOn && entry.occurredOn < approvedOn) {
    throw unprocessableField('DISBURSEMENT_BEFORE_APPROVAL', 'occurredOn', `放款日期不能早于批准日期 ${approvedOn}`);
  }
  const total = addMoney(kind === 'disbursement' ? application.disbursedAmount : application.repaidAmount, entry.amount);
  if (compareMoney(total, NUMERIC_18_2_MAX) > 0) throw unprocessableField('AMOUNT_OVERFLOW', 'amount', '累计金额超出可记录的范围');
  if (kind === 'disbursement') {
    const limit = approvedAmount ?? application.amount;
    if (compareMoney(total, limit) > 0) {
      const room = fromFen(toFen(limit) - toFen(application.disbursedAmount));
      const bound = approvedAmount === null ? '申请金额' : '批准金额';
      throw unprocessableField('DISBURSEMENT_EXCEEDS_APPROVED', 'amount', `累计放款不能超过${bound} ${yuanText(limit)}（尚可放款 ${yuanText(room)}）`);
    }
    return { disbursedAmount: total };
  }
  const outstanding = fromFen(toFen(application.disbursedAmount) - toFen(application.repaidAmount));
  if (compareMoney(entry.amount, outstanding) > 0) {
    throw unprocessableField('REPAYMENT_EXCEEDS_OUTSTANDING', 'amount', `还款金额不能超过未还本金 ${yuanText(outstanding)}`);
  }
  return { repaidAmount: total };
}

/**
 * A reference already in the ledger is the same entry reported again (a double submit, a retried
 * callback) only when amount and date agree; anything else would be lost silently, so it is refused.
 */
export function assertSameEntry(recorded: LedgerEntry, entry: NonNullable<BankEvent['entry']>): void {
  if (compareMoney(recorded.amount, entry.amount) === 0 && recorded.occurredOn === entry.occurredOn) return;
  throw unprocessableField(
    'LEDGER_REFERENCE_REUSED',
    'reference',
    `流水号 ${entry.reference} 已登记为 ${recorded.occurredOn} 的 ${yuanText(recorded.amount)}，不能以不同的金额或日期再次登记`,
  );
}
