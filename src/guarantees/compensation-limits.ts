import { unprocessableField } from '../platform/errors.js';
import { toFen, yuanText } from '../platform/money.js';

/**
 * A 代偿 loss is at most what the defaulted loan still owes (its principal outstanding on the
 * platform's ledger: the model records no interest), and what the guarantee side pays out of it is
 * at most the guaranteed amount. A larger claim would pay the bank more than it lost, or more than
 * the guarantee covers; both name `lossAmount`, the one figure the officer enters.
 */
export function assertCompensationWithinLoan(claim: { lossFen: bigint; compensatedFen: bigint; outstanding: string; guaranteedAmount: string }): void {
  if (claim.lossFen > toFen(claim.outstanding)) {
    throw unprocessableField('COMPENSATION_ABOVE_OUTSTANDING', 'lossAmount', `代偿损失不能超过贷款未还本金 ${yuanText(claim.outstanding)}`);
  }
  if (claim.compensatedFen > toFen(claim.guaranteedAmount)) {
    throw unprocessableField('COMPENSATION_ABOVE_GUARANTEED', 'lossAmount', `担保方代偿金额不能超过担保金额 ${yuanText(claim.guaranteedAmount)}`);
  }
}
