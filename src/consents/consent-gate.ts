import DataLoader from 'dataloader';
import type { Db } from '../db/database.js';
import type { StatementPool } from '../db/statement-pool.js';
import type { Clock } from '../platform/clock.js';
import { conflict, DomainError, forbidden } from '../platform/errors.js';
import { SCOPE_LABELS } from '../platform/profile-scopes.js';
import { assertWithinSlidingWindow } from '../platform/sliding-window-limit.js';
import type { Principal } from '../platform/roles.js';
import { isSetReadPurpose, type SetReadPurpose, type SetReadRow } from './access-log-set-read.js';
import type { AccessLogStore, GateOutcome, GateRequest } from './access-log-store.js';
import type { ConsentPurpose, ConsentScope } from './consent.js';
import { NEEDS_READ, type EnterpriseDataSource, type ScopeSections } from './enterprise-data-source.js';
import type { GateDenial } from './gate-denials.js';
import type { RefusedReadStore } from './refused-read-store.js';

/** Who is reading: an institution's officer or one of its machine clients. */
export interface GateCaller {
  institutionId: string;
  userId: string | null;
  clientId: string | null;
  requestId: string;
}

/** The caller reading for `institutionId` as `principal`: the officer, or the institution's machine client. */
export const gateCallerOf = (principal: Pick<Principal, 'userId' | 'clientId'>, institutionId: string, requestId: string): GateCaller => ({
  institutionId,
  userId: principal.clientId ? null : principal.userId,
  clientId: principal.clientId ?? null,
  requestId,
});

export interface GatedRead {
  uscc: string;
  purpose: ConsentPurpose;
  /** Empty: every scope the grant covers. */
  scopes: readonly ConsentScope[];
  /** Only this grant (an application's own); absent: the newest grant in force for the purpose. */
  grantId?: string;
}

/** A chunk of a set-based read: the enterprises with USCC in (`after`, `through`]. */
export interface GatedSetRead {
  purpose: SetReadPurpose;
  after: string;
  through: string;
}

export interface GatedProfile {
  uscc: string;
  grantId: string;
  accessLogId: number;
  purpose: ConsentPurpose;
  /** The scopes this read was allowed (and logged) for. */
  scopes: ConsentScope[];
  /** Allowed scopes for which the platform holds no data source yet. */
  unavailableScopes: ConsentScope[];
  data: Partial<Record<ConsentScope, unknown>>;
}

const DENIAL_MESSAGES: Record<GateDenial, string> = {
  CONSENT_NOT_FOUND: '该企业未向贵机构授权，无法查询其信息',
  CONSENT_PURPOSE_MISMATCH: '该企业的授权不包含此查询用途，用途变更需企业重新授权',
  CONSENT_REVOKED: '该企业已撤销对贵机构的授权',
  CONSENT_TERMINATED: '贵机构已终止该授权，如需查询请企业重新授权',
  CONSENT_EXPIRED: '授权已过有效期',
  CONSENT_NOT_YET_VALID: '授权尚未生效',
  CONSENT_SCOPE_NOT_GRANTED: '所请求的数据类别不在授权范围内',
  CONSENT_ALREADY_USED: '一次性授权已使用，不能再次查询',
  CONSENT_FREQUENCY_EXCEEDED: '已达到授权约定的查询频次上限',
  CONSENT_HELD_FOR_APPLICATION: '该一次性授权仅供其所属贷款申请的审查使用：请通过该申请读取企业画像（读取结果留存于案卷，可反复查看），以免一次读取用尽授权',
};

/**
 * The gate's refusal as a 403. A scope refusal names the scopes the grant lacks, in words in the
 * message and as codes in `missingScopes`, so the caller can ask the enterprise for exactly those.
 */
function gateDenial(denial: GateDenial, missingScopes?: readonly ConsentScope[]): DomainError {
  if (denial !== 'CONSENT_SCOPE_NOT_GRANTED' || !missingScopes?.length) return forbidden(denial, DENIAL_MESSAGES[denial]);
  const message = `${DENIAL_MESSAGES[denial]}：${missingScopes.map((s) => SCOPE_LABELS[s]).join('、')}`;
  return new DomainError('forbidden', denial, message, [], { missingScopes: [...missingScopes] });
}

/** JSON text of a `T` (the type says what the text holds). */
export type JsonText<T> = string & { readonly __json: T };

type AllowedOutcome = Extract<GateOutcome, { kind: 'allowed' }>;

/** A gated profile without its data, in the answer's key order (`data` follows). */
const headOf = (request: GatedRead, outcome: AllowedOutcome, unavailableScopes: ConsentScope[]): Omit<GatedProfile, 'data'> => ({
  uscc: request.uscc,
  grantId: outcome.grantId,
  accessLogId: outcome.logId,
  purpose: request.purpose,
  scopes: outcome.scopes,
  unavailableScopes,
});

const MAX_ATTEMPTS = 3;
/** Reads checked by one gate statement at most. */
const MAX_BATCH = 64;

export interface ConsentGateDeps {
  db: Db;
  statements: StatementPool;
  accessLog: AccessLogStore;
  /** Where a refused read is kept for the enterprise's 查询记录. */
  refusals: RefusedReadStore;
  /** Refused reads one institution may make in the window; past it the next is 429 and kept nowhere (0045). */
  refusalLimit: RefusalLimit;
  source: EnterpriseDataSource;
  clock: Clock;
}

export interface RefusalLimit {
  maxPerInstitution: number;
  windowSeconds: number;
}

/**
 * THE consent gate (docs/architecture.md, rule 3): the only holder of the enterprise data source. Every
 * institution read passes here: one statement checks grantee, purpose, validity, scope and
 * frequency, consumes the use, appends the access-log row and (for a SQL source) reads the data;
 * a source without SQL is read right after. Either way no data is read without its log row,
 * and the answer is filtered to the allowed scopes.
 */
export class ConsentGate {
  /**
   * Reads arriving while the event loop handles one round of I/O are checked together, by one
   * gate statement (group commit): each keeps its own grant check, use and log row, and the
   * round trip, statement and commit are shared. A lone read is a batch of one.
   */
  private readonly batches: DataLoader<GateRequest, GateOutcome>;

  constructor(private readonly deps: ConsentGateDeps) {
    this.batches = new DataLoader((requests) => this.check(requests), {
      cache: false,
      maxBatchSize: MAX_BATCH,
      batchScheduleFn: (run) => setImmediate(run),
    });
  }

  /**
   * One statement per round of the batch: a second read of the same enterprise by the same
   * institution goes into the next round (the rounds run concurrently; the grant's row lock
   * orders them). A read under a set-read purpose gets a statement of its own, so it holds at
   * most one usage row lock and waits for nothing after taking it: the set read locks its rows in
   * plan order, and only this keeps the two from deadlocking (0006, "Lock order"). A failed
   * statement fails only its own reads.
   */
  private async check(requests: readonly GateRequest[]): Promise<(GateOutcome | Error)[]> {
    const rounds: number[][] = [];
    const alone: number[][] = [];
    const seen = new Map<string, number>();
    requests.forEach((r, i) => {
      if (isSetReadPurpose(r.purpose)) return void alone.push([i]);
      const key = `${r.uscc}|${r.institutionId}`;
      const round = seen.get(key) ?? 0;
      seen.set(key, round + 1);
      (rounds[round] ??= []).push(i);
    });
    const outcomes: (GateOutcome | Error)[] = new Array(requests.length);
    await Promise.all(
      [...rounds, ...alone].map(async (round) => {
        try {
          const results = await this.deps.accessLog.checkAndLog(
            this.deps.statements,
            round.map((i) => requests[i]!),
            this.deps.source.sql,
            this.deps.source.keysSql,
          );
          round.forEach((i, j) => (outcomes[i] = results[j]!));
        } catch (error) {
          for (const i of round) outcomes[i] = error instanceof Error ? error : new Error(String(error));
        }
      }),
    );
    return outcomes;
  }

  async read(caller: GateCaller, request: GatedRead): Promise<GatedProfile> {
    return this.profileOf(request, await this.pass(caller, request));
  }

  /**
   * `read`, serialised for an HTTP answer. The data the gate statement read is passed on as the
   * JSON text PostgreSQL sent, never parsed and re-serialised (that cost grows with every
   * section a profile gains); the answer is the same JSON as `read`'s. A read that needs the
   * source's `read`, or whose data carries a scope it was not allowed, takes `read`'s path.
   */
  async readJson(caller: GateCaller, request: GatedRead): Promise<JsonText<GatedProfile>> {
    const outcome = await this.pass(caller, request);
    const { data, dataKeys } = outcome;
    if (this.deps.source.sql === undefined || data === null || dataKeys === null || !dataKeys.every((k) => outcome.scopes.includes(k as ConsentScope))) {
      return JSON.stringify(await this.profileOf(request, outcome)) as JsonText<GatedProfile>;
    }
    const head = headOf(request, outcome, outcome.scopes.filter((scope) => !dataKeys.includes(scope)));
    return `${JSON.stringify(head).slice(0, -1)},"data":${data}}` as JsonText<GatedProfile>;
  }

  /** Checks, uses and logs the read (asking again after a race), or records and throws the refusal. */
  private async pass(caller: GateCaller, request: GatedRead): Promise<AllowedOutcome> {
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      const gateRequest = this.requestOf(caller, request);
      const outcome = await this.batches.load(gateRequest);
      if (outcome.kind === 'raced') continue;
      // Kept apart from the access log, whose rows are reads made and whose chain covers only them.
      if (outcome.kind === 'denied') return this.keepRefusal(gateRequest, outcome.denial, outcome.missingScopes);
      return outcome;
    }
    throw conflict('CONSENT_BUSY', '授权状态正在变化，请稍后重试');
  }

  /**
   * A refusal decided outside the gate statement (a kept case file whose grant has ended, a reader
   * an application named no grant to): kept for the enterprise's 查询记录 as the gate keeps its own,
   * then thrown as the gate's. It is written on the gate's connection, never in the caller's
   * transaction, which the refusal rolls back.
   */
  refuse(caller: GateCaller, request: GatedRead, denial: GateDenial): Promise<never> {
    return this.keepRefusal(this.requestOf(caller, request), denial);
  }

  /**
   * Keeps the refusal and throws it, unless the institution already made its limit of refusals in
   * the window: then 429 until the oldest of them leaves the window, and nothing is kept, so a
   * caller with valid credentials cannot grow 查询记录 (and its partitions) without bound. Reads
   * the gate allows never come here: a granted read is never slowed or refused by the limit. The
   * count and the insert are not one statement, so reads refused at the same moment may pass the
   * limit by as many as arrive together.
   */
  private async keepRefusal(request: GateRequest, denial: GateDenial, missingScopes?: readonly ConsentScope[]): Promise<never> {
    const { db, refusals, refusalLimit } = this.deps;
    await assertWithinSlidingWindow(
      { max: refusalLimit.maxPerInstitution, windowSeconds: refusalLimit.windowSeconds },
      request.now,
      (n, since) => refusals.nthNewestSince(db, request.institutionId, n, since),
      { code: 'CONSENT_REFUSALS_RATE_LIMITED', message: '贵机构近期被拒绝的查询过多，请核实企业授权后稍后再试' },
    );
    await refusals.record(db, request, denial);
    throw gateDenial(denial, missingScopes);
  }

  private requestOf(caller: GateCaller, request: GatedRead): GateRequest {
    return {
      uscc: request.uscc,
      institutionId: caller.institutionId,
      purpose: request.purpose,
      scopes: request.scopes,
      grantId: request.grantId ?? null,
      userId: caller.userId,
      clientId: caller.clientId,
      requestId: caller.requestId,
      now: this.deps.clock.now(),
    };
  }

  private async profileOf(request: GatedRead, outcome: AllowedOutcome): Promise<GatedProfile> {
    const { db, source } = this.deps;
    const folded = (outcome.data === null ? {} : JSON.parse(outcome.data)) as ScopeSections & { [NEEDS_READ]?: boolean };
    const read =
      source.sql !== undefined && folded[NEEDS_READ] !== true
        ? folded
        : await source.read(db, { enterpriseId: outcome.enterpriseId, uscc: request.uscc }, outcome.scopes);
    const data: Partial<Record<ConsentScope, unknown>> = {};
    const unavailableScopes: ConsentScope[] = [];
    for (const scope of outcome.scopes) {
      if (read[scope] === undefined) unavailableScopes.push(scope);
      else data[scope] = read[scope];
    }
    return { ...headOf(request, outcome, unavailableScopes), data };
  }

  /**
   * Rule 3 for a platform job reading many enterprises for one institution (the pre-credit
   * white-list run): one statement checks every active grant of the chunk's enterprises to the
   * caller for the purpose, consumes a use of each (refusing spent ONETIME and PERIODIC grants
   * as `read` does), appends one access-log row per grant used and evaluates `dataSql` (an
   * expression over `gate.uscc`, `gate.enterprise_id` and `gate.scopes`, text[]) for the
   * enterprises it logged, and for no other. The log rows are sealed into the SM3 chain by the
   * sealer, like every other row. Ranges are independent statements: a caller may read several
   * at once.
   */
  readSet(caller: GateCaller, request: GatedSetRead, dataSql: string): Promise<SetReadRow[]> {
    return this.deps.accessLog.readSet(
      this.deps.db,
      {
        institutionId: caller.institutionId,
        purpose: request.purpose,
        userId: caller.userId,
        clientId: caller.clientId,
        requestId: caller.requestId,
        now: this.deps.clock.now(),
        after: request.after,
        through: request.through,
      },
      dataSql,
    );
  }
}
