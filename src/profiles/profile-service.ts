import type { DbOrTrx } from '../db/database.js';
import { isDataException, type TransactionRunner } from '../db/transaction.js';
import type { VersionUsage } from '../ingestion/records/credit-record.js';
import { shanghaiDate } from '../platform/business-date.js';
import type { Clock } from '../platform/clock.js';
import { notFound } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import type { ProfileBacklog, ProfileRebuildObserver } from '../platform/metrics/platform-metrics.js';
import type { CreditProfile } from './credit-profile.js';
import { emptyProfile } from './empty-profile.js';
import { PROFILE_SCOPES, type ProfileScope } from '../platform/profile-scopes.js';
import type { ProfileStore } from './profile-store.js';
import { assemblyExtras, NO_EXTRAS } from './set-assembly/extras.js';
import type { SetAssemblyStore } from './set-assembly-store.js';
import type { SelfReportedEntry } from './self-reported-section.js';
import type { ThirdPartyFact } from './third-party-section.js';

export interface ProfileDeps {
  transaction: TransactionRunner;
  store: ProfileStore;
  /** The SQL assembler: reads the records (through ingestion's record relations) and writes the versions. */
  assembly: SetAssemblyStore;
  clock: Clock;
  logger: Logger;
  enterpriseUscc(tx: DbOrTrx, enterpriseId: string): Promise<string>;
  /** 自愿填报 items by USCC (the self_reported section; empty for enterprises that reported nothing). */
  selfReported(tx: DbOrTrx, usccs: readonly string[]): Promise<Map<string, SelfReportedEntry[]>>;
  /** Commercial provider facts (third-party data) by USCC; they land in the `third_party` section only. */
  thirdPartyFacts(tx: DbOrTrx, usccs: readonly string[]): Promise<Map<string, ThirdPartyFact[]>>;
  observer?: ProfileRebuildObserver;
}

/** Profiles the background drain takes per round: two assembly statements (each is planned anew, ≈ 15–100 ms). */
const BACKGROUND_SLICE = 2_000;
/** Profiles rebuilt per transaction (one assembly statement each). */
const REBUILD_SET = 1_000;
/** Sets rebuilt at once by the drain. */
const REBUILD_PARALLEL = 2;

export interface RebuildResult {
  uscc: string;
  version: number;
  /** False when the inputs were unchanged and no new version was written. */
  changed: boolean;
}

/**
 * Credit profiles per USCC, kept current by whoever changes their inputs; a read never builds.
 * A batch marks the profiles of the enterprises it touched stale when it finishes and starts
 * the background drain; a change to one enterprise (a repair or withdrawal, an objection's mark,
 * a self-reported item, a provider fact) rebuilds its profile in the same transaction
 * (`refresh`); the scheduled drain picks up the rest (time windows that moved, marks whose
 * drain was interrupted). A rebuild whose inputs hash equals the current version's writes no
 * new version. An enterprise without a built profile reads as the empty profile, version 0.
 */
export class ProfileService {
  private draining: Promise<number> | undefined;
  private drainAgain = false;
  private stopping = false;

  constructor(private readonly deps: ProfileDeps) {}

  private today(): string {
    return shanghaiDate(this.deps.clock.now());
  }

  markStale(tx: DbOrTrx, usccs: readonly string[]): Promise<void> {
    return this.deps.store.markStale(tx, usccs);
  }

  /** Rebuilds the profiles of `usccs` in the caller's transaction: the change and the new version commit together. */
  refresh(tx: DbOrTrx, usccs: readonly string[], reason: string): Promise<RebuildResult[]> {
    return this.rebuildIn(tx, [...new Set(usccs)].sort(), reason);
  }

  async rebuild(uscc: string, reason: string): Promise<RebuildResult> {
    const [result] = await this.rebuildMany([uscc], reason);
    return result!;
  }

  /** Rebuilds a set of profiles in one transaction (set-based reads and writes). */
  rebuildMany(usccs: readonly string[], reason: string): Promise<RebuildResult[]> {
    return this.deps.transaction((tx) => this.rebuildIn(tx, usccs, reason));
  }

  /**
   * Assembles the set in SQL (set-assembly/, proved identical to the JavaScript reference
   * `assembleProfile`) and writes a version for each profile whose inputs changed, in one
   * statement after the heads are locked.
   */
  private async rebuildIn(tx: DbOrTrx, usccs: readonly string[], reason: string): Promise<RebuildResult[]> {
    return this.assemble(tx, await this.deps.store.lockHeads(tx, usccs), reason);
  }

  /** The set's heads are locked by the caller's transaction. */
  private async assemble(tx: DbOrTrx, heads: readonly string[], reason: string): Promise<RebuildResult[]> {
    const asOf = this.today();
    const selfReported = await this.deps.selfReported(tx, heads);
    const facts = await this.deps.thirdPartyFacts(tx, heads);
    return this.deps.assembly.rebuild(tx, { usccs: heads, asOf, extras: assemblyExtras(heads, selfReported, facts), noExtras: NO_EXTRAS }, reason);
  }

  /**
   * Assembles a claimed set, each attempt under a savepoint. When an enterprise's own records make
   * the statement fail (a data exception: a value the SQL cannot compute with), the set is halved
   * until that enterprise is found; it is set aside (stale, skipped until it is marked again) and
   * logged, and the rest of the set is built. Any other failure fails the set, as before.
   */
  private async assembleIsolating(tx: DbOrTrx, heads: readonly string[]): Promise<void> {
    try {
      await tx.transaction((savepoint) => this.assemble(savepoint, heads, 'records_changed'));
    } catch (error) {
      if (!isDataException(error)) throw error;
      if (heads.length === 1) {
        const message = error instanceof Error ? error.message : String(error);
        await this.deps.store.recordRebuildFailure(tx, heads[0]!, message);
        this.deps.logger.error({ err: error, uscc: heads[0] }, 'profile assembly failed on the enterprise’s own records; set aside until they are marked again');
        return;
      }
      const half = Math.ceil(heads.length / 2);
      await this.assembleIsolating(tx, heads.slice(0, half));
      await this.assembleIsolating(tx, heads.slice(half));
    }
  }

  /**
   * Rebuilds up to `limit` profiles that are stale or past their stale-after date; returns how
   * many. Each set is claimed and rebuilt in one transaction, so a profile another drain (this
   * instance's or another's) is rebuilding is left to it, and a set whose instance dies is
   * claimed again once its transaction is rolled back.
   */
  async rebuildDue(limit = 1_000): Promise<number> {
    const today = this.today();
    let reserved = 0;
    let rebuilt = 0;
    // REBUILD_PARALLEL sets at once, each in its own transaction: one statement keeps one
    // PostgreSQL core busy (PGlite has one connection and runs them in turn).
    const worker = async () => {
      while (!this.stopping && reserved < limit) {
        const want = Math.min(REBUILD_SET, limit - reserved);
        reserved += want;
        const started = performance.now();
        const got = await this.deps.transaction(async (tx) => {
          const heads = await this.deps.store.claimDue(tx, today, want);
          if (heads.length > 0) await this.assembleIsolating(tx, heads);
          return heads.length;
        });
        if (got > 0) this.deps.observer?.rebuiltSet(got, (performance.now() - started) / 1_000);
        rebuilt += got;
        if (got < want) return;
      }
    };
    // Both workers finish before a failure is reported, so nothing runs on after `settled()`.
    const failed = (await Promise.allSettled(Array.from({ length: REBUILD_PARALLEL }, worker))).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
    return rebuilt;
  }

  /**
   * Starts draining stale profiles; a call during a running drain makes that drain look again
   * before it ends, so a mark made after its last look is not left for the scheduled drain.
   * Failures are logged and the scheduled drain retries.
   */
  rebuildDueInBackground(): void {
    if (this.stopping) return;
    this.drainAgain = true;
    if (this.draining) return;
    const drain = (async () => {
      let total = 0;
      try {
        while (!this.stopping && this.drainAgain) {
          this.drainAgain = false;
          const n = await this.rebuildDue(BACKGROUND_SLICE);
          if (n > 0) this.drainAgain = true;
          total += n;
        }
      } finally {
        // In the same turn as the last look, so no call can find this drain and rely on it.
        this.draining = undefined;
      }
      return total;
    })();
    this.draining = drain;
    drain.catch((err: unknown) => this.deps.logger.error({ err }, 'background profile rebuild failed'));
  }

  /** Waits for a running background drain (tests). */
  async settled(): Promise<void> {
    await this.draining?.catch(() => undefined);
  }

  /** Shutdown: the background drain stops after its current slice; stale profiles rebuild on the next start or scheduled drain. */
  async stop(): Promise<void> {
    this.stopping = true;
    await this.settled();
  }

  /**
   * The current profile, restricted to `scopes`. This is the only read path: the consent gate
   * calls it for institutions after checking their grant; the enterprise reads its own.
   */
  profileFor(uscc: string, scopes: readonly ProfileScope[] = PROFILE_SCOPES): Promise<CreditProfile> {
    return this.deps.transaction((tx) => this.profileIn(tx, uscc, scopes));
  }

  /**
   * As `profileFor`, inside the caller's transaction (the consent gate writes its access-log row
   * in the same one). The current version is served as stored, even while a rebuild is pending;
   * an enterprise whose profile was never built reads as the empty profile (version 0).
   */
  async profileIn(tx: DbOrTrx, uscc: string, scopes: readonly ProfileScope[] = PROFILE_SCOPES): Promise<CreditProfile> {
    const { store } = this.deps;
    const head = await store.head(tx, uscc);
    if (!head || head.currentVersion === 0) return emptyProfile(uscc, this.today(), this.deps.clock.now(), scopes);
    const profile = await store.version(tx, uscc, head.currentVersion, scopes);
    if (!profile) throw notFound('PROFILE_NOT_FOUND', '未找到信用画像');
    return profile;
  }

  async ownProfile(enterpriseId: string): Promise<CreditProfile> {
    const uscc = await this.deps.transaction((tx) => this.deps.enterpriseUscc(tx, enterpriseId));
    return this.profileFor(uscc);
  }

  /**
   * Profiles marked stale at or before `at` that the drain has not rebuilt yet: for a batch
   * finished at `at`, zero means every profile it touched is current. The drain takes the
   * oldest marks first, so the count only falls.
   */
  pendingMarkedBy(tx: DbOrTrx, at: Date): Promise<number> {
    return this.deps.store.countPendingMarkedBy(tx, at);
  }

  /** The drains' backlog, for the metrics. */
  backlog(): Promise<ProfileBacklog> {
    return this.deps.transaction((tx) => this.deps.store.backlog(tx));
  }

  versionsUsing(tx: DbOrTrx, uscc: string, recordId: number): Promise<VersionUsage[]> {
    return this.deps.store.versionsUsing(tx, uscc, recordId);
  }
}
