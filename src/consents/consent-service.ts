import { randomUUID } from 'node:crypto';
import type { Db, DbOrTrx } from '../db/database.js';
import type { TransactionRunner } from '../db/transaction.js';
import type { InstitutionRecord } from '../institutions/institution.js';
import type { Clock } from '../platform/clock.js';
import { conflict, forbidden, notFound, unprocessable } from '../platform/errors.js';
import { keysetPage, unknownCursor } from '../platform/keyset-page.js';
import type { OutboxStore } from '../platform/outbox/outbox-store.js';
import { assertMayDecideConsents, type Principal } from '../platform/roles.js';
import type { Sm2KeyPair } from '../platform/sm2.js';
import type { ChainCheck } from './access-log-chain.js';
import type { AccessLogLedger } from './access-log-ledger.js';
import type { AccessLogStore } from './access-log-store.js';
import type {
  AccessLogEntry,
  AccessLogFilter,
  ConsentGrant,
  ConsentGrantView,
  ConsentPurpose,
  ConsentScope,
  ConsentStatus,
  FetchType,
  Frequency,
  FrequencyUnit,
  RefusedRead,
  RefusedReadFilter,
} from './consent.js';
import { keyIdOf, signedGrant } from './consent-artefact.js';
import type { ConsentStore } from './consent-store.js';
import type { RefusedReadStore } from './refused-read-store.js';
import { WEBHOOK_CHANNEL, WEBHOOK_MAX_ATTEMPTS } from '../institutions/institution-webhook-service.js';

export interface GrantInput {
  granteeInstitutionId: string;
  scopes: ConsentScope[];
  purpose: ConsentPurpose;
  applicationId?: string | null;
  validFrom?: Date;
  validUntil: Date;
  fetchType: FetchType;
  frequency?: Frequency | null;
}

export interface ConsentDeps {
  db: Db;
  transaction: TransactionRunner;
  consents: ConsentStore;
  accessLog: AccessLogStore;
  refusals: RefusedReadStore;
  ledger: AccessLogLedger;
  outbox: OutboxStore;
  clock: Clock;
  platformKeys: Sm2KeyPair;
  enterprise: (tx: DbOrTrx, id: string) => Promise<{ id: string; uscc: string; name: string } | undefined>;
  institution: (tx: DbOrTrx, id: string) => Promise<InstitutionRecord | undefined>;
  /** The loan application a 贷后监测 grant names (lending's, wired by services.ts). */
  monitoredLoan: (tx: DbOrTrx, applicationId: string) => Promise<MonitoredLoan | undefined>;
}

/** A loan as a 贷后监测 grant needs it: the borrower, who lends on or guarantees it, and whether it is on the books. */
export interface MonitoredLoan {
  enterpriseId: string;
  lenderIds: string[];
  onBooks: boolean;
}

const DAY_MS = 86_400_000;

/** What revoking one grant leaves the same institution able to read, computed when asked. */
export interface RevocationImpact {
  grantId: string;
  grantee: { id: string; name: string };
  /** Other usable grants of this enterprise to the same institution (active, not past, not a spent ONETIME). */
  remaining: { id: string; purpose: ConsentPurpose; scopes: ConsentScope[]; validFrom: Date; validUntil: Date; fetchType: FetchType }[];
  /** Each scope still readable through `remaining`, with the latest end of the grants allowing it. */
  stillReadable: { scope: ConsentScope; until: Date }[];
  /** Reads already made under this grant: revoking stops the next one, not what was read. */
  readsMade: number;
  lastReadAt: Date | null;
}

/**
 * Limits on a grant (授权限制). One year at most for an application or pre-credit, since
 * a purpose is bound to one financing round; post-loan monitoring is tied to a loan (the
 * application) and may last up to three years, the longest SME working-capital term here.
 * Post-dating is allowed up to 90 days; a little clock skew in "now" is tolerated.
 */
export const GRANT_LIMITS = {
  maxDays: { loan_application: 366, pre_credit: 366, post_loan_monitoring: 1_096 } satisfies Record<ConsentPurpose, number>,
  maxPostDateDays: 90,
  pastSkewMs: 5 * 60_000,
  /** Highest frequency cap per unit: periodic pulls are for monitoring, not for polling. */
  maxPerUnit: { HOUR: 4, DAY: 50, WEEK: 200, MONTH: 500 } satisfies Record<FrequencyUnit, number>,
} as const;


function fieldProblem(field: string, code: string, message: string) {
  return unprocessable(code, message, [{ field, code, message }]);
}

export class ConsentService {
  constructor(private readonly deps: ConsentDeps) {}

  /** 授权: the enterprise grants one bank or guarantee company; the artefact is signed and the grantee told. */
  grant(principal: Principal, input: GrantInput): Promise<ConsentGrantView> {
    assertMayDecideConsents(principal);
    return this.deps.transaction((tx) => this.grantIn(tx, principal, input));
  }

  /**
   * As `grant`, inside the caller's transaction: a loan application and the `loan_application`
   * grant it creates commit or roll back together.
   */
  async grantIn(tx: DbOrTrx, principal: Principal, input: GrantInput): Promise<ConsentGrantView> {
    const enterpriseId = this.enterpriseOf(principal);
    const { consents, clock, platformKeys } = this.deps;
    const now = clock.now();
    const validFrom = input.validFrom ?? now;
    this.checkTerms(input, validFrom, now);
    const id = randomUUID();
    const [enterprise, grantee] = [await this.deps.enterprise(tx, enterpriseId), await this.deps.institution(tx, input.granteeInstitutionId)];
    if (!enterprise) throw notFound('ENTERPRISE_NOT_FOUND', '企业不存在');
    if (!grantee) throw fieldProblem('granteeInstitutionId', 'GRANTEE_NOT_FOUND', '被授权机构不存在');
    if (grantee.type !== 'bank' && grantee.type !== 'guarantee_company') {
      throw fieldProblem('granteeInstitutionId', 'GRANTEE_NOT_ELIGIBLE', '只能授权给银行或融资担保机构');
    }
    // 已停用: its people and systems are refused, so nothing new is given to it (decision 0063).
    if (grantee.status !== 'active') throw fieldProblem('granteeInstitutionId', 'GRANTEE_SUSPENDED', '该机构已停用，不能向其授权');
    if (input.purpose === 'post_loan_monitoring') await this.checkMonitoredLoan(tx, enterpriseId, grantee.id, input.applicationId!);
    const grant = await consents.insert(
      tx,
      signedGrant(
        {
          id,
          enterpriseId,
          enterpriseUscc: enterprise.uscc,
          granteeInstitutionId: grantee.id,
          scopes: [...new Set(input.scopes)].sort(),
          purpose: input.purpose,
          applicationId: input.applicationId ?? null,
          validFrom,
          validUntil: input.validUntil,
          fetchType: input.fetchType,
          frequency: input.frequency ?? null,
          createdBy: principal.userId,
          createdAt: now,
        },
        {
          grantor: { enterpriseId: enterprise.id, uscc: enterprise.uscc, name: enterprise.name },
          grantee: { institutionId: grantee.id, code: grantee.code, name: grantee.name, type: grantee.type },
        },
        platformKeys,
      ),
    );
    await this.notify(tx, 'consent.granted', grant, now);
    return (await consents.findView(tx, grant.id))!;
  }

  /** 贷后监测 names one of the enterprise's loans on the books, lent or guaranteed by the grantee. */
  private async checkMonitoredLoan(tx: DbOrTrx, enterpriseId: string, granteeId: string, applicationId: string): Promise<void> {
    const loan = await this.deps.monitoredLoan(tx, applicationId);
    if (!loan || loan.enterpriseId !== enterpriseId) throw fieldProblem('applicationId', 'MONITORED_LOAN_NOT_FOUND', '未找到本企业的这笔贷款');
    if (!loan.lenderIds.includes(granteeId)) throw fieldProblem('applicationId', 'MONITORED_LOAN_OTHER_LENDER', '这笔贷款不是所选机构发放或担保的');
    if (!loan.onBooks) throw fieldProblem('applicationId', 'MONITORED_LOAN_NOT_ON_BOOKS', '这笔贷款尚未放款或已经结束，无需贷后监测授权');
  }

  listForEnterprise(principal: Principal, status: ConsentStatus | undefined, limit: number): Promise<ConsentGrantView[]> {
    return this.deps.consents.list(this.deps.db, { enterpriseId: this.enterpriseOf(principal), status, limit });
  }

  /**
   * One page of the grants made to the caller's institution, newest first; `nextBefore` names
   * the last one when more follow (the `before` of the next page), else null.
   */
  async listForInstitution(
    principal: Principal,
    page: { status?: ConsentStatus; limit: number; before?: string },
  ): Promise<{ items: ConsentGrantView[]; nextBefore: string | null }> {
    const { db, consents } = this.deps;
    const granteeInstitutionId = this.institutionOf(principal);
    if (page.before !== undefined && (await consents.findView(db, page.before))?.granteeInstitutionId !== granteeInstitutionId) {
      throw unknownCursor('before', '授权', 'nextBefore');
    }
    const { items, next } = keysetPage(await consents.list(db, { granteeInstitutionId, status: page.status, before: page.before, limit: page.limit + 1 }), page.limit);
    return { items, nextBefore: next };
  }

  /** A grant, for its grantor or its grantee only (anyone else learns nothing: 404). */
  async get(principal: Principal, id: string): Promise<ConsentGrantView> {
    const grant = await this.deps.consents.findView(this.deps.db, id);
    const mine =
      grant &&
      ((principal.enterpriseId !== null && grant.enterpriseId === principal.enterpriseId) ||
        (principal.institutionId !== null && grant.granteeInstitutionId === principal.institutionId));
    if (!grant || !mine) throw notFound('CONSENT_NOT_FOUND', '授权不存在');
    return grant;
  }

  /** 撤销授权: effective for the very next read (the gate re-checks the row it consumes). */
  async revoke(principal: Principal, id: string, reason: string | null): Promise<ConsentGrantView> {
    assertMayDecideConsents(principal);
    const enterpriseId = this.enterpriseOf(principal);
    return this.end(id, { enterpriseId }, { status: 'REVOKED', kind: 'enterprise', by: principal.userId, reason });
  }

  /**
   * What revoking `id` would leave: the enterprise's other grants that still let the same
   * institution read, scope by scope and until when, so the revoke dialog says it plainly.
   */
  async revocationImpact(principal: Principal, id: string): Promise<RevocationImpact> {
    const enterpriseId = this.enterpriseOf(principal);
    const grant = await this.get(principal, id);
    const now = this.deps.clock.now();
    const others = await this.deps.consents.list(this.deps.db, {
      enterpriseId,
      granteeInstitutionId: grant.granteeInstitutionId,
      status: 'ACTIVE',
      limit: 500,
    });
    const remaining = others.filter(
      (g) => g.id !== id && g.validUntil.getTime() > now.getTime() && !(g.fetchType === 'ONETIME' && g.useCount > 0),
    );
    const until = new Map<ConsentScope, Date>();
    for (const g of remaining) {
      for (const scope of g.scopes) {
        const known = until.get(scope);
        if (!known || known.getTime() < g.validUntil.getTime()) until.set(scope, g.validUntil);
      }
    }
    return {
      grantId: grant.id,
      grantee: { id: grant.granteeInstitutionId, name: grant.granteeName },
      remaining: remaining.map((g) => ({
        id: g.id,
        purpose: g.purpose,
        scopes: g.scopes,
        validFrom: g.validFrom,
        validUntil: g.validUntil,
        fetchType: g.fetchType,
      })),
      stillReadable: [...until].map(([scope, at]) => ({ scope, until: at })).sort((a, b) => a.scope.localeCompare(b.scope)),
      readsMade: grant.useCount,
      lastReadAt: grant.lastUsedAt,
    };
  }

  /** 终止授权 by the grantee (e.g. the application was declined). */
  async terminate(principal: Principal, id: string, reason: string | null): Promise<ConsentGrantView> {
    const granteeInstitutionId = this.institutionOf(principal);
    return this.end(
      id,
      { granteeInstitutionId },
      { status: 'TERMINATED', kind: 'institution', by: principal.clientId ?? principal.userId, reason },
    );
  }

  /** Marks grants past their validity EXPIRED and tells each grantee; returns how many. */
  async expireDue(batch = 500): Promise<number> {
    const { transaction, consents, clock } = this.deps;
    let total = 0;
    for (;;) {
      const expired = await transaction(async (tx) => {
        const now = clock.now();
        const grants = await consents.expireDue(tx, now, batch);
        for (const grant of grants) {
          await this.notify(tx, 'consent.expired', grant, now);
        }
        return grants.length;
      });
      total += expired;
      if (expired < batch) return total;
    }
  }

  /** 查询记录: every gated read of the enterprise's data, newest first. */
  accessLog(principal: Principal, filter: Omit<AccessLogFilter, 'enterpriseId'>): Promise<AccessLogEntry[]> {
    return this.deps.accessLog.list(this.deps.db, { ...filter, enterpriseId: this.enterpriseOf(principal) });
  }

  /** 查询记录's refused reads: every read of the enterprise's data the consent gate refused, newest first. */
  refusedReads(principal: Principal, filter: Omit<RefusedReadFilter, 'enterpriseId'>): Promise<RefusedRead[]> {
    return this.deps.refusals.list(this.deps.db, { ...filter, enterpriseId: this.enterpriseOf(principal) });
  }

  /** Seals unsealed access-log rows into the SM3 chain; returns how many were sealed. */
  sealAccessLog(batch = 1_000): Promise<number> {
    return this.deps.ledger.seal(batch);
  }

  /** Re-computes the whole sealed chain (over what retention kept, see AccessLogLedger). */
  verifyAccessLogChain(batch = 5_000): Promise<ChainCheck> {
    return this.deps.ledger.verify(batch);
  }

  /** The keys a grantee needs to verify artefacts (published at GET /api/v1/platform/keys). */
  publicKeys(): { kid: string; algorithm: string; use: string; publicKey: string }[] {
    const { publicKey } = this.deps.platformKeys;
    return [{ kid: keyIdOf(publicKey), algorithm: 'SM2', use: 'consent-artefact', publicKey }];
  }

  private async end(
    id: string,
    guard: { enterpriseId?: string; granteeInstitutionId?: string },
    end: { status: 'REVOKED' | 'TERMINATED'; kind: 'enterprise' | 'institution'; by: string; reason: string | null },
  ): Promise<ConsentGrantView> {
    const { transaction, consents, clock } = this.deps;
    return transaction(async (tx) => {
      const now = clock.now();
      const ended = await consents.end(tx, id, guard, { ...end, at: now });
      const view = await consents.findView(tx, id);
      const mine =
        view &&
        (!guard.enterpriseId || view.enterpriseId === guard.enterpriseId) &&
        (!guard.granteeInstitutionId || view.granteeInstitutionId === guard.granteeInstitutionId);
      if (!view || !mine) throw notFound('CONSENT_NOT_FOUND', '授权不存在');
      if (!ended) throw conflict('CONSENT_NOT_ACTIVE', `授权已结束（${view.status}），不能再变更`);
      if (end.status === 'REVOKED') await this.notify(tx, 'consent.revoked', ended, now);
      return view;
    });
  }

  private async notify(tx: DbOrTrx, topic: string, grant: ConsentGrant, now: Date): Promise<void> {
    await this.deps.outbox.enqueue(tx, {
      channel: WEBHOOK_CHANNEL,
      target: grant.granteeInstitutionId,
      topic,
      messageKey: `${topic}:${grant.id}`,
      maxAttempts: WEBHOOK_MAX_ATTEMPTS,
      payload: {
        type: topic,
        timestamp: now.toISOString(),
        data: {
          consentId: grant.id,
          enterpriseUscc: grant.enterpriseUscc,
          status: grant.status,
          scopes: grant.scopes,
          purpose: grant.purpose,
          validFrom: grant.validFrom.toISOString(),
          validUntil: grant.validUntil.toISOString(),
          endedByKind: grant.endedByKind,
          endedAt: grant.endedAt?.toISOString() ?? null,
          endReason: grant.endReason,
        },
      },
    });
  }

  private checkTerms(input: GrantInput, validFrom: Date, now: Date): void {
    if (validFrom.getTime() < now.getTime() - GRANT_LIMITS.pastSkewMs) {
      throw fieldProblem('validFrom', 'VALID_FROM_IN_PAST', '生效时间不能早于当前时间');
    }
    if (validFrom.getTime() > now.getTime() + GRANT_LIMITS.maxPostDateDays * DAY_MS) {
      throw fieldProblem('validFrom', 'VALID_FROM_TOO_LATE', `生效时间最晚为${GRANT_LIMITS.maxPostDateDays}天后`);
    }
    if (input.validUntil.getTime() <= Math.max(validFrom.getTime(), now.getTime())) {
      throw fieldProblem('validUntil', 'VALIDITY_INVALID', '失效时间必须晚于生效时间和当前时间');
    }
    const maxDays = GRANT_LIMITS.maxDays[input.purpose];
    if (input.validUntil.getTime() - validFrom.getTime() > maxDays * DAY_MS) {
      throw fieldProblem('validUntil', 'VALIDITY_TOO_LONG', `该用途的授权有效期最长${maxDays}天`);
    }
    if (input.purpose === 'post_loan_monitoring') {
      if (input.fetchType !== 'PERIODIC') {
        throw fieldProblem('fetchType', 'MONITORING_NEEDS_PERIODIC', '贷后监测授权须为定期查询（PERIODIC）');
      }
      if (!input.applicationId) {
        throw fieldProblem('applicationId', 'MONITORING_NEEDS_APPLICATION', '贷后监测授权须关联贷款申请');
      }
    }
    if (input.fetchType === 'ONETIME' && input.frequency) {
      throw fieldProblem('frequency', 'FREQUENCY_NOT_ALLOWED', '一次性授权不设查询频次');
    }
    if (input.fetchType === 'PERIODIC') {
      if (!input.frequency) throw fieldProblem('frequency', 'FREQUENCY_REQUIRED', '定期查询授权须约定查询频次');
      const max = GRANT_LIMITS.maxPerUnit[input.frequency.unit];
      if (input.frequency.value > max) {
        throw fieldProblem('frequency.value', 'FREQUENCY_TOO_HIGH', `该周期内最多允许查询${max}次`);
      }
    }
  }

  private enterpriseOf(principal: Principal): string {
    if (principal.role !== 'enterprise' || !principal.enterpriseId) throw forbidden('ROLE_FORBIDDEN', '仅企业用户可执行此操作');
    return principal.enterpriseId;
  }

  private institutionOf(principal: Principal): string {
    const eligible = principal.role === 'bank_officer' || principal.role === 'guarantee_officer';
    if (!eligible || !principal.institutionId) throw forbidden('ROLE_FORBIDDEN', '仅银行或担保机构用户可执行此操作');
    return principal.institutionId;
  }
}
