import type { StartupLoanDeclaration } from '../../lending/applications/loan-application.js';
import type { FieldError } from '../../platform/errors.js';
import { compareMoney, yuanText } from '../../platform/money.js';
import { STARTUP_BORROWER_CATEGORIES, startupLoanBreaches, type StartupLoanPolicy } from './startup-loan-policy.js';

const error = (field: string, message: string): FieldError => ({ field, code: 'STARTUP_LOAN_RULE', message });
const FIELD = { amount: 'amount', termMonths: 'termMonths', renewals: 'startupLoan.renewals', newHires: 'startupLoan.newHires' } as const;

/**
 * The 创业担保贷款 rules an application to a 创业担保贷 product breaks under `policy` (the one in
 * force on the day it is submitted), each naming the application field it concerns: the borrower
 * category, the cap (with the job-creation uplift), the term, the renewals, the hiring ratio of a
 * small firm, and 反担保 above the no-反担保 amount.
 */
export function startupApplicationErrors(
  policy: StartupLoanPolicy | undefined,
  application: { amount: string; termMonths: number; startupLoan: StartupLoanDeclaration | null },
): FieldError[] {
  if (!policy) return [error('productId', '当前没有适用的创业担保贷款政策')];
  const d = application.startupLoan;
  if (!d) return [error('startupLoan', '创业担保贷款须填写借款人类型、类别、带动就业人数、续贷次数和是否提供反担保')];
  const errors: FieldError[] = [];
  if (!(STARTUP_BORROWER_CATEGORIES as readonly string[]).includes(d.borrowerCategory)) {
    errors.push(error('startupLoan.borrowerCategory', `借款人类别须为以下之一：${STARTUP_BORROWER_CATEGORIES.join('、')}`));
  }
  if (d.borrowerType === 'partnership' && d.partners === undefined) errors.push(error('startupLoan.partners', '合伙创业须填写符合条件的合伙人数'));
  if (d.borrowerType === 'small_firm' && d.staff === undefined) errors.push(error('startupLoan.staff', '小微企业须填写职工总数'));
  if (d.borrowerType === 'small_firm' && d.newHires === undefined) errors.push(error('startupLoan.newHires', '小微企业须填写当年新招用符合条件人员数'));
  if (errors.length) return errors;
  for (const breach of startupLoanBreaches(policy, { ...d, amount: application.amount, termMonths: application.termMonths })) errors.push(error(FIELD[breach.field], breach.message));
  if (!d.counterGuarantee && compareMoney(application.amount, policy.noCounterGuaranteeUpTo) > 0) {
    errors.push(error('startupLoan.counterGuarantee', `贷款金额超过 ${yuanText(policy.noCounterGuaranteeUpTo)}，须提供反担保`));
  }
  return errors;
}
