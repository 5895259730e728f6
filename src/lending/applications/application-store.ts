import type { DbOrTrx } from '../../db/database.js';
import { OPEN_STATUSES, type ApplicationStatus } from './application-status.js';
import type { ApplicationEvent, ApplicationFilter, LedgerEntry, LoanApplication, NewApplicationEvent, StartupLoanDeclaration } from './loan-application.js';

interface Row {
  id: string;
  enterprise_id: string;
  bank_id: string;
  product_id: string | null;
  amount: string;
  term_months: number;
  purpose: string;
  startup_loan: StartupLoanDeclaration | null;
  status: ApplicationStatus;
  version: number;
  first_loan: boolean;
  consent_grant_id: string | null;
  bank_reference: string | null;
  approved_amount: string | null;
  approved_rate: string | null;
  approved_term_months: number | null;
  rejection_reason: LoanApplication['rejectionReason'];
  action_type: LoanApplication['actionType'];
  bank_note: string | null;
  disbursed_amount: string;
  repaid_amount: string;
  created_at: Date;
  submitted_at: Date | null;
  accepted_at: Date | null;
  decided_at: Date | null;
  last_bank_contact_at: Date | null;
  updated_at: Date;
}

const toApplication = (r: Row): LoanApplication => ({
  id: r.id,
  enterpriseId: r.enterprise_id,
  bankId: r.bank_id,
  productId: r.product_id,
  amount: r.amount,
  termMonths: r.term_months,
  purpose: r.purpose,
  startupLoan: r.startup_loan ?? null,
  status: r.status,
  version: r.version,
  firstLoan: r.first_loan,
  consentGrantId: r.consent_grant_id,
  bankReference: r.bank_reference,
  approvedAmount: r.approved_amount,
  approvedRate: r.approved_rate,
  approvedTermMonths: r.approved_term_months,
  rejectionReason: r.rejection_reason,
  actionType: r.action_type,
  bankNote: r.bank_note,
  disbursedAmount: r.disbursed_amount,
  repaidAmount: r.repaid_amount,
  createdAt: r.created_at,
  submittedAt: r.submitted_at,
  acceptedAt: r.accepted_at,
  decidedAt: r.decided_at,
  lastBankContactAt: r.last_bank_contact_at,
  updatedAt: r.updated_at,
});

const SNAKE: Record<string, string> = {};
const snake = (key: string) => (SNAKE[key] ??= key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));

export type ApplicationPatch = Partial<Omit<LoanApplication, 'id' | 'enterpriseId' | 'bankId' | 'version' | 'createdAt'>>;

export interface NewApplication {
  enterpriseId: string;
  bankId: string;
  productId: string | null;
  amount: string;
  termMonths: number;
  purpose: string;
  startupLoan?: StartupLoanDeclaration | null;
  status: ApplicationStatus;
  firstLoan: boolean;
}

export interface ApplicationStore {
  /** Undefined when the enterprise already has an open application for the product (a unique index, so also under concurrency). */
  insert(tx: DbOrTrx, application: NewApplication): Promise<LoanApplication | undefined>;
  /**
   * The enterprise's open application for the product, if any. After `insert` refused a row, the
   * one that blocked it is visible here: the index waited for its transaction to commit.
   */
  findOpen(tx: DbOrTrx, enterpriseId: string, productId: string): Promise<LoanApplication | undefined>;
  /** With `forUpdate`, locks the row until the transaction ends (serialises bank events per application). */
  findById(tx: DbOrTrx, id: string, options?: { forUpdate?: boolean }): Promise<LoanApplication | undefined>;
  /** Whether the application was ever sent to its bank (it reached 已提交): 见保即贷 ones wait for the guarantee company first. */
  reachedBank(tx: DbOrTrx, id: string): Promise<boolean>;
  /** Optimistic update: applies only when the row is still at `expectedVersion`, then bumps it. */
  updateVersioned(tx: DbOrTrx, id: string, expectedVersion: number, patch: ApplicationPatch, at: Date): Promise<boolean>;
  /** Updates fields that are not status (e.g. the bank's reference); no version bump. */
  updateDetails(tx: DbOrTrx, id: string, patch: Pick<ApplicationPatch, 'bankReference' | 'lastBankContactAt'>): Promise<void>;
  insertEvent(tx: DbOrTrx, event: NewApplicationEvent): Promise<void>;
  listEvents(tx: DbOrTrx, applicationId: string): Promise<ApplicationEvent[]>;
  list(tx: DbOrTrx, filter: ApplicationFilter): Promise<{ items: LoanApplication[]; total: number }>;
  /** Records a ledger entry once per (application, kind, reference); the entry already there under that reference, if any, else undefined. */
  addLedgerEntry(tx: DbOrTrx, applicationId: string, entry: LedgerEntry): Promise<LedgerEntry | undefined>;
  listLedger(tx: DbOrTrx, applicationId: string): Promise<LedgerEntry[]>;
  hasDisbursedLoan(tx: DbOrTrx, enterpriseId: string): Promise<boolean>;
  /** The enterprise's applications other than `exceptId`, not drafts: how many per status and at how many banks. */
  countOthers(tx: DbOrTrx, enterpriseId: string, exceptId: string): Promise<{ byStatus: { status: ApplicationStatus; count: number }[]; banks: number }>;
  /** Applications in `statuses` not updated since `before`, oldest first. */
  listUntouched(tx: DbOrTrx, statuses: readonly ApplicationStatus[], before: Date, limit: number): Promise<LoanApplication[]>;
  /** Applications of `bankIds` in `statuses` whose bank has been silent since before `before`, oldest first. */
  listSilent(tx: DbOrTrx, statuses: readonly ApplicationStatus[], before: Date, limit: number, bankIds: readonly string[]): Promise<LoanApplication[]>;
}

/**
 * The conflict target of the insert: the one-open index (decision 0044), its predicate written from
 * the list the index was made from. Any other unique violation is raised, not taken for an open
 * application; a status added to the list without a migration of the index makes the insert fail
 * (no index matches the target) instead of letting a second application through.
 */
const ONE_OPEN_PER_PRODUCT = `(enterprise_id, product_id) where status in (${OPEN_STATUSES.map((s) => `'${s}'`).join(', ')}) and not duplicate_before_rule`;

/**
 * An application the bank was sent: its timeline has a step to SUBMITTED (on submission, or on
 * the guarantee company's grant for 见保即贷). Before that the bank has no business with it
 * (decision 0027), and one withdrawn or declined in the guarantee review never reaches it.
 */
const REACHED_BANK = `exists (select 1 from loan_application_events e where e.application_id = loan_applications.id and e.to_status = 'SUBMITTED')`;

export const applicationStore: ApplicationStore = {
  async insert(tx, a) {
    const [row] = (await tx('loan_applications')
      .insert({
        enterprise_id: a.enterpriseId,
        bank_id: a.bankId,
        product_id: a.productId,
        amount: a.amount,
        term_months: a.termMonths,
        purpose: a.purpose,
        startup_loan: a.startupLoan ? JSON.stringify(a.startupLoan) : null,
        status: a.status,
        first_loan: a.firstLoan,
      })
      .onConflict(tx.raw(ONE_OPEN_PER_PRODUCT))
      .ignore()
      .returning('*')) as Row[];
    return row && toApplication(row);
  },
  async findOpen(tx, enterpriseId, productId) {
    const row = (await tx('loan_applications')
      .where({ enterprise_id: enterpriseId, product_id: productId })
      .whereIn('status', OPEN_STATUSES)
      .orderBy('duplicate_before_rule')
      .orderBy('created_at')
      .first()) as Row | undefined;
    return row && toApplication(row);
  },
  async findById(tx, id, options = {}) {
    const q = tx('loan_applications').where({ id }).first();
    if (options.forUpdate) q.forUpdate();
    const row = (await q) as Row | undefined;
    return row && toApplication(row);
  },
  async reachedBank(tx, id) {
    return (await tx('loan_applications').where({ id }).whereRaw(REACHED_BANK).first('id')) !== undefined;
  },
  async updateVersioned(tx, id, expectedVersion, patch, at) {
    const columns: Record<string, unknown> = { version: expectedVersion + 1, updated_at: at };
    for (const [key, value] of Object.entries(patch)) if (value !== undefined) columns[snake(key)] = value;
    return (await tx('loan_applications').where({ id, version: expectedVersion }).update(columns)) > 0;
  },
  async updateDetails(tx, id, patch) {
    const columns: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(patch)) if (value !== undefined) columns[snake(key)] = value;
    if (Object.keys(columns).length) await tx('loan_applications').where({ id }).update(columns);
  },
  async insertEvent(tx, e) {
    await tx('loan_application_events').insert({
      application_id: e.applicationId,
      from_status: e.fromStatus,
      to_status: e.toStatus,
      action: e.action,
      actor_type: e.actorType,
      actor_id: e.actorId,
      reason: e.reason,
      details: JSON.stringify(e.details),
      occurred_at: e.occurredAt,
    });
  },
  async listEvents(tx, applicationId) {
    const rows = await tx('loan_application_events as e')
      .leftJoin('institution_clients as c', (j) => j.on('e.actor_type', '=', tx.raw('?', ['client'])).andOn(tx.raw('c.client_id::text = e.actor_id')))
      .where('e.application_id', applicationId)
      .orderBy('e.id')
      .select('e.*', 'c.name as actor_name');
    return rows.map(
      (r): ApplicationEvent => ({
        id: Number(r.id),
        applicationId: r.application_id,
        fromStatus: r.from_status,
        toStatus: r.to_status,
        action: r.action,
        actorType: r.actor_type,
        actorId: r.actor_id,
        actorName: r.actor_name ?? null,
        reason: r.reason,
        details: r.details,
        occurredAt: r.occurred_at,
      }),
    );
  },
  async list(tx, f) {
    const q = tx('loan_applications');
    if (f.enterpriseId) q.where('enterprise_id', f.enterpriseId);
    const above = f.assignedAbove;
    if (f.bankId && above) {
      q.where((own) =>
        own.where('bank_id', f.bankId!).orWhere((assigned) =>
          assigned
            .whereIn('bank_id', above.bankIds)
            .whereRaw('exists (select 1 from application_assignments a where a.application_id = loan_applications.id and (a.branch_id = ? or a.officer_id = ?))', [above.branchId, above.officerId]),
        ),
      );
    } else if (f.bankId) q.where('bank_id', f.bankId);
    if (f.bankId) q.whereRaw(REACHED_BANK);
    if (f.productId) q.where('product_id', f.productId);
    if (f.status) q.where('status', f.status);
    const counted = (await q.clone().count({ n: '*' }).first()) as { n: number | string } | undefined;
    if (f.before !== undefined) {
      // One more row than the page: the caller learns whether another page follows.
      q.whereRaw('(created_at, id) < (select created_at, id from loan_applications where id = ?)', [f.before]);
      const rows = (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.pageSize + 1)) as Row[];
      return { items: rows.map(toApplication), total: Number(counted?.n ?? 0) };
    }
    if (f.assignedFirst) {
      q.orderByRaw('exists (select 1 from application_assignments a where a.application_id = loan_applications.id and a.officer_id = ?) desc', [f.assignedFirst]);
    }
    const rows = (await q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(f.pageSize).offset((f.page - 1) * f.pageSize)) as Row[];
    return { items: rows.map(toApplication), total: Number(counted?.n ?? 0) };
  },
  async addLedgerEntry(tx, applicationId, e) {
    const key = { application_id: applicationId, kind: e.kind, reference: e.reference };
    const rows = await tx('loan_ledger_entries')
      .insert({ ...key, amount: e.amount, occurred_on: e.occurredOn })
      .onConflict(['application_id', 'kind', 'reference'])
      .ignore()
      .returning('id');
    if (rows.length === 1) return undefined;
    const r = await tx('loan_ledger_entries').where(key).first('amount', 'occurred_on');
    return { kind: e.kind, reference: e.reference, amount: r.amount, occurredOn: r.occurred_on };
  },
  async listLedger(tx, applicationId) {
    const rows = await tx('loan_ledger_entries').where({ application_id: applicationId }).orderBy('id');
    return rows.map((r): LedgerEntry => ({ kind: r.kind, reference: r.reference, amount: r.amount, occurredOn: r.occurred_on }));
  },
  async countOthers(tx, enterpriseId, exceptId) {
    const others = () => tx('loan_applications').where({ enterprise_id: enterpriseId }).whereNot({ id: exceptId }).whereNot({ status: 'DRAFT' });
    const rows = (await others().groupBy('status').orderBy('status').select('status', tx.raw('count(*)::int as count'))) as { status: ApplicationStatus; count: number }[];
    const banks = (await others().first(tx.raw('count(distinct bank_id)::int as banks'))) as { banks: number };
    return { byStatus: rows.map((r) => ({ status: r.status, count: Number(r.count) })), banks: Number(banks.banks) };
  },
  async hasDisbursedLoan(tx, enterpriseId) {
    const row = await tx('loan_applications').where({ enterprise_id: enterpriseId }).where('disbursed_amount', '>', 0).first('id');
    return row !== undefined;
  },
  async listUntouched(tx, statuses, before, limit) {
    const rows = (await tx('loan_applications').whereIn('status', statuses).where('updated_at', '<', before).orderBy('updated_at').limit(limit)) as Row[];
    return rows.map(toApplication);
  },
  async listSilent(tx, statuses, before, limit, bankIds) {
    if (bankIds.length === 0) return [];
    const rows = (await tx('loan_applications')
      .whereIn('status', statuses)
      .whereIn('bank_id', bankIds)
      .where((w) => w.where('last_bank_contact_at', '<', before).orWhere((n) => n.whereNull('last_bank_contact_at').where('submitted_at', '<', before)))
      .orderByRaw('coalesce(last_bank_contact_at, submitted_at)')
      .limit(limit)) as Row[];
    return rows.map(toApplication);
  },
};
