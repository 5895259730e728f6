import type { Db } from '../db/database.js';
import type { TransactionRunner } from '../db/transaction.js';
import { shanghaiDate } from '../platform/business-date.js';
import type { Clock } from '../platform/clock.js';
import { conflict, notFound, unprocessable, unprocessableField } from '../platform/errors.js';
import { compareMoney, fromFen, toFen, yuanText } from '../platform/money.js';
import type { Principal } from '../platform/roles.js';
import { assertCompensationWithinLoan } from './compensation-limits.js';
import type { Compensation, CompensationStore, PartyShare } from './compensation-store.js';
import type { GuaranteeProductService } from './guarantee-product-service.js';
import type { GuaranteeService } from './guarantee-service.js';
import type { GuaranteeStore } from './guarantee-store.js';
import { splitLoss, splitRecovery, type PartyAmount } from './risk-sharing.js';

export interface CompensationServiceDeps {
  db: Db;
  transaction: TransactionRunner;
  store: CompensationStore;
  guaranteeRows: Pick<GuaranteeStore, 'markCompensated'>;
  guarantees: Pick<GuaranteeService, 'get'>;
  products: Pick<GuaranteeProductService, 'product' | 'template'>;
  clock: Clock;
}

const inYuan = (parts: readonly PartyAmount[]): PartyShare[] => parts.map((p) => ({ role: p.role, label: p.label, amount: fromFen(p.fen) }));

const notInFuture = (field: string, date: string, today: string) => {
  if (date > today) throw unprocessableField('DATE_IN_FUTURE', field, '日期不能晚于今天');
};

/**
 * 代偿 and 追偿: a defaulted loan's loss is split among the parties by the product's template (in
 * fen, summing exactly to the loss); the guarantee side pays all but the bank's share. Each
 * recovery is split back by the template's recovery split, and recoveries never exceed the loss.
 */
export class CompensationService {
  constructor(private readonly deps: CompensationServiceDeps) {}

  async get(officer: Principal, guaranteeId: string): Promise<Compensation> {
    await this.deps.guarantees.get(officer, guaranteeId);
    const compensation = await this.deps.store.forGuarantee(this.deps.db, guaranteeId);
    if (!compensation) throw notFound('COMPENSATION_NOT_FOUND', '该担保尚未代偿');
    return compensation;
  }

  /**
   * A 代偿, once per guarantee. The same loss and date again is the same 代偿 and changes nothing
   * (a company's system retrying after a lost answer was told 409 不在保 about its own 代偿);
   * other figures on a compensated guarantee are refused as before.
   */
  async compensate(officer: Principal, guaranteeId: string, input: { lossAmount: string; paidOn: string }): Promise<Compensation> {
    notInFuture('paidOn', input.paidOn, shanghaiDate(this.deps.clock.now()));
    // Products and templates are read before the transaction: PGlite has one connection, which the transaction holds.
    const product = await this.deps.products.product((await this.deps.guarantees.get(officer, guaranteeId)).productId);
    const template = await this.deps.products.template(product.templateCode);
    await this.deps.transaction(async (tx) => {
      const guarantee = await this.deps.guarantees.get(officer, guaranteeId, tx, true);
      if (guarantee.status === 'compensated') {
        const recorded = await this.deps.store.forGuarantee(tx, guaranteeId);
        if (recorded && compareMoney(recorded.lossAmount, input.lossAmount) === 0 && recorded.paidOn === input.paidOn) return;
      }
      if (guarantee.status !== 'granted') throw conflict('GUARANTEE_NOT_IN_FORCE', '该担保不在保，不能代偿');
      if (guarantee.applicationStatus !== 'DEFAULTED') throw conflict('LOAN_NOT_DEFAULTED', '贷款未被银行报告违约，不能代偿');
      const shares = splitLoss(template, toFen(input.lossAmount), product.guaranteedShareBp);
      const compensated = shares.filter((s) => s.role !== 'bank').reduce((sum, s) => sum + s.fen, 0n);
      assertCompensationWithinLoan({ lossFen: toFen(input.lossAmount), compensatedFen: compensated, outstanding: guarantee.loanOutstanding, guaranteedAmount: guarantee.guaranteedAmount });
      await this.deps.store.insert(tx, {
        guaranteeId,
        templateCode: template.code,
        lossAmount: input.lossAmount,
        compensatedAmount: fromFen(compensated),
        paidOn: input.paidOn,
        shares: inYuan(shares),
        recordedBy: officer.userId,
      });
      await this.deps.guaranteeRows.markCompensated(tx, guaranteeId);
    });
    return this.get(officer, guaranteeId);
  }

  /**
   * A 追偿 recovery. A repeated reference with the same amount and date is the same recovery and
   * changes nothing; with another amount or date it is refused, never dropped in silence.
   */
  async recover(officer: Principal, guaranteeId: string, input: { amount: string; receivedOn: string; reference: string }): Promise<Compensation> {
    notInFuture('receivedOn', input.receivedOn, shanghaiDate(this.deps.clock.now()));
    const product = await this.deps.products.product((await this.deps.guarantees.get(officer, guaranteeId)).productId);
    const template = await this.deps.products.template(product.templateCode);
    await this.deps.transaction(async (tx) => {
      const compensation = await this.deps.store.forGuarantee(tx, guaranteeId, { forUpdate: true });
      if (!compensation) throw conflict('COMPENSATION_NOT_FOUND', '该担保尚未代偿，不能登记追偿');
      const recorded = compensation.recoveries.find((r) => r.reference === input.reference);
      if (recorded && compareMoney(recorded.amount, input.amount) === 0 && recorded.receivedOn === input.receivedOn) return;
      if (recorded) {
        const message = `追偿流水号 ${input.reference} 已登记为 ${recorded.receivedOn} 的 ${yuanText(recorded.amount)}，不能以不同的金额或日期再次登记`;
        throw unprocessableField('RECOVERY_REFERENCE_REUSED', 'reference', message);
      }
      const recovered = compensation.recoveries.reduce((sum, r) => sum + toFen(r.amount), 0n) + toFen(input.amount);
      if (recovered > toFen(compensation.lossAmount)) {
        throw unprocessable('RECOVERY_ABOVE_LOSS', '追偿累计金额不能超过损失金额', [{ field: 'amount', code: 'RECOVERY_ABOVE_LOSS', message: `损失 ${yuanText(compensation.lossAmount)}，已追回 ${yuanText(fromFen(recovered - toFen(input.amount)))}` }]);
      }
      const shares = splitRecovery(template, toFen(input.amount), product.guaranteedShareBp);
      await this.deps.store.addRecovery(tx, compensation.id, { ...input, shares: inYuan(shares), recordedBy: officer.userId });
    });
    return this.get(officer, guaranteeId);
  }
}
