import type { Clock } from '../../platform/clock.js';
import { DomainError } from '../../platform/errors.js';
import { compareMoney, fromFen, toFen } from '../../platform/money.js';
import type { NewOutboxMessage } from '../../platform/outbox/outbox-message.js';
import type { OutboxStore } from '../../platform/outbox/outbox-store.js';
import { OPEN_STATUSES } from './application-status.js';
import type { ApplicationStore } from './application-store.js';
import type { CaseFileEntry, CaseFileStore } from './case-file-store.js';
import type { ApplicationEvent, LedgerEntry, LoanApplication } from './loan-application.js';
import type { DbOrTrx } from '../../db/database.js';
import type { ApplicationConsentPort, GuaranteeChange, GuaranteedApplication, GuaranteePort } from './ports.js';

/** In-memory ApplicationStore for unit tests: same contract, including the version check. */
export class FakeApplicationStore implements ApplicationStore {
  readonly rows = new Map<string, LoanApplication>();
  readonly events: ApplicationEvent[] = [];
  readonly ledger: (LedgerEntry & { applicationId: string })[] = [];
  private sequence = 0;

  /** Rows are stamped by the same clock the service under test runs on. */
  constructor(private readonly clock: Clock) {}

  async insert(...[tx, a]: Parameters<ApplicationStore['insert']>) {
    if (a.productId && (await this.findOpen(tx, a.enterpriseId, a.productId))) return undefined;
    const now = this.clock.now();
    const row: LoanApplication = {
      ...a,
      startupLoan: a.startupLoan ?? null,
      id: `00000000-0000-4000-8000-${String(++this.sequence).padStart(12, '0')}`,
      version: 1,
      consentGrantId: null,
      bankReference: null,
      approvedAmount: null,
      approvedRate: null,
      approvedTermMonths: null,
      rejectionReason: null,
      actionType: null,
      bankNote: null,
      disbursedAmount: '0.00',
      repaidAmount: '0.00',
      createdAt: now,
      submittedAt: null,
      acceptedAt: null,
      decidedAt: null,
      lastBankContactAt: null,
      updatedAt: now,
    };
    this.rows.set(row.id, row);
    return { ...row };
  }
  async findOpen(...[, enterpriseId, productId]: Parameters<ApplicationStore['findOpen']>) {
    const row = [...this.rows.values()].find((r) => r.enterpriseId === enterpriseId && r.productId === productId && OPEN_STATUSES.includes(r.status));
    return row && { ...row };
  }
  async findById(...[, id]: Parameters<ApplicationStore['findById']>) {
    const row = this.rows.get(id);
    return row && { ...row };
  }
  async reachedBank(...[, id]: Parameters<ApplicationStore['reachedBank']>) {
    return this.events.some((e) => e.applicationId === id && e.toStatus === 'SUBMITTED');
  }
  async updateVersioned(...[, id, expectedVersion, patch, at]: Parameters<ApplicationStore['updateVersioned']>) {
    const row = this.rows.get(id);
    if (!row || row.version !== expectedVersion) return false;
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    this.rows.set(id, { ...row, ...defined, version: expectedVersion + 1, updatedAt: at });
    return true;
  }
  async updateDetails(...[, id, patch]: Parameters<ApplicationStore['updateDetails']>) {
    const row = this.rows.get(id)!;
    const defined = Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined));
    this.rows.set(id, { ...row, ...defined });
  }
  async insertEvent(...[, e]: Parameters<ApplicationStore['insertEvent']>) {
    this.events.push({ ...e, id: this.events.length + 1, actorName: null });
  }
  async listEvents(...[, applicationId]: Parameters<ApplicationStore['listEvents']>) {
    return this.events.filter((e) => e.applicationId === applicationId);
  }
  async list(...[, f]: Parameters<ApplicationStore['list']>) {
    const reached = (id: string) => this.events.some((e) => e.applicationId === id && e.toStatus === 'SUBMITTED');
    const items = [...this.rows.values()].filter((r) => (!f.enterpriseId || r.enterpriseId === f.enterpriseId) && (!f.bankId || (r.bankId === f.bankId && reached(r.id))));
    return { items, total: items.length };
  }
  async addLedgerEntry(...[, applicationId, entry]: Parameters<ApplicationStore['addLedgerEntry']>) {
    const existing = this.ledger.find((l) => l.applicationId === applicationId && l.kind === entry.kind && l.reference === entry.reference);
    if (existing) return { kind: existing.kind, reference: existing.reference, amount: existing.amount, occurredOn: existing.occurredOn };
    this.ledger.push({ ...entry, applicationId });
    return undefined;
  }
  async listLedger(...[, applicationId]: Parameters<ApplicationStore['listLedger']>) {
    return this.ledger.filter((l) => l.applicationId === applicationId);
  }
  async countOthers(...[, enterpriseId, exceptId]: Parameters<ApplicationStore['countOthers']>) {
    const others = [...this.rows.values()].filter((r) => r.enterpriseId === enterpriseId && r.id !== exceptId && r.status !== 'DRAFT');
    const counts = new Map<LoanApplication['status'], number>();
    for (const r of others) counts.set(r.status, (counts.get(r.status) ?? 0) + 1);
    return { byStatus: [...counts].sort(([a], [b]) => a.localeCompare(b)).map(([status, count]) => ({ status, count })), banks: new Set(others.map((r) => r.bankId)).size };
  }
  async hasDisbursedLoan(...[, enterpriseId]: Parameters<ApplicationStore['hasDisbursedLoan']>) {
    return [...this.rows.values()].some((r) => r.enterpriseId === enterpriseId && r.disbursedAmount !== '0.00');
  }
  async listUntouched(...[, statuses, before]: Parameters<ApplicationStore['listUntouched']>) {
    return [...this.rows.values()].filter((r) => statuses.includes(r.status) && r.updatedAt < before);
  }
  async listSilent() {
    return [];
  }
}

/** Records what was enqueued; a repeated message key is ignored, as in the real outbox. */
export class FakeOutbox implements Pick<OutboxStore, 'enqueue'> {
  readonly messages: NewOutboxMessage[] = [];
  async enqueue(...[, m]: Parameters<OutboxStore['enqueue']>) {
    if (!this.messages.some((x) => x.messageKey === m.messageKey)) this.messages.push(m);
  }
}

/** Grants every application and remembers them; profile reads need a grant. */
export class FakeConsentPort implements ApplicationConsentPort {
  readonly grants: Parameters<ApplicationConsentPort['grantForApplication']>[1][] = [];
  async grantForApplication(...[, g]: Parameters<ApplicationConsentPort['grantForApplication']>) {
    this.grants.push(g);
    return { grantId: `grant-${this.grants.length}` };
  }
  async readProfileForApplication(...[, r]: Parameters<ApplicationConsentPort['readProfileForApplication']>) {
    const index = this.grants.findIndex((g) => g.applicationId === r.applicationId && g.bankId === r.bankId);
    if (index < 0) throw new Error('no grant');
    return { profile: { enterpriseId: r.enterpriseId }, grantId: `grant-${index + 1}`, onetime: this.grants[index]!.terms.fetchType === 'ONETIME' };
  }
  readonly ended = new Set<string>();
  /** Refusals kept for 查询记录: who, for which applicant and request, and why. */
  readonly refused: { institutionId: string; enterpriseId: string; requestId: string; code: string }[] = [];
  async assertGrantLive(...[, c]: Parameters<ApplicationConsentPort['assertGrantLive']>) {
    if (this.ended.has(c.grantId)) this.refuse(c.bankId, c.enterpriseId, c.requestId, 'CONSENT_REVOKED');
  }
  async refuseUngranted(...[, r]: Parameters<ApplicationConsentPort['refuseUngranted']>): Promise<never> {
    this.refuse(r.bankId, r.enterpriseId, r.requestId, 'CONSENT_NOT_FOUND');
  }
  private refuse(institutionId: string, enterpriseId: string, requestId: string, code: string): never {
    this.refused.push({ institutionId, enterpriseId, requestId, code });
    throw new DomainError('forbidden', code, code);
  }
}

/** In-memory case files (案卷), keyed `applicationId:institutionId`: an institution's first snapshot of an application wins. */
export class FakeCaseFileStore implements CaseFileStore {
  readonly entries = new Map<string, CaseFileEntry>();
  async find(...[, applicationId, institutionId]: Parameters<CaseFileStore['find']>) {
    return this.entries.get(`${applicationId}:${institutionId}`);
  }
  async keep(...[, entry]: Parameters<CaseFileStore['keep']>) {
    const key = `${entry.applicationId}:${entry.institutionId}`;
    if (!this.entries.has(key)) this.entries.set(key, entry);
  }
}

/** The guarantee side for unit tests: products listed in `routes` are guaranteed; the decision is scripted. */
export class FakeGuaranteePort implements GuaranteePort {
  routes = new Map<string, { route: 'guarantee_first' | 'loan_first'; companyId: string }>();
  ineligible: string[] = [];
  automatic: { granted: boolean; reason: string | null } = { granted: true, reason: null };
  opened: string[] = [];
  settled: string[] = [];

  async routeOf(_tx: DbOrTrx, loanProductId: string) {
    return this.routes.get(loanProductId);
  }
  async open(_tx: DbOrTrx, application: GuaranteedApplication) {
    if (this.ineligible.length === 0) this.opened.push(application.id);
    return { reasons: this.ineligible };
  }
  /** The guaranteed amount of each granted guarantee, the whole loan (a 100 % share). */
  guaranteed = new Map<string, string>();

  async decideAutomatically(_tx: DbOrTrx, application: GuaranteedApplication, approvedAmount: string) {
    if (this.automatic.granted) this.guaranteed.set(application.id, fromFen(toFen(approvedAmount)));
    return this.automatic;
  }
  async followApproval(_tx: DbOrTrx, application: GuaranteedApplication, approvedAmount: string): Promise<GuaranteeChange | undefined> {
    const from = this.guaranteed.get(application.id);
    if (from === undefined || compareMoney(from, approvedAmount) === 0) return undefined;
    const to = fromFen(toFen(approvedAmount));
    this.guaranteed.set(application.id, to);
    return { companyId: this.routes.get(application.productId)?.companyId ?? '', from, to, due: to, note: `担保金额由 ${from} 调整为 ${to}` };
  }
  async loanSettled(_tx: DbOrTrx, applicationId: string) {
    this.settled.push(applicationId);
  }
}
