import type { Db, DbOrTrx } from '../db/database.js';
import type { TransactionRunner } from '../db/transaction.js';
import type { ApplicationDetail, LoanApplicationService } from '../lending/applications/application-service.js';
import { APPROVAL_ABOVE_GUARANTEE, type GuaranteeChange, type GuaranteedApplication, type GuaranteePort } from '../lending/applications/ports.js';
import type { Clock } from '../platform/clock.js';
import { shanghaiDate } from '../platform/business-date.js';
import { conflict, forbidden, notFound, unprocessable, unprocessableField, type FieldError } from '../platform/errors.js';
import { compareMoney, fromFen, toFen, yuanText } from '../platform/money.js';
import { keysetPage, unknownCursor } from '../platform/keyset-page.js';
import type { Principal } from '../platform/roles.js';
import { awaitsDecision, isGiven, type Guarantee, type GuaranteeStatus } from './guarantee.js';
import type { components } from '../http/generated/api.js';
import { guaranteedAmount, resizedFee, smeGuaranteeFee } from './guarantee-eligibility.js';
import type { GuaranteeProduct } from './guarantee-product.js';
import type { GuaranteeProductService } from './guarantee-product-service.js';
import type { GuaranteeStore } from './guarantee-store.js';
import { tellCompanyGuaranteePending } from './guarantee-pending-event.js';
import type { OutboxStore } from '../platform/outbox/outbox-store.js';
import { startupApplicationErrors } from './startup-loans/startup-loan-application.js';
import { startupPolicyOn } from './startup-loans/startup-loan-policy.js';

export type GuaranteeLetterTerms = components['schemas']['GuaranteeLetterTerms'];

export interface GuaranteeServiceDeps {
  db: Db;
  transaction: TransactionRunner;
  store: GuaranteeStore;
  products: GuaranteeProductService;
  applications: Pick<LoanApplicationService, 'recordGuaranteeDecision' | 'profileForInstitution' | 'detail'>;
  /** Events to the company's own system (a guarantee waiting for its decision), in the caller's transaction. */
  outbox: Pick<OutboxStore, 'enqueue'>;
  clock: Clock;
  /** A loan product's zone tags; `startup_guarantee` marks a 创业担保贷 product, whose applications follow the 创业担保贷款 policy. */
  loanProductZoneTags(tx: DbOrTrx, loanProductId: string): Promise<readonly string[]>;
}

/**
 * Guarantees on loan applications: the port lending calls at submission and at the bank's
 * approval (见贷即保), and the guarantee officer's queue, decisions, profile reads and fees.
 */
export class GuaranteeService implements GuaranteePort {
  constructor(private readonly deps: GuaranteeServiceDeps) {}

  // ---- the port lending calls, inside its transaction ----

  async routeOf(tx: DbOrTrx, loanProductId: string) {
    const product = await this.deps.products.forLoanProduct(tx, loanProductId);
    return product && { route: product.route, companyId: product.companyId };
  }

  async open(tx: DbOrTrx, application: GuaranteedApplication): Promise<{ reasons: string[]; errors?: FieldError[] }> {
    // The terms are held first and read after, so an edit of them either waits or sees this guarantee.
    await this.deps.products.holdTerms(tx, (await this.productOf(tx, application.productId)).id);
    const product = await this.productOf(tx, application.productId);
    if ((await this.deps.loanProductZoneTags(tx, application.productId)).includes('startup_guarantee')) {
      const errors = startupApplicationErrors(startupPolicyOn(shanghaiDate(this.deps.clock.now())), application);
      if (errors.length) return { reasons: [], errors };
    }
    const { reasons } = await this.deps.products.eligibility(tx, product, application.enterpriseId, application.amount, application.termMonths);
    if (reasons.length) return { reasons };
    const guaranteed = guaranteedAmount(product, application.amount);
    const pending = {
      applicationId: application.id,
      productId: product.id,
      companyId: product.companyId,
      enterpriseId: application.enterpriseId,
      loanAmount: application.amount,
      guaranteedAmount: guaranteed,
      feeDue: smeGuaranteeFee(guaranteed, product.feeRate, product.feeSubsidyRate, application.termMonths),
    };
    const id = await this.deps.store.insertPending(tx, pending);
    if (product.route === 'guarantee_first') await tellCompanyGuaranteePending(tx, this.deps.outbox, { id, ...pending }, this.deps.clock.now());
    return { reasons: [] };
  }

  /**
   * 见贷即保: granted when the approved amount is within the product's auto-grant limit, the firm
   * still qualifies, and the company's batch capacity left covers the guaranteed amount; the
   * capacity row stays locked until the transaction ends, so two approvals cannot both take the
   * last of it.
   */
  async decideAutomatically(tx: DbOrTrx, application: GuaranteedApplication, approvedAmount: string): Promise<{ granted: boolean; reason: string | null }> {
    const product = await this.productOf(tx, application.productId);
    const guarantee = await this.deps.store.forApplication(tx, application.id, { forUpdate: true });
    if (!guarantee || guarantee.status !== 'pending') return { granted: false, reason: '该申请没有待决定的担保' };
    await this.deps.store.lockCapacity(tx, product.companyId);
    const guaranteed = guaranteedAmount(product, approvedAmount);
    const reason = await this.autoDeclineReason(tx, product, application, approvedAmount, guaranteed);
    await this.deps.store.decide(tx, guarantee.id, {
      status: reason ? 'declined' : 'granted',
      decidedBy: 'batch',
      reason,
      loanAmount: approvedAmount,
      guaranteedAmount: guaranteed,
      feeDue: reason ? '0.00' : smeGuaranteeFee(guaranteed, product.feeRate, product.feeSubsidyRate, application.termMonths),
      at: this.deps.clock.now(),
    });
    return { granted: reason === null, reason };
  }

  /**
   * The approval's terms on a granted guarantee decided on another amount (decision 0027): lower,
   * the guarantee is reduced and frees capacity, on either route. Higher, on 见贷即保 the
   * difference is decided as an automatic grant is, under the capacity lock, and if refused the
   * guarantee stays as granted and its reason says why it covers less than the loan; on 见保即贷
   * the approval itself is refused: the company decided on that loan and no more. The fee
   * follows the amount.
   */
  async followApproval(tx: DbOrTrx, application: GuaranteedApplication, approvedAmount: string): Promise<GuaranteeChange | undefined> {
    const guarantee = await this.deps.store.forApplication(tx, application.id, { forUpdate: true });
    if (!guarantee || guarantee.status !== 'granted') return undefined;
    if (guarantee.route === 'guarantee_first' && compareMoney(approvedAmount, guarantee.loanAmount) > 0) {
      const message = `批准金额不能超过担保机构已担保的贷款金额 ${yuanText(guarantee.loanAmount)}`;
      throw unprocessableField(APPROVAL_ABOVE_GUARANTEE, 'approvedAmount', message);
    }
    const product = await this.productOf(tx, application.productId);
    const { guaranteedAmount: from } = guarantee;
    const share = guaranteedAmount(product, approvedAmount);
    // 见保即贷: what the company granted bounds the guarantee, also when the product's share was raised since.
    const due = guarantee.route === 'guarantee_first' && compareMoney(share, from) > 0 ? from : share;
    const more = toFen(due) - toFen(from);
    if (more === 0n && compareMoney(guarantee.loanAmount, approvedAmount) === 0) return undefined;
    let refused: string | null = null;
    if (more > 0n) {
      await this.deps.store.lockCapacity(tx, product.companyId);
      refused = await this.autoDeclineReason(tx, product, application, approvedAmount, fromFen(more));
    }
    const to = refused ? from : due;
    const feeDue = resizedFee(guarantee, product, application.termMonths, to);
    const approved = `银行批准金额 ${yuanText(approvedAmount)}`;
    const refund = toFen(guarantee.feePaid) > toFen(feeDue) ? `；已收保费 ${yuanText(guarantee.feePaid)}超过应收 ${yuanText(feeDue)}，差额应退还企业` : '';
    const note = refused
      ? `${approved}，应担保 ${yuanText(due)}，担保金额仍为 ${yuanText(from)}，未能自动调增：${refused}`
      : `${approved}，担保金额由 ${yuanText(from)}调${more > 0n ? '增' : '减'}为 ${yuanText(to)}${refund}`;
    await this.deps.store.resize(tx, guarantee.id, { loanAmount: fromFen(toFen(approvedAmount)), guaranteedAmount: to, feeDue, reason: refused ? note : null });
    return more === 0n ? undefined : { companyId: guarantee.companyId, from, to, due, note };
  }

  /** 解保: the loan was fully repaid or closed, so the guarantee in force on it ends and frees its capacity. */
  async loanSettled(tx: DbOrTrx, applicationId: string): Promise<void> {
    await this.deps.store.release(tx, applicationId, this.deps.clock.now());
  }

  private async autoDeclineReason(tx: DbOrTrx, product: GuaranteeProduct, application: GuaranteedApplication, approved: string, guaranteed: string): Promise<string | null> {
    if (product.autoGrantMaxAmount !== null && compareMoney(approved, product.autoGrantMaxAmount) > 0) {
      return `批准金额超过见贷即保单笔上限 ${yuanText(product.autoGrantMaxAmount)}，须由担保机构逐笔审核`;
    }
    const { reasons } = await this.deps.products.eligibility(tx, product, application.enterpriseId, '0', application.termMonths);
    if (reasons.length) return reasons.join('；');
    const capacity = await this.deps.products.capacity(tx, product.companyId);
    if (compareMoney(guaranteed, capacity.left) > 0) return `担保机构批量担保额度不足（剩余 ${yuanText(capacity.left)}，本笔需 ${yuanText(guaranteed)}）`;
    const firmAfter = fromFen(toFen(guaranteed) + toFen(await this.firmInForce(tx, product.companyId, application.enterpriseId)));
    if (compareMoney(firmAfter, product.singleFirmCap) > 0) return `本笔担保后单户在保余额 ${yuanText(firmAfter)}将超过上限 ${yuanText(product.singleFirmCap)}`;
    return null;
  }

  /**
   * The single-firm cap (单户在保上限) holds at every grant, not only when the application was
   * opened: pending guarantees are not in force, so two applications of one firm opened side by
   * side each passed the check, and granting both went past the cap. Under the company's lock, as
   * an automatic grant is, so two grants at once are counted one after the other.
   */
  private async assertFirmCapHolds(tx: DbOrTrx, guarantee: Guarantee): Promise<void> {
    const product = await this.deps.products.product(guarantee.productId, tx);
    await this.deps.store.lockCapacity(tx, guarantee.companyId);
    const firmAfter = fromFen(toFen(guarantee.guaranteedAmount) + toFen(await this.firmInForce(tx, guarantee.companyId, guarantee.enterpriseId)));
    if (compareMoney(firmAfter, product.singleFirmCap) > 0) {
      throw unprocessableField('FIRM_CAP_EXCEEDED', 'decision', `本笔担保后单户在保余额 ${yuanText(firmAfter)}将超过上限 ${yuanText(product.singleFirmCap)}，不能担保`);
    }
  }

  private firmInForce(tx: DbOrTrx, companyId: string, enterpriseId: string): Promise<string> {
    return this.deps.products.inForce(tx, { companyId, enterpriseId });
  }

  private async productOf(db: DbOrTrx, loanProductId: string): Promise<GuaranteeProduct> {
    const product = await this.deps.products.forLoanProduct(db, loanProductId);
    if (!product) throw notFound('GUARANTEE_PRODUCT_NOT_FOUND', '该产品没有关联担保产品');
    return product;
  }

  // ---- the guarantee officer ----

  private companyOf(officer: Principal): string {
    if (!officer.institutionId) throw forbidden('NOT_A_GUARANTEE_COMPANY', '当前账号未关联担保机构');
    return officer.institutionId;
  }

  /** The company's guarantees, newest first, optionally by status and product (the 待办 count reads up to 500). */
  queue(officer: Principal, filter: { status?: GuaranteeStatus; productId?: string }): Promise<Guarantee[]> {
    return this.deps.store.list(this.deps.db, { companyId: this.companyOf(officer), ...filter }, { limit: 500 });
  }

  /**
   * 担保申请受理, a page at a time: `before` is the previous page's `nextBefore`, which must name one
   * of the company's guarantees; `nextBefore` is null on the last page.
   */
  async queuePage(
    officer: Principal,
    filter: { status?: GuaranteeStatus; productId?: string },
    page: { limit: number; before?: string },
  ): Promise<{ items: Guarantee[]; nextBefore: string | null }> {
    const companyId = this.companyOf(officer);
    if (page.before !== undefined && (await this.deps.store.find(this.deps.db, page.before))?.companyId !== companyId) {
      throw unknownCursor('before', '担保业务', 'nextBefore');
    }
    const rows = await this.deps.store.list(this.deps.db, { companyId, ...filter }, { limit: page.limit + 1, before: page.before });
    const { items, next } = keysetPage(rows, page.limit);
    return { items, nextBefore: next };
  }

  async get(officer: Principal, id: string, db: DbOrTrx = this.deps.db, forUpdate = false): Promise<Guarantee> {
    const guarantee = await this.deps.store.find(db, id, { forUpdate });
    if (!guarantee || guarantee.companyId !== this.companyOf(officer)) throw notFound('GUARANTEE_NOT_FOUND', '担保业务不存在');
    return guarantee;
  }

  /** The guarantee with the application's timeline (both parties' steps). */
  async detail(officer: Principal, id: string): Promise<{ guarantee: Guarantee; application: ApplicationDetail }> {
    const guarantee = await this.get(officer, id);
    return { guarantee, application: await this.deps.applications.detail(this.deps.db, guarantee.applicationId) };
  }

  /**
   * 见保即贷: the officer (or the company's system) grants, and the application goes on to the bank,
   * or declines with a reason. Another decision on a decided guarantee is 409.
   */
  async decide(officer: Principal, id: string, decision: 'grant' | 'decline', reason: string | null): Promise<Guarantee> {
    if (decision === 'decline' && !reason) throw unprocessableField('REASON_REQUIRED', 'reason', '不予担保须说明理由');
    await this.deps.transaction(async (tx) => {
      const guarantee = await this.get(officer, id, tx, true);
      // The same decision again (a system's retry after a lost answer) is answered as it stands.
      if (guarantee.status === (decision === 'grant' ? 'granted' : 'declined') && (decision === 'grant' || guarantee.reason === reason)) return;
      if (!awaitsDecision(guarantee)) throw conflict('GUARANTEE_NOT_PENDING', '该担保无待决定事项：已决定、由银行审批后自动担保，或申请已撤回、已过期');
      if (decision === 'grant') await this.assertFirmCapHolds(tx, guarantee);
      await this.deps.store.decide(tx, id, {
        status: decision === 'grant' ? 'granted' : 'declined',
        decidedBy: officer.userId,
        reason,
        loanAmount: guarantee.loanAmount,
        guaranteedAmount: guarantee.guaranteedAmount,
        feeDue: decision === 'grant' ? guarantee.feeDue : '0.00',
        at: this.deps.clock.now(),
      });
      // A machine client (guarantees:write) is named as one on the application's timeline, as a bank's is.
      const actor = officer.clientId !== undefined ? { type: 'client' as const, id: officer.clientId } : { type: 'guarantee_officer' as const, id: officer.userId };
      await this.deps.applications.recordGuaranteeDecision(tx, guarantee.applicationId, decision, actor, reason);
    });
    return this.get(officer, id);
  }

  /** The applicant's credit profile, through the consent gate under the grant the application names the company in. */
  async profile(officer: Principal, id: string, requestId: string): Promise<Record<string, unknown>> {
    const guarantee = await this.get(officer, id);
    return this.deps.applications.profileForInstitution(officer, guarantee.companyId, guarantee.applicationId, requestId);
  }

  /** 担保函 key terms of a granted guarantee, as data, for its officer. */
  async letterTerms(officer: Principal, id: string): Promise<GuaranteeLetterTerms> {
    return this.termsOf(await this.get(officer, id));
  }

  /**
   * 担保函 key terms of a granted guarantee: what the letter PDF shows. The letter number is
   * stable: the year of the grant and the guarantee's id.
   */
  async termsOf(g: Guarantee): Promise<GuaranteeLetterTerms> {
    if (!isGiven(g.status) || !g.decidedAt) throw conflict('GUARANTEE_NOT_GRANTED', '担保未生效，无担保函');
    const product = await this.deps.products.product(g.productId);
    const template = await this.deps.products.template(product.templateCode);
    return {
      guaranteeId: g.id,
      letterNo: `DBH-${g.decidedAt.getUTCFullYear()}-${g.id.slice(0, 8).toUpperCase()}`,
      companyName: product.companyName,
      bankName: g.bankName,
      enterpriseName: g.enterpriseName,
      uscc: g.uscc,
      productName: g.productName,
      route: g.route,
      loanAmount: g.loanAmount,
      guaranteedAmount: g.guaranteedAmount,
      guaranteedSharePct: fromFen(BigInt(product.guaranteedShareBp)),
      termMonths: g.termMonths,
      feeRate: product.feeRate,
      feeSubsidyRate: product.feeSubsidyRate,
      feeDue: g.feeDue,
      templateCode: template.code,
      templateName: template.name,
      parties: template.parties,
      counterGuarantees: product.counterGuarantees,
      grantedAt: g.decidedAt.toISOString(),
    };
  }

  /** Records a guarantee fee payment; more than is due is refused. */
  /**
   * A 保费 payment, once per 凭证号: under the guarantee's row lock a repeat with the same amount
   * changes nothing (a double click, a retry after a lost answer), another amount under a used
   * reference is refused, and the total never passes the fee due.
   */
  async recordFeePaid(officer: Principal, id: string, payment: { reference: string; amount: string }): Promise<Guarantee> {
    await this.deps.transaction(async (tx) => {
      const guarantee = await this.get(officer, id, tx, true);
      if (!isGiven(guarantee.status)) throw conflict('GUARANTEE_NOT_GRANTED', '担保未生效，不能登记保费');
      const recorded = await this.deps.store.feePayment(tx, id, payment.reference);
      if (recorded !== undefined && compareMoney(recorded, payment.amount) === 0) return;
      if (recorded !== undefined) {
        const message = `凭证号 ${payment.reference} 已登记保费 ${yuanText(recorded)}，不能以不同的金额再次登记`;
        throw unprocessableField('FEE_REFERENCE_REUSED', 'reference', message);
      }
      if (!(await this.deps.store.addFeePayment(tx, id, { ...payment, recordedBy: officer.userId }))) {
        throw unprocessable('FEE_OVERPAID', '登记金额超过应收保费', [{ field: 'amount', code: 'FEE_OVERPAID', message: `应收保费 ${yuanText(guarantee.feeDue)}，已收 ${yuanText(guarantee.feePaid)}` }]);
      }
    });
    return this.get(officer, id);
  }
}
