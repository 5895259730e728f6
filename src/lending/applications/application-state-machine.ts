import type { BankEvent, CancelPayload, SubmissionPayload } from '../../../bank-adapters/port.js';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { conflict, unprocessable } from '../../platform/errors.js';
import { compareMoney } from '../../platform/money.js';
import { ABOUT_A_DAY_OF_ATTEMPTS } from '../../platform/outbox/backoff.js';
import type { OutboxStore } from '../../platform/outbox/outbox-store.js';
import type { BankDirectory, EnterpriseDirectory } from '../bank-directory.js';
import type { ApplicationConsentPort, ApplicationEventObserver, GuaranteePort } from './ports.js';
import { GRANT_LIMITS } from '../../consents/consent-service.js';
import { consentTermsOffer, type ConsentTerms, type ConsentTermsOffer } from '../consent-terms.js';
import type { ProductStore } from '../products/product-store.js';
import { ACTION_LABELS, applicationAlreadyOpen, BEFORE_BANK_STATUSES, bankPathTo, STATUS_LABELS, transitionFor, type ActionParty, type ApplicationAction, type ApplicationStatus, type Step } from './application-status.js';
import type { ApplicationPatch, ApplicationStore, NewApplication } from './application-store.js';
import { amountKnownAtApproval, reportedData } from './bank-report-data.js';
import { assertApprovalWithinProduct, assertDisbursedBefore, assertSettlementCoversLedger, assertSameEntry, ledgerTotals } from './ledger-limits.js';
import { BANK_EVENT_TARGET, submissionMessageKey, type ActorType, type ApplicationEvent, type LoanApplication, type NewApplicationEvent } from './loan-application.js';

export const BANK_ADAPTER_CHANNEL = 'bank_adapter';
export const SUBMIT_TOPIC = 'loan_application.submit';
/** Submissions and withdrawals are tried for about a day: the outbox default gave up within a bank's maintenance window. */
export const BANK_DELIVERY_MAX_ATTEMPTS = ABOUT_A_DAY_OF_ATTEMPTS;
export const CANCEL_TOPIC = 'loan_application.cancel';

export interface Actor {
  type: ActorType;
  id: string;
}

/** What applying a bank event did. `stale` events changed nothing (already past, or a repeat). */
export type BankEventOutcome =
  | { result: 'applied'; status: ApplicationStatus; steps: Step[] }
  | { result: 'recorded'; status: ApplicationStatus }
  | { result: 'stale'; status: ApplicationStatus };

export interface ApplicationStateMachineDeps {
  db: Db;
  applications: ApplicationStore;
  products: ProductStore;
  outbox: OutboxStore;
  consents: ApplicationConsentPort;
  guarantees: GuaranteePort;
  banks: BankDirectory;
  enterprises: EnterpriseDirectory;
  clock: Clock;
  /** The longest the `loan_application` grant created on submission may stay valid. */
  consentValidityDays: number;
  /** Told of each recorded event in its transaction (notifications). */
  observer?: ApplicationEventObserver;
}

/** Said in words: the status and the move by their labels, never their codes. */
const invalidTransition = (from: ApplicationStatus, what: string) =>
  conflict('INVALID_TRANSITION', `申请当前为“${STATUS_LABELS[from]}”，不能${what}`);
export const concurrentlyModified = () => conflict('APPLICATION_MODIFIED', '申请已被他人更新，请刷新后重试');

/** Steps an officer's action may take implicitly on the way to its target. */
const IMPLICIT_FOR_OFFICER: ReadonlySet<ApplicationAction> = new Set(['start_review', 'contract']);

/**
 * The state machine of loan applications (贷款申请): the only writer of an application row.
 * Every move is looked up in the transition table, written with an optimistic version check and
 * recorded as an event row in the caller's transaction; messages to the bank go through the
 * outbox in that transaction too. Bank reports lock the row here, where they are written.
 */
export class ApplicationStateMachine {
  constructor(private readonly deps: ApplicationStateMachineDeps) {}

  /** A new DRAFT, its `create` event recorded; 409 when the enterprise already has an open application for the product. */
  async open(tx: DbOrTrx, fields: Omit<NewApplication, 'status' | 'firstLoan'>, actor: Actor, details: Record<string, unknown>): Promise<LoanApplication> {
    const { applications } = this.deps;
    const created = await applications.insert(tx, { ...fields, status: 'DRAFT', firstLoan: !(await applications.hasDisbursedLoan(tx, fields.enterpriseId)) });
    if (!created) {
      const existing = await applications.findOpen(tx, fields.enterpriseId, fields.productId!);
      throw existing ? applicationAlreadyOpen(existing) : concurrentlyModified();
    }
    await this.recordEvent(tx, created, null, 'DRAFT', 'create', actor, null, details);
    return created;
  }

  /** What the enterprise may choose for the grant a submission creates. */
  consentOffer(): ConsentTermsOffer {
    return consentTermsOffer(Math.min(this.deps.consentValidityDays, GRANT_LIMITS.maxDays.loan_application));
  }

  /**
   * Submission: the transition, the consent grant to the bank (and to the guarantee company on a
   * guaranteed product, on the same `terms`, already checked) and the outbox message, in `tx`. A
   * 见保即贷 application goes to the guarantee company first and reaches the bank only when the
   * guarantee is granted; a firm the guarantee product does not take is refused with its reasons.
   */
  async submit(tx: DbOrTrx, application: LoanApplication, actor: Actor, terms: ConsentTerms): Promise<void> {
    const { consents, guarantees, clock } = this.deps;
    const now = clock.now();
    const guarantee = application.productId ? await guarantees.routeOf(tx, application.productId) : undefined;
    if (guarantee && application.status === 'DRAFT') {
      const { reasons, errors } = await guarantees.open(tx, { ...application, productId: application.productId! });
      if (errors?.length) throw unprocessable('GUARANTEE_NOT_ELIGIBLE', errors.map((e) => e.message).join('；'), errors);
      if (reasons.length) {
        throw unprocessable('GUARANTEE_NOT_ELIGIBLE', reasons.join('；'), reasons.map((message) => ({ field: 'productId', code: 'GUARANTEE_NOT_ELIGIBLE', message })));
      }
    }
    const { grantId } = await consents.grantForApplication(tx, {
      enterpriseId: application.enterpriseId,
      bankId: application.bankId,
      applicationId: application.id,
      terms,
      grantedBy: actor.id,
    });
    const details: Record<string, unknown> = { consentGrantId: grantId };
    if (guarantee) {
      const company = await consents.grantForApplication(tx, { enterpriseId: application.enterpriseId, bankId: guarantee.companyId, applicationId: application.id, terms, grantedBy: actor.id });
      details.guaranteeCompanyId = guarantee.companyId;
      details.guaranteeConsentGrantId = company.grantId;
    }
    const action = guarantee?.route === 'guarantee_first' ? 'submit_for_guarantee' : 'submit';
    // `submittedAt` is when the bank received the application: the bank's service limits and the
    // office's figures count from it. On 见保即贷 that is the guarantee company's grant.
    await this.move(tx, application, action, 'enterprise', actor, null, details, { submittedAt: action === 'submit' ? now : undefined, consentGrantId: grantId }, now);
    if (action === 'submit') await this.sendToBank(tx, application, now);
  }

  /**
   * The guarantee company's decision on a 见保即贷 application (`grant` sends it on to the bank)
   * or, declining, on a 见贷即保 one the bank approved. The caller holds the row lock.
   */
  async decideGuarantee(tx: DbOrTrx, application: LoanApplication, decision: 'grant' | 'decline', actor: Actor, reason: string | null): Promise<void> {
    const now = this.deps.clock.now();
    await this.move(tx, application, decision === 'grant' ? 'grant_guarantee' : 'decline_guarantee', 'guarantor', actor, reason, {}, decision === 'grant' ? { submittedAt: now } : {}, now);
    if (decision === 'grant') await this.sendToBank(tx, application, now);
  }

  private async sendToBank(tx: DbOrTrx, application: LoanApplication, now: Date): Promise<void> {
    const { banks, outbox, enterprises, products } = this.deps;
    const bank = await banks.findById(tx, application.bankId);
    if (!bank || !(await banks.hasAdapter(tx, bank.code))) return;
    const product = application.productId ? await products.findById(tx, application.productId) : undefined;
    const payload: SubmissionPayload = {
      applicationId: application.id,
      enterprise: await enterprises.summary(tx, application.enterpriseId),
      product: product ? { id: product.id, name: product.name } : null,
      amount: application.amount,
      termMonths: application.termMonths,
      purpose: application.purpose,
      firstLoan: application.firstLoan,
      submittedAt: now.toISOString(),
    };
    await outbox.enqueue(tx, {
      channel: BANK_ADAPTER_CHANNEL,
      target: bank.code,
      topic: SUBMIT_TOPIC,
      messageKey: submissionMessageKey(application.id), maxAttempts: BANK_DELIVERY_MAX_ATTEMPTS,
      payload,
    });
  }

  /** The SME withdraws; a bank that has seen the application is told to cancel it, through the outbox. */
  async withdraw(tx: DbOrTrx, application: LoanApplication, actor: Actor, reason: string): Promise<void> {
    // `move` updates `application.status`, so whether the bank ever saw it is read before.
    const bankHasIt = !BEFORE_BANK_STATUSES.includes(application.status);
    await this.move(tx, application, 'withdraw', 'enterprise', actor, reason, {});
    const bank = await this.deps.banks.findById(tx, application.bankId);
    if (bank && bankHasIt && (await this.deps.banks.hasAdapter(tx, bank.code))) {
      await this.deps.outbox.enqueue(tx, {
        channel: BANK_ADAPTER_CHANNEL,
        target: bank.code,
        topic: CANCEL_TOPIC,
        messageKey: `loan-application:${application.id}:cancel`, maxAttempts: BANK_DELIVERY_MAX_ATTEMPTS,
        payload: { applicationId: application.id, bankReference: application.bankReference, reason } satisfies CancelPayload,
      });
    }
  }

  /** The SME answered the bank's request for material (补充材料); the caller holds the row lock. */
  async supplyMaterial(tx: DbOrTrx, application: LoanApplication, actor: Actor, details: Record<string, unknown>): Promise<void> {
    await this.move(tx, application, 'supply_material', 'enterprise', actor, null, details);
  }

  /** The expiry job's move. */
  async expire(tx: DbOrTrx, application: LoanApplication, reason: string): Promise<void> {
    await this.move(tx, application, 'expire', 'system', { type: 'system', id: 'expiry-job' }, reason, {});
  }

  /** What an officer records (`strict`): only `start_review`/`contract` may be implied, an unreachable target is a 409. */
  applyOfficerEvent(tx: DbOrTrx, application: LoanApplication, event: BankEvent, actor: Actor): Promise<BankEventOutcome> {
    return this.applyBankEvent(tx, application, event, actor, 'strict');
  }

  /**
   * What a bank's system reports (callback or poll), applied leniently under the row lock taken
   * here, which serialises the events of one application. `undefined` when the application does
   * not exist or is not at `bankId`.
   */
  async applyBankReport(tx: DbOrTrx, at: { applicationId: string; bankId: string }, event: BankEvent, actor: Actor): Promise<BankEventOutcome | undefined> {
    const application = await this.deps.applications.findById(tx, at.applicationId, { forUpdate: true });
    if (!application || application.bankId !== at.bankId) return undefined;
    return this.applyBankEvent(tx, application, event, actor, 'lenient');
  }

  /** Notes that the bank was heard from (a poll answered); no status change. */
  async recordBankContact(tx: DbOrTrx, applicationId: string, at: Date): Promise<void> {
    await this.deps.applications.updateDetails(tx, applicationId, { lastBankContactAt: at });
  }

  /** Notes that the bank acknowledged the submission (its own reference for the application). */
  async recordSubmissionReceipt(applicationId: string, bankReference: string): Promise<void> {
    await this.deps.applications.updateDetails(this.deps.db, applicationId, {
      bankReference,
      lastBankContactAt: this.deps.clock.now(),
    });
  }

  /**
   * Applies what a bank reports. Out-of-order events walk the shortest legal chain to their
   * target (each step an event row); an event whose target lies behind the current status only
   * merges the data it carries (late approval terms, an extra tranche) or changes nothing.
   */
  private async applyBankEvent(
    tx: DbOrTrx,
    application: LoanApplication,
    event: BankEvent,
    actor: Actor,
    mode: 'strict' | 'lenient',
  ): Promise<BankEventOutcome> {
    const { applications, clock } = this.deps;
    const now = clock.now();
    const target = BANK_EVENT_TARGET[event.type];
    const path = bankPathTo(application.status, target);
    if (mode === 'strict') {
      if (!path || (path.length === 0 && event.type !== 'disbursed' && event.type !== 'repaid')) {
        throw invalidTransition(application.status, `转为“${STATUS_LABELS[target]}”`);
      }
      if (path.slice(0, -1).some((s) => !IMPLICIT_FOR_OFFICER.has(s.action))) throw invalidTransition(application.status, `转为“${STATUS_LABELS[target]}”`);
      if (event.type === 'approved' && !event.approval) throw unprocessable('APPROVAL_TERMS_REQUIRED', '批准时须给出金额、利率和期限');
    }
    if (event.approval) await assertApprovalWithinProduct(tx, this.deps.products, application, event.approval);
    const { patch, data } = reportedData(application, event, path, now);
    if (event.entry) {
      const kind = event.type === 'disbursed' ? 'disbursement' : 'repayment';
      const recorded = await applications.addLedgerEntry(tx, application.id, { kind, ...event.entry });
      if (recorded) {
        assertSameEntry(recorded, event.entry);
      } else {
        Object.assign(patch, ledgerTotals(application, kind, event.entry, patch.approvedAmount ?? application.approvedAmount, now));
        data.entry = { kind, ...event.entry };
      }
    }
    if (path) assertDisbursedBefore(path, target, patch.disbursedAmount ?? application.disbursedAmount);
    if (target === 'CLOSED' && path?.length) assertSettlementCoversLedger(patch.disbursedAmount ?? application.disbursedAmount, patch.repaidAmount ?? application.repaidAmount);
    const fullyRepaid = patch.repaidAmount !== undefined && compareMoney(patch.repaidAmount, application.disbursedAmount) >= 0;
    const dataChanged = Object.keys(data).length > 1;
    if (!path || path.length === 0) {
      if (!dataChanged) {
        await applications.updateDetails(tx, application.id, { lastBankContactAt: now, bankReference: patch.bankReference });
        return { result: 'stale', status: application.status };
      }
      await this.writeMove(tx, application, application.status, patch, now);
      await this.recordEvent(tx, application, application.status, application.status, 'record', actor, null, data, now);
      await this.guaranteeFollowsApproval(tx, application, patch.approvedAmount);
      if (application.productId && fullyRepaid) await this.deps.guarantees.loanSettled(tx, application.id);
      return { result: 'recorded', status: application.status };
    }
    for (const step of path) {
      if (step.to === 'ACCEPTED') patch.acceptedAt = now;
      if (step.to === 'APPROVED' || step.to === 'REJECTED') patch.decidedAt = now;
    }
    // 见贷即保: the guarantee is decided at the approval, also when the approval is only an implied
    // step of a later report (a contract or disbursement callback that overtook it), on the best
    // amount known then. The walk stops there; a declined guarantee ends it, and the report's data
    // are kept as a late report's. Terms that come later set the guarantee right.
    const approvalStep = path.findIndex((step) => step.to === 'APPROVED');
    const loanFirst = approvalStep >= 0 ? await this.loanFirstGuarantor(tx, application) : undefined;
    const head = loanFirst ? path.slice(0, approvalStep + 1) : path;
    await this.walk(tx, application, head, patch, { target, event, data, actor }, now);
    const steps: Step[] = [...head];
    if (loanFirst) {
      const declined = await this.guaranteeAutomatically(tx, application, loanFirst, amountKnownAtApproval(application, patch));
      steps.push({ action: declined ? 'decline_guarantee' : 'confirm_guarantee', from: 'APPROVED', to: declined ? 'GUARANTEE_DECLINED' : 'APPROVED' });
      if (declined) {
        if (head.length < path.length && dataChanged) await this.recordEvent(tx, application, application.status, application.status, 'record', actor, null, data, now);
        return { result: 'applied', status: 'GUARANTEE_DECLINED', steps };
      }
      const rest = path.slice(approvalStep + 1);
      await this.walk(tx, application, rest, {}, { target, event, data, actor }, now);
      steps.push(...rest);
    } else {
      await this.guaranteeFollowsApproval(tx, application, patch.approvedAmount);
    }
    if (application.productId && (fullyRepaid || target === 'CLOSED')) await this.deps.guarantees.loanSettled(tx, application.id);
    return { result: 'applied', status: target, steps };
  }

  /** Moves along `steps` in one write (with `patch`), one event row per step; the report's data go on its target's step. */
  private async walk(tx: DbOrTrx, application: LoanApplication, steps: readonly Step[], patch: ApplicationPatch, report: BankReport, now: Date): Promise<void> {
    const { target, event, data, actor } = report;
    const to = steps.at(-1)?.to;
    if (!to) return;
    await this.writeMove(tx, application, to, patch, now);
    for (const step of steps) {
      const last = step.to === target;
      await this.recordEvent(tx, application, step.from, step.to, step.action, actor, last ? reasonOf(event) : null, last ? data : { bankEventId: event.eventId, implied: true }, now);
    }
    application.status = to;
    application.version += 1;
  }

  /** The guarantee company of a 见贷即保 product, whose guarantee follows the bank's approval. */
  private async loanFirstGuarantor(tx: DbOrTrx, application: LoanApplication): Promise<string | undefined> {
    if (!application.productId) return undefined;
    const guarantee = await this.deps.guarantees.routeOf(tx, application.productId);
    return guarantee?.route === 'loan_first' ? guarantee.companyId : undefined;
  }

  /** 见贷即保: the guarantee is decided automatically at the bank's approval; true when declined. */
  private async guaranteeAutomatically(tx: DbOrTrx, application: LoanApplication, companyId: string, approvedAmount: string): Promise<boolean> {
    const decision = await this.deps.guarantees.decideAutomatically(tx, { ...application, productId: application.productId! }, approvedAmount);
    const actor: Actor = { type: 'guarantee_system', id: companyId };
    await this.move(tx, application, decision.granted ? 'confirm_guarantee' : 'decline_guarantee', 'guarantor', actor, decision.reason, { automatic: true, guaranteeCompanyId: companyId });
    return !decision.granted;
  }

  /**
   * Approval terms on a guaranteed loan set a granted guarantee's amount right (见贷即保 when they
   * came after its decision, 见保即贷 below the amount the company granted); the change goes on the
   * timeline. A 见保即贷 approval above the guaranteed loan is refused by the port, rolling back the report.
   */
  private async guaranteeFollowsApproval(tx: DbOrTrx, application: LoanApplication, approvedAmount: string | null | undefined): Promise<void> {
    if (!approvedAmount || !application.productId) return;
    const change = await this.deps.guarantees.followApproval(tx, { ...application, productId: application.productId }, approvedAmount);
    if (!change) return;
    const { companyId, from, to, due, note } = change;
    const actor: Actor = { type: 'guarantee_system', id: companyId };
    await this.recordEvent(tx, application, application.status, application.status, 'record', actor, note, { automatic: true, guaranteeCompanyId: companyId, guarantee: { from, to, due } });
  }

  /** One table-checked move, recorded. Throws 409 on an illegal move or a lost version race. */
  private async move(
    tx: DbOrTrx,
    application: LoanApplication,
    action: ApplicationAction,
    party: ActionParty,
    actor: Actor,
    reason: string | null,
    details: Record<string, unknown>,
    patch: ApplicationPatch = {},
    now: Date = this.deps.clock.now(),
  ): Promise<ApplicationStatus> {
    const to = transitionFor(action, application.status, party);
    if (!to) throw invalidTransition(application.status, ACTION_LABELS[action]);
    await this.writeMove(tx, application, to, patch, now);
    await this.recordEvent(tx, application, application.status, to, action, actor, reason, details, now);
    application.status = to;
    application.version += 1;
    return to;
  }

  private async writeMove(tx: DbOrTrx, application: LoanApplication, to: ApplicationStatus, patch: ApplicationPatch, now: Date) {
    if (!(await this.deps.applications.updateVersioned(tx, application.id, application.version, { ...patch, status: to }, now))) {
      throw concurrentlyModified();
    }
  }

  private async recordEvent(
    tx: DbOrTrx,
    application: LoanApplication,
    from: ApplicationStatus | null,
    to: ApplicationStatus,
    action: ApplicationEvent['action'],
    actor: Actor,
    reason: string | null,
    details: Record<string, unknown>,
    at: Date = this.deps.clock.now(),
  ): Promise<void> {
    const event: NewApplicationEvent = {
      applicationId: application.id,
      fromStatus: from,
      toStatus: to,
      action,
      actorType: actor.type,
      actorId: actor.id,
      reason,
      details,
      occurredAt: at,
    };
    await this.deps.applications.insertEvent(tx, event);
    await this.deps.observer?.onEvent(tx, application, event);
  }
}

/** What a bank report asked for and carried, as the walk records it. */
interface BankReport {
  target: ApplicationStatus;
  event: BankEvent;
  data: Record<string, unknown>;
  actor: Actor;
}

function reasonOf(event: BankEvent): string | null {
  return event.rejection?.reason ?? event.action?.type ?? null;
}
