import type { BankEvent, CancelPayload, SubmissionPayload } from '../../../bank-adapters/port.js';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import { conflict, DomainError, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import type { OutboxStore } from '../../platform/outbox/outbox-store.js';
import type { Principal } from '../../platform/roles.js';
import {
  bankPathTo,
  transitionFor,
  type ActionParty,
  type ApplicationAction,
  type ApplicationStatus,
  type Step,
} from './application-status.js';
import type { ApplicationPatch, ApplicationStore } from './application-store.js';
import type { Applicant, BankDirectory, EnterpriseDirectory } from '../bank-directory.js';
import {
  BANK_EVENT_TARGET,
  institutionActor,
  type ActorType,
  type ApplicationEvent,
  type ApplicationFilter,
  type LedgerEntry,
  type LoanApplication,
} from './loan-application.js';
import { compareDecimal, compareMoney } from '../../platform/money.js';
import { assertApprovalWithinProduct, ledgerTotals } from './ledger-limits.js';
import type { FinancingDemand } from '../demands/financing-demand.js';
import type { ApplicationConsentPort } from '../ports.js';
import type { ProductStore } from '../products/product-store.js';

export const BANK_ADAPTER_CHANNEL = 'bank_adapter';
export const SUBMIT_TOPIC = 'loan_application.submit';
export const CANCEL_TOPIC = 'loan_application.cancel';

export interface Actor {
  type: ActorType;
  id: string;
}

export interface ApplicationDetail {
  application: LoanApplication;
  applicant: Applicant;
  events: ApplicationEvent[];
  ledger: LedgerEntry[];
}

export interface ApplicationPage {
  items: { application: LoanApplication; applicant: Applicant }[];
  total: number;
}

/** What applying a bank event did. `stale` events changed nothing (already past, or a repeat). */
export type BankEventOutcome =
  | { result: 'applied'; status: ApplicationStatus; steps: Step[] }
  | { result: 'recorded'; status: ApplicationStatus }
  | { result: 'stale'; status: ApplicationStatus };

export interface ApplicationServiceDeps {
  db: Db;
  transaction: TransactionRunner;
  applications: ApplicationStore;
  products: ProductStore;
  outbox: OutboxStore;
  consents: ApplicationConsentPort;
  banks: BankDirectory;
  enterprises: EnterpriseDirectory;
  clock: Clock;
  /** How long the `loan_application` grant created on submission stays valid. */
  consentValidityDays: number;
  /** Drafts and unaccepted submissions untouched this long expire. */
  expireDays: number;
}

export interface ApplyInput {
  productId: string;
  amount: string;
  termMonths: number;
  purpose: string;
  /** False keeps the application as a DRAFT. */
  submit: boolean;
}

export interface DecisionInput {
  decision: 'approve' | 'reject' | 'request_action';
  expectedVersion?: number;
  approval?: { amount: string; rate: string; termMonths: number };
  rejection?: { reason: NonNullable<LoanApplication['rejectionReason']>; description: string };
  action?: { type: NonNullable<LoanApplication['actionType']>; description: string };
}

const invalidTransition = (from: ApplicationStatus, what: string) =>
  conflict('INVALID_TRANSITION', `当前状态（${from}）下不能${what}`);
const concurrentlyModified = () => conflict('APPLICATION_MODIFIED', '申请已被他人更新，请刷新后重试');

/** Steps an officer's action may take implicitly on the way to its target. */
const IMPLICIT_FOR_OFFICER: ReadonlySet<ApplicationAction> = new Set(['start_review', 'contract']);

/**
 * Loan applications (贷款申请): the only writer of `status`. Every move is looked up in the
 * transition table, written with an optimistic version check and recorded as an event row in
 * the same transaction; messages to the bank go through the outbox in that transaction too.
 */
export class LoanApplicationService {
  constructor(private readonly deps: ApplicationServiceDeps) {}

  // ---- SME ----

  async apply(enterprise: Principal, input: ApplyInput): Promise<ApplicationDetail> {
    const enterpriseId = this.enterpriseOf(enterprise);
    const { transaction, products, applications } = this.deps;
    const id = await transaction(async (tx) => {
      const product = await products.findById(tx, input.productId);
      if (!product || product.status !== 'published') {
        throw unprocessable('PRODUCT_NOT_AVAILABLE', '该金融产品不存在或未上架', [
          { field: 'productId', code: 'PRODUCT_NOT_AVAILABLE', message: '该金融产品不存在或未上架' },
        ]);
      }
      const errors = [];
      if (compareMoney(input.amount, product.minAmount) < 0 || compareMoney(input.amount, product.maxAmount) > 0) {
        errors.push({ field: 'amount', code: 'AMOUNT_OUT_OF_RANGE', message: `申请金额须在 ${product.minAmount} 至 ${product.maxAmount} 元之间` });
      }
      if (input.termMonths < product.minTermMonths || input.termMonths > product.maxTermMonths) {
        errors.push({ field: 'termMonths', code: 'TERM_OUT_OF_RANGE', message: `期限须在 ${product.minTermMonths} 至 ${product.maxTermMonths} 个月之间` });
      }
      if (errors.length) throw unprocessable('APPLICATION_OUT_OF_PRODUCT_RANGE', errors.map((e) => e.message).join('；'), errors);
      const created = await applications.insert(tx, {
        enterpriseId,
        bankId: product.bankId,
        productId: product.id,
        amount: input.amount,
        termMonths: input.termMonths,
        purpose: input.purpose,
        status: 'DRAFT',
        firstLoan: !(await applications.hasDisbursedLoan(tx, enterpriseId)),
      });
      const actor: Actor = { type: 'enterprise', id: enterprise.userId };
      await this.recordEvent(tx, created, null, 'DRAFT', 'create', actor, null, {});
      if (input.submit) await this.submitWithin(tx, created, actor);
      return created.id;
    });
    return this.detail(this.deps.db, id);
  }

  async submit(enterprise: Principal, id: string): Promise<ApplicationDetail> {
    await this.deps.transaction(async (tx) => {
      const application = await this.ownedBy(tx, enterprise, id);
      await this.submitWithin(tx, application, { type: 'enterprise', id: enterprise.userId });
    });
    return this.detail(this.deps.db, id);
  }

  async withdraw(enterprise: Principal, id: string, reason: string): Promise<ApplicationDetail> {
    await this.deps.transaction(async (tx) => {
      const application = await this.ownedBy(tx, enterprise, id);
      // `move` updates `application.status`, so whether the bank ever saw it is read before.
      const bankHasIt = application.status !== 'DRAFT';
      await this.move(tx, application, 'withdraw', 'enterprise', { type: 'enterprise', id: enterprise.userId }, reason, {});
      const bank = await this.deps.banks.findById(tx, application.bankId);
      if (bank && bankHasIt && this.deps.banks.hasAdapter(bank.code)) {
        await this.deps.outbox.enqueue(tx, {
          channel: BANK_ADAPTER_CHANNEL,
          target: bank.code,
          topic: CANCEL_TOPIC,
          messageKey: `loan-application:${id}:cancel`,
          payload: { applicationId: id, bankReference: application.bankReference, reason } satisfies CancelPayload,
        });
      }
    });
    return this.detail(this.deps.db, id);
  }

  async listForEnterprise(enterprise: Principal, filter: Omit<ApplicationFilter, 'enterpriseId' | 'bankId'>): Promise<ApplicationPage> {
    return this.withApplicants(await this.deps.applications.list(this.deps.db, { ...filter, enterpriseId: this.enterpriseOf(enterprise) }));
  }

  async getForEnterprise(enterprise: Principal, id: string): Promise<ApplicationDetail> {
    await this.ownedBy(this.deps.db, enterprise, id);
    return this.detail(this.deps.db, id);
  }

  // ---- bank officer ----

  async listForBank(officer: Principal, filter: Omit<ApplicationFilter, 'enterpriseId' | 'bankId'>): Promise<ApplicationPage> {
    return this.withApplicants(await this.deps.applications.list(this.deps.db, { ...filter, bankId: this.bankOf(officer) }));
  }

  private async withApplicants(page: { items: LoanApplication[]; total: number }): Promise<ApplicationPage> {
    const applicants = await this.deps.enterprises.summaries(this.deps.db, [...new Set(page.items.map((a) => a.enterpriseId))]);
    return {
      items: page.items.map((application) => {
        const applicant = applicants.get(application.enterpriseId);
        if (!applicant) throw new Error(`application ${application.id}: enterprise ${application.enterpriseId} not found`);
        return { application, applicant };
      }),
      total: page.total,
    };
  }

  async getForBank(officer: Principal, id: string): Promise<ApplicationDetail> {
    await this.ofBank(this.deps.db, officer, id);
    return this.detail(this.deps.db, id);
  }

  /** The applicant's credit profile through the consent gate; called outside any transaction (the gate holds its own connection, PGlite has one). */
  async profileForBank(officer: Principal, id: string, requestId: string): Promise<Record<string, unknown>> {
    const application = await this.deps.transaction((tx) => this.ofBank(tx, officer, id));
    return this.deps.consents.readProfileForApplication(this.deps.db, {
      bankId: application.bankId,
      reader: officer,
      enterpriseId: application.enterpriseId,
      applicationId: id,
      requestId,
    });
  }

  async accept(officer: Principal, id: string, expectedVersion?: number): Promise<ApplicationDetail> {
    return this.officerEvent(officer, id, expectedVersion, { type: 'accepted' });
  }

  async decide(officer: Principal, id: string, input: DecisionInput): Promise<ApplicationDetail> {
    const event =
      input.decision === 'approve'
        ? ({ type: 'approved', approval: input.approval } as const)
        : input.decision === 'reject'
          ? ({ type: 'rejected', rejection: input.rejection } as const)
          : ({ type: 'action_required', action: input.action } as const);
    return this.officerEvent(officer, id, input.expectedVersion, event);
  }

  /** For banks without callbacks: the officer records a disbursement (tranche) or a repayment. */
  async recordLedger(
    officer: Principal,
    id: string,
    entry: LedgerEntry & { closesLoan?: boolean },
    expectedVersion?: number,
  ): Promise<ApplicationDetail> {
    const { closesLoan, ...ledger } = entry;
    const type = ledger.kind === 'disbursement' ? 'disbursed' : closesLoan ? 'closed' : 'repaid';
    return this.officerEvent(officer, id, expectedVersion, { type, entry: ledger });
  }

  private async officerEvent(
    officer: Principal,
    id: string,
    expectedVersion: number | undefined,
    event: Omit<BankEvent, 'eventId' | 'applicationId' | 'occurredAt'>,
  ): Promise<ApplicationDetail> {
    await this.deps.transaction(async (tx) => {
      const application = await this.ofBank(tx, officer, id);
      if (expectedVersion !== undefined && expectedVersion !== application.version) throw concurrentlyModified();
      const actor = institutionActor(officer);
      const full: BankEvent = { ...event, eventId: `${actor.type}:${actor.id}`, applicationId: id, occurredAt: this.deps.clock.now() };
      await this.applyBankEvent(tx, application, full, actor, 'strict');
    });
    return this.detail(this.deps.db, id);
  }

  // ---- bank systems (callbacks, polling) ----

  /**
   * Applies what a bank reports. Out-of-order events walk the shortest legal chain to their
   * target (each step an event row); an event whose target lies behind the current status only
   * merges the data it carries (late approval terms, an extra tranche) or changes nothing.
   * In `strict` mode (officers) only `start_review`/`contract` may be implied and an unreachable
   * target is a 409.
   */
  async applyBankEvent(
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
        throw invalidTransition(application.status, `执行“${event.type}”`);
      }
      if (path.slice(0, -1).some((s) => !IMPLICIT_FOR_OFFICER.has(s.action))) throw invalidTransition(application.status, `执行“${event.type}”`);
      if (event.type === 'approved' && !event.approval) throw unprocessable('APPROVAL_TERMS_REQUIRED', '批准时须给出金额、利率和期限');
      if (event.approval) await assertApprovalWithinProduct(tx, this.deps.products, application, event.approval);
    }
    const patch: ApplicationPatch = { lastBankContactAt: now };
    const data: Record<string, unknown> = { bankEventId: event.eventId };
    if (event.bankReference && !application.bankReference) patch.bankReference = event.bankReference;
    const approvalChanged =
      event.approval !== undefined &&
      (application.approvedAmount === null ||
        compareMoney(event.approval.amount, application.approvedAmount) !== 0 ||
        compareDecimal(event.approval.rate, application.approvedRate ?? '0') !== 0 ||
        event.approval.termMonths !== application.approvedTermMonths);
    // Terms move with the status; a late (stale) approval only fills terms still missing.
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
    if (event.action && path) {
      patch.actionType = event.action.type;
      patch.bankNote = event.action.description;
      data.action = event.action;
    }
    if (event.entry) {
      const kind = event.type === 'disbursed' ? 'disbursement' : 'repayment';
      if (await applications.addLedgerEntry(tx, application.id, { kind, ...event.entry })) {
        Object.assign(patch, ledgerTotals(application, kind, event.entry, patch.approvedAmount ?? application.approvedAmount, now));
        data.entry = { kind, ...event.entry };
      }
    }
    const dataChanged = Object.keys(data).length > 1;
    if (!path || path.length === 0) {
      if (!dataChanged) {
        await applications.updateDetails(tx, application.id, { lastBankContactAt: now, bankReference: patch.bankReference });
        return { result: 'stale', status: application.status };
      }
      await this.writeMove(tx, application, application.status, patch, now);
      await this.recordEvent(tx, application, application.status, application.status, 'record', actor, null, data, now);
      return { result: 'recorded', status: application.status };
    }
    for (const step of path) {
      if (step.to === 'ACCEPTED') patch.acceptedAt = now;
      if (step.to === 'APPROVED' || step.to === 'REJECTED') patch.decidedAt = now;
    }
    await this.writeMove(tx, application, target, patch, now);
    for (const step of path) {
      const last = step.to === target;
      await this.recordEvent(tx, application, step.from, step.to, step.action, actor, last ? this.reasonOf(event) : null, last ? data : { bankEventId: event.eventId, implied: true }, now);
    }
    return { result: 'applied', status: target, steps: path };
  }

  /**
   * The application behind a financing demand a bank just took: created, submitted on the SME's
   * behalf (posting the demand was its request) and accepted by the winning bank, in `tx`.
   */
  async openFromDemand(tx: DbOrTrx, demand: FinancingDemand, officer: Principal): Promise<LoanApplication> {
    const bankId = this.bankOf(officer);
    const created = await this.deps.applications.insert(tx, {
      enterpriseId: demand.enterpriseId,
      bankId,
      productId: null,
      amount: demand.amount,
      termMonths: demand.termMonths,
      purpose: demand.purpose,
      status: 'DRAFT',
      firstLoan: !(await this.deps.applications.hasDisbursedLoan(tx, demand.enterpriseId)),
    });
    const onBehalf: Actor = { type: 'enterprise', id: `financing-demand:${demand.id}` };
    await this.recordEvent(tx, created, null, 'DRAFT', 'create', onBehalf, null, { financingDemandId: demand.id });
    await this.submitWithin(tx, created, onBehalf);
    const actor = institutionActor(officer);
    const event: BankEvent = { eventId: `${actor.type}:${actor.id}`, applicationId: created.id, type: 'accepted', occurredAt: this.deps.clock.now() };
    await this.applyBankEvent(tx, created, event, actor, 'strict');
    return created;
  }

  /**
   * The expiry job: drafts and submissions no bank has accepted, untouched for `expireDays`,
   * expire. Each expiry is its own transaction; one that lost a race to a bank event is skipped.
   */
  async expireUntouched(limit = 500): Promise<number> {
    const { applications, clock, transaction, expireDays: days } = this.deps;
    const before = new Date(clock.now().getTime() - days * 86_400_000);
    let expired = 0;
    for (const candidate of await applications.listUntouched(this.deps.db, ['DRAFT', 'SUBMITTED'], before, limit)) {
      try {
        await transaction((tx) => this.move(tx, candidate, 'expire', 'system', { type: 'system', id: 'expiry-job' }, `超过${days}天未处理`, {}));
        expired += 1;
      } catch (error) {
        if (!(error instanceof DomainError && error.kind === 'conflict')) throw error;
      }
    }
    return expired;
  }

  /** Notes that the bank acknowledged the submission (its own reference for the application). */
  async recordSubmissionReceipt(applicationId: string, bankReference: string): Promise<void> {
    await this.deps.applications.updateDetails(this.deps.db, applicationId, {
      bankReference,
      lastBankContactAt: this.deps.clock.now(),
    });
  }

  async detail(db: DbOrTrx, id: string): Promise<ApplicationDetail> {
    const application = await this.deps.applications.findById(db, id);
    if (!application) throw notFound('APPLICATION_NOT_FOUND', '贷款申请不存在');
    const [events, ledger, applicant] = await Promise.all([
      this.deps.applications.listEvents(db, id),
      this.deps.applications.listLedger(db, id),
      this.deps.enterprises.summary(db, application.enterpriseId),
    ]);
    return { application, applicant, events, ledger };
  }

  // ---- the writer ----

  /** Submission: the transition, the consent grant to the bank and the outbox message, in `tx`. */
  private async submitWithin(tx: DbOrTrx, application: LoanApplication, actor: Actor): Promise<void> {
    const { consents, banks, outbox, enterprises, products, clock } = this.deps;
    const now = clock.now();
    const { grantId } = await consents.grantForApplication(tx, {
      enterpriseId: application.enterpriseId,
      bankId: application.bankId,
      applicationId: application.id,
      validUntil: new Date(now.getTime() + this.deps.consentValidityDays * 86_400_000),
      grantedBy: actor.id,
    });
    await this.move(tx, application, 'submit', 'enterprise', actor, null, { consentGrantId: grantId }, {
      submittedAt: now,
      consentGrantId: grantId,
    });
    const bank = await banks.findById(tx, application.bankId);
    if (!bank || !banks.hasAdapter(bank.code)) return;
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
      messageKey: `loan-application:${application.id}:submit`,
      payload,
    });
  }

  /** One table-checked move, recorded. Throws 409 on an illegal move or a lost version race. */
  async move(
    tx: DbOrTrx,
    application: LoanApplication,
    action: ApplicationAction,
    party: ActionParty,
    actor: Actor,
    reason: string | null,
    details: Record<string, unknown>,
    patch: ApplicationPatch = {},
  ): Promise<ApplicationStatus> {
    const to = transitionFor(action, application.status, party);
    if (!to) throw invalidTransition(application.status, `执行“${action}”`);
    const now = this.deps.clock.now();
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

  private recordEvent(
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
    return this.deps.applications.insertEvent(tx, {
      applicationId: application.id,
      fromStatus: from,
      toStatus: to,
      action,
      actorType: actor.type,
      actorId: actor.id,
      reason,
      details,
      occurredAt: at,
    });
  }

  private reasonOf(event: BankEvent): string | null {
    return event.rejection?.reason ?? event.action?.type ?? null;
  }

  private enterpriseOf(principal: Principal): string {
    if (!principal.enterpriseId) throw forbidden('ENTERPRISE_REQUIRED', '仅企业账号可操作');
    return principal.enterpriseId;
  }

  private bankOf(principal: Principal): string {
    if (!principal.institutionId) throw forbidden('BANK_REQUIRED', '仅银行账号可操作');
    return principal.institutionId;
  }

  private async ownedBy(tx: DbOrTrx, enterprise: Principal, id: string): Promise<LoanApplication> {
    const application = await this.deps.applications.findById(tx, id);
    if (!application || application.enterpriseId !== this.enterpriseOf(enterprise)) throw notFound('APPLICATION_NOT_FOUND', '贷款申请不存在');
    return application;
  }

  private async ofBank(tx: DbOrTrx, officer: Principal, id: string): Promise<LoanApplication> {
    const application = await this.deps.applications.findById(tx, id);
    if (!application || application.bankId !== this.bankOf(officer)) throw notFound('APPLICATION_NOT_FOUND', '贷款申请不存在');
    return application;
  }
}
