import type { BankEvent } from '../../../bank-adapters/port.js';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import { DomainError, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { keysetPage, unknownCursor } from '../../platform/keyset-page.js';
import { compareMoney, yuanText } from '../../platform/money.js';
import type { Principal } from '../../platform/roles.js';
import type { Sm4FieldCipher } from '../../platform/national-crypto.js';
import { checkTerms, defaultTerms, type ConsentTerms, type ConsentTermsOffer } from '../consent-terms.js';
import type { BankAccess } from './bank-access.js';
import type { CaseFileStore } from './case-file-store.js';
import { CaseFiles, type CaseFileProfile } from './case-files.js';
import type { Applicant, EnterpriseDirectory } from '../bank-directory.js';
import type { ApplicationConsentPort } from './ports.js';
import type { ProductStore } from '../products/product-store.js';
import { concurrentlyModified, type Actor, type ApplicationStateMachine } from './application-state-machine.js';
import type { ApplicationStore } from './application-store.js';
import { institutionActor, type ApplicationEvent, type ApplicationFilter, type LedgerEntry, type LoanApplication, type StartupLoanDeclaration } from './loan-application.js';

export interface ApplicationDetail {
  application: LoanApplication;
  applicant: Applicant;
  events: ApplicationEvent[];
  ledger: LedgerEntry[];
}

export interface ApplicationPage {
  items: { application: LoanApplication; applicant: Applicant }[];
  total: number;
  /** Keyset paging only: the cursor of the next page (the last item's id), null on the last. */
  nextBefore?: string | null;
}

export interface ApplicationServiceDeps {
  db: Db;
  transaction: TransactionRunner;
  /** Reads only: every write goes through `machine`. */
  applications: ApplicationStore;
  products: ProductStore;
  machine: ApplicationStateMachine;
  consents: ApplicationConsentPort;
  enterprises: EnterpriseDirectory;
  /** Who may act for an application's bank (head office, or the branch it is assigned to). */
  access: BankAccess;
  /** 案卷: ONETIME reads kept per application. */
  caseFiles: CaseFileStore;
  cipher: Pick<Sm4FieldCipher, 'encrypt' | 'decrypt'>;
  clock: Clock;
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
  /** What the bank may read; absent: the default terms. */
  consent?: ConsentTerms;
  startupLoan?: StartupLoanDeclaration;
}

export interface DecisionInput {
  decision: 'approve' | 'reject' | 'request_action';
  expectedVersion?: number;
  approval?: { amount: string; rate: string; termMonths: number };
  rejection?: { reason: NonNullable<LoanApplication['rejectionReason']>; description: string };
  action?: { type: NonNullable<LoanApplication['actionType']>; description: string };
  /** 审批意见 on an approval: kept on the decision's event, which the SME's timeline shows. */
  note?: string;
}

/**
 * A step of the caller's that commits or rolls back with a write, run last in its transaction
 * with the application's id (an `Idempotency-Key` claim marked applied, 0060).
 */
export type WithTheWrite = (tx: DbOrTrx, applicationId: string) => Promise<void>;

/** What a financing demand taken by a bank carries into its application. */
export interface TakenDemand {
  id: string;
  enterpriseId: string;
  amount: string;
  termMonths: number;
  purpose: string;
  /** The terms the enterprise chose when posting the demand; null: the defaults. */
  consentTerms: ConsentTerms | null;
}

/**
 * Loan applications (贷款申请) as SMEs and bank officers use them: who may see and do what, and
 * the reads. Every write is a move of the state machine (`application-state-machine.ts`).
 */
export class LoanApplicationService {
  private readonly caseFiles: CaseFiles;

  constructor(private readonly deps: ApplicationServiceDeps) {
    this.caseFiles = new CaseFiles({ db: deps.db, consents: deps.consents, store: deps.caseFiles, cipher: deps.cipher, clock: deps.clock });
  }

  // ---- SME ----

  /** What the enterprise may choose for the bank's reads (数据授权范围, 期限, 频次) and the defaults. */
  consentOffer(): ConsentTermsOffer {
    return this.deps.machine.consentOffer();
  }

  /** The terms as the enterprise chose them, refused (422) below the required scopes or outside the period. */
  termsOf(chosen: ConsentTerms | null | undefined): ConsentTerms {
    const offer = this.consentOffer();
    return checkTerms(chosen ?? defaultTerms(offer), offer);
  }

  async apply(enterprise: Principal, input: ApplyInput, withTheWrite?: WithTheWrite): Promise<ApplicationDetail> {
    const enterpriseId = this.enterpriseOf(enterprise);
    const { transaction, products, machine } = this.deps;
    const terms = this.termsOf(input.consent);
    const id = await transaction(async (tx) => {
      const product = await products.findById(tx, input.productId);
      if (!product || product.status !== 'published') {
        throw unprocessable('PRODUCT_NOT_AVAILABLE', '该金融产品不存在或未上架', [
          { field: 'productId', code: 'PRODUCT_NOT_AVAILABLE', message: '该金融产品不存在或未上架' },
        ]);
      }
      const errors = [];
      if (compareMoney(input.amount, product.minAmount) < 0 || compareMoney(input.amount, product.maxAmount) > 0) {
        errors.push({ field: 'amount', code: 'AMOUNT_OUT_OF_RANGE', message: `申请金额须在 ${yuanText(product.minAmount)}至 ${yuanText(product.maxAmount)}之间` });
      }
      if (input.termMonths < product.minTermMonths || input.termMonths > product.maxTermMonths) {
        errors.push({ field: 'termMonths', code: 'TERM_OUT_OF_RANGE', message: `期限须在 ${product.minTermMonths} 至 ${product.maxTermMonths} 个月之间` });
      }
      if (errors.length) throw unprocessable('APPLICATION_OUT_OF_PRODUCT_RANGE', errors.map((e) => e.message).join('；'), errors);
      const actor: Actor = { type: 'enterprise', id: enterprise.userId };
      const created = await machine.open(
        tx,
        { enterpriseId, bankId: product.bankId, productId: product.id, amount: input.amount, termMonths: input.termMonths, purpose: input.purpose, startupLoan: input.startupLoan ?? null },
        actor,
        {},
      );
      if (input.submit) await machine.submit(tx, created, actor, terms);
      await withTheWrite?.(tx, created.id);
      return created.id;
    });
    return this.detail(this.deps.db, id);
  }

  async submit(enterprise: Principal, id: string): Promise<ApplicationDetail> {
    await this.deps.transaction(async (tx) => {
      const application = await this.ownedBy(tx, enterprise, id);
      await this.deps.machine.submit(tx, application, { type: 'enterprise', id: enterprise.userId }, this.termsOf(undefined));
    });
    return this.detail(this.deps.db, id);
  }

  async withdraw(enterprise: Principal, id: string, reason: string): Promise<ApplicationDetail> {
    await this.deps.transaction(async (tx) => {
      const application = await this.ownedBy(tx, enterprise, id);
      await this.deps.machine.withdraw(tx, application, { type: 'enterprise', id: enterprise.userId }, reason);
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
    const assignedFirst = officer.clientId === undefined ? officer.userId : undefined;
    const { bankId, assignedAbove } = await this.deps.access.reach(this.deps.db, officer);
    if (filter.before === undefined) {
      return this.withApplicants(await this.deps.applications.list(this.deps.db, { ...filter, bankId, assignedAbove, assignedFirst }));
    }
    // The cursor is one of the bank's applications, whatever the filter now says of it (it may have left `status`).
    await this.ofBank(this.deps.db, officer, filter.before).catch((error: unknown) => {
      throw error instanceof DomainError && error.code === 'APPLICATION_NOT_FOUND' ? unknownCursor('before', '贷款申请', 'nextBefore') : error;
    });
    const rows = await this.deps.applications.list(this.deps.db, { ...filter, bankId, assignedAbove });
    const { items, next } = keysetPage(rows.items, filter.pageSize);
    return { ...(await this.withApplicants({ items, total: rows.total })), nextBefore: next };
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

  /** The applicant's credit profile through the consent gate, under the application's grant to its bank; ONETIME reads go to the bank's case file. */
  async profileForBank(officer: Principal, id: string, requestId: string): Promise<CaseFileProfile> {
    const application = await this.deps.transaction((tx) => this.ofBank(tx, officer, id));
    const { enterpriseId, bankId: institutionId, consentGrantId: grantId } = application;
    return this.caseFiles.read(officer, { applicationId: id, enterpriseId, institutionId, grantId }, requestId);
  }

  async accept(officer: Principal, id: string, expectedVersion?: number, withTheWrite?: WithTheWrite): Promise<ApplicationDetail> {
    return this.officerEvent(officer, id, expectedVersion, { type: 'accepted' }, withTheWrite);
  }

  async decide(officer: Principal, id: string, input: DecisionInput, withTheWrite?: WithTheWrite): Promise<ApplicationDetail> {
    const event =
      input.decision === 'approve'
        ? ({ type: 'approved', approval: input.approval, note: input.note || undefined } as const)
        : input.decision === 'reject'
          ? ({ type: 'rejected', rejection: input.rejection } as const)
          : ({ type: 'action_required', action: input.action } as const);
    return this.officerEvent(officer, id, input.expectedVersion, event, withTheWrite);
  }

  /** For banks without callbacks: the officer records a disbursement (tranche) or a repayment. */
  async recordLedger(
    officer: Principal,
    id: string,
    entry: LedgerEntry & { closesLoan?: boolean },
    expectedVersion?: number,
    withTheWrite?: WithTheWrite,
  ): Promise<ApplicationDetail> {
    const { closesLoan, ...ledger } = entry;
    const type = ledger.kind === 'disbursement' ? 'disbursed' : closesLoan ? 'closed' : 'repaid';
    return this.officerEvent(officer, id, expectedVersion, { type, entry: ledger }, withTheWrite);
  }

  private async officerEvent(
    officer: Principal,
    id: string,
    expectedVersion: number | undefined,
    event: Omit<BankEvent, 'eventId' | 'applicationId' | 'occurredAt'>,
    withTheWrite?: WithTheWrite,
  ): Promise<ApplicationDetail> {
    await this.deps.transaction(async (tx) => {
      // Under the row lock, as a callback is: a repeat racing the first call (a retry after a
      // timeout) sees what the first did, not a version it never sent (APPLICATION_MODIFIED).
      const application = await this.deps.access.application(tx, officer, id, { forUpdate: true });
      if (expectedVersion !== undefined && expectedVersion !== application.version) throw concurrentlyModified();
      const actor = institutionActor(officer);
      const full: BankEvent = { ...event, eventId: `${actor.type}:${actor.id}`, applicationId: id, occurredAt: this.deps.clock.now() };
      await this.deps.machine.applyOfficerEvent(tx, application, full, actor);
      await withTheWrite?.(tx, id);
    });
    return this.detail(this.deps.db, id);
  }

  // ---- guarantee company (through the guarantees feature, which checks the company) ----

  /** The guarantee company's decision, in the caller's transaction, so the guarantee row and the application move together. */
  async recordGuaranteeDecision(tx: DbOrTrx, id: string, decision: 'grant' | 'decline', actor: Actor, reason: string | null): Promise<void> {
    const application = await this.deps.applications.findById(tx, id, { forUpdate: true });
    if (!application) throw notFound('APPLICATION_NOT_FOUND', '贷款申请不存在');
    await this.deps.machine.decideGuarantee(tx, application, decision, actor, reason);
  }

  /**
   * The applicant's profile for an institution the application's grant names (the guarantee
   * company), through the consent gate; ONETIME reads go to that institution's case file, as the bank's do.
   */
  async profileForInstitution(reader: Principal, institutionId: string, id: string, requestId: string): Promise<CaseFileProfile> {
    const application = await this.deps.applications.findById(this.deps.db, id);
    if (!application) throw notFound('APPLICATION_NOT_FOUND', '贷款申请不存在');
    // The guarantee company's grant is not on the application row: submission recorded it on its
    // event, so the read is checked, spent and logged under this application's grant alone.
    const events = await this.deps.applications.listEvents(this.deps.db, id);
    const grantId = events.map((e) => e.details).find((d) => d?.guaranteeCompanyId === institutionId && typeof d.guaranteeConsentGrantId === 'string')?.guaranteeConsentGrantId;
    if (typeof grantId !== 'string') {
      return this.deps.consents.refuseUngranted(this.deps.db, { bankId: institutionId, reader, enterpriseId: application.enterpriseId, requestId });
    }
    return this.caseFiles.read(reader, { applicationId: id, enterpriseId: application.enterpriseId, institutionId, grantId }, requestId);
  }

  /**
   * The application behind a financing demand a bank just took: created, submitted on the SME's
   * behalf (posting the demand was its request) and accepted by the winning bank, in `tx`.
   */
  async openFromDemand(tx: DbOrTrx, demand: TakenDemand, officer: Principal): Promise<LoanApplication> {
    const { machine } = this.deps;
    const onBehalf: Actor = { type: 'enterprise', id: `financing-demand:${demand.id}` };
    const created = await machine.open(
      tx,
      { enterpriseId: demand.enterpriseId, bankId: this.bankOf(officer), productId: null, amount: demand.amount, termMonths: demand.termMonths, purpose: demand.purpose },
      onBehalf,
      { financingDemandId: demand.id },
    );
    await machine.submit(tx, created, onBehalf, this.termsOf(demand.consentTerms));
    const actor = institutionActor(officer);
    const event: BankEvent = { eventId: `${actor.type}:${actor.id}`, applicationId: created.id, type: 'accepted', occurredAt: this.deps.clock.now() };
    await machine.applyOfficerEvent(tx, created, event, actor);
    return created;
  }

  /**
   * The expiry job: drafts, applications waiting for the guarantee company and submissions no bank has accepted, untouched for `expireDays`,
   * expire. Each expiry is its own transaction; one that lost a race to a bank event is skipped.
   */
  async expireUntouched(limit = 500): Promise<number> {
    const { applications, clock, transaction, expireDays: days } = this.deps;
    const before = new Date(clock.now().getTime() - days * 86_400_000);
    let expired = 0;
    for (const candidate of await applications.listUntouched(this.deps.db, ['DRAFT', 'GUARANTEE_REVIEW', 'SUBMITTED'], before, limit)) {
      try {
        await transaction((tx) => this.deps.machine.expire(tx, candidate, `超过${days}天未处理`));
        expired += 1;
      } catch (error) {
        if (!(error instanceof DomainError && error.kind === 'conflict')) throw error;
      }
    }
    return expired;
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

  /**
   * The applicant's other applications on the platform, for the officer's risk summary: counts per
   * status and of banks only. Which banks, amounts and terms stay with each bank (their
   * confidential business); what the officer learns is how much the firm is seeking elsewhere.
   */
  /**
   * The applicant's other applications, counted: part of the officer's 风险摘要 beside the case file,
   * so told only while the application's grant to the bank holds, as the case file is (decision
   * 0063); a refusal is kept for the enterprise's 查询记录.
   */
  async otherApplicationsForBank(officer: Principal, id: string, requestId: string) {
    const { db, applications, consents } = this.deps;
    const application = await this.ofBank(db, officer, id);
    const { enterpriseId, bankId, consentGrantId: grantId } = application;
    if (grantId === null) await consents.refuseUngranted(db, { bankId, reader: officer, enterpriseId, requestId });
    else await consents.assertGrantLive(db, { grantId, bankId, reader: officer, enterpriseId, requestId });
    return applications.countOthers(db, enterpriseId, application.id);
  }

  /** Whether the officer may act for the application's bank: its own people, or a branch it is assigned to (BankAccess). */
  async bankReaches(officer: Principal, id: string): Promise<boolean> {
    const application = await this.deps.applications.findById(this.deps.db, id);
    return application !== undefined && (await this.deps.access.mayActFor(this.deps.db, officer, application));
  }

  private ofBank(tx: DbOrTrx, officer: Principal, id: string): Promise<LoanApplication> {
    return this.deps.access.application(tx, officer, id);
  }
}
