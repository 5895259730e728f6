import type { BankGateway } from '../../../bank-adapters/gateway.js';
import { BankAdapterError, type BankEvent, type CallbackReply, type InboundCallback } from '../../../bank-adapters/port.js';
import type { Db } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import { notFound, unprocessable, validationError, type DomainError } from '../../platform/errors.js';
import type { Logger } from '../../platform/logger.js';
import { sm3Hex } from '../../platform/national-crypto.js';
import { shanghaiMonth } from '../../platform/partitions/month-range.js';
import type { ApplicationStateMachine } from '../applications/application-state-machine.js';
import type { ApplicationStatus } from '../applications/application-status.js';
import type { ApplicationStore } from '../applications/application-store.js';
import { isLoanLimitRefusal, mayBeEarly } from '../applications/ledger-limits.js';
import type { BankCallbackStore } from './bank-callback-store.js';
import type { RefusalNotices } from './refusal-notices.js';
import type { BankDirectory } from '../bank-directory.js';

/** Statuses in which the bank still has something to tell us. */
const AWAITING_BANK: readonly ApplicationStatus[] = [
  'SUBMITTED',
  'ACCEPTED',
  'UNDER_REVIEW',
  'ACTION_REQUIRED',
  'APPROVED',
  'CONTRACTED',
  'DISBURSED',
  'REPAYING',
];

export interface BankSyncDeps {
  db: Db;
  transaction: TransactionRunner;
  gateway: BankGateway;
  callbacks: BankCallbackStore;
  /** Reads only (which applications the banks have been silent about). */
  applications: ApplicationStore;
  /** Writes every bank report, under its own row lock. */
  machine: ApplicationStateMachine;
  banks: BankDirectory;
  clock: Clock;
  logger: Logger;
  pollSilentMinutes: number;
  /** Refused callbacks kept per bank in the window; past it they are refused alike and not kept (0045). */
  rejectionLimit: { max: number; windowSeconds: number };
  notices: RefusalNotices;
}

/** Polls of one round to a bank that all fail before the rest of its applications wait for the next round. */
export const POLL_FAILURES_BEFORE_SKIP = 3;
const REFUSED_POLL_REPORTS_KEPT = 10_000;

/** A status query answering "not found" for an application the bank acknowledged. */
class UnknownToBankError extends Error {
  override readonly name = 'UnknownToBankError';
}

interface PollRound {
  polled: number;
  failed: number;
  skipped: number;
  /** The first failure, for the log. */
  error?: { applicationId: string; err: unknown };
}

/** The fingerprint of an event's content (transport details such as the attempt time left out). */
function fingerprintOf(event: BankEvent): string {
  const { occurredAt: _at, ...content } = event;
  const canonical = JSON.stringify(content, (_k, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
  return sm3Hex(canonical);
}

/**
 * Keeps applications in step with the banks' systems: signed callbacks (verify, dedupe on the
 * event id, apply, acknowledge only after commit) and the polling job for silent banks.
 */
export class BankSyncService {
  /** Per bank whose last poll round failed: the kind of failure, so a change is told once (reportRound). */
  private readonly pollFailures = new Map<string, string>();
  /** Refused poll reports already warned of (application, event, code); forgotten past REFUSED_POLL_REPORTS_KEPT. */
  private readonly refusedPollReports = new Set<string>();

  constructor(private readonly deps: BankSyncDeps) {}

  /**
   * Refused callbacks kept six months, as the delivery log (network logs, 《网络安全法》 art. 21):
   * long enough to answer a bank's question about a month-old refusal.
   */
  purgeRefusals(): Promise<number> {
    const { callbacks, db, clock } = this.deps;
    return callbacks.deleteRefusalsBefore(db, shanghaiMonth(clock.now(), -6).from);
  }

  /**
   * One inbound callback. A refused signature is logged and answered in the bank's protocol; a
   * repeated event id returns the first result; the same id with different content is 422.
   */
  async handleCallback(bankCode: string, inbound: InboundCallback, remoteAddress: string | null): Promise<CallbackReply> {
    const { gateway, logger, callbacks, db } = this.deps;
    if (!(await gateway.has(bankCode))) throw notFound('BANK_NOT_CONNECTED', `银行 ${bankCode} 未接入回调`);
    const verified = await gateway.verifyCallback(bankCode, inbound);
    if (!verified.ok) {
      // The endpoint takes anyone's request: the refusals kept are bounded, the answer is the same.
      const kept = await callbacks.logRefusal(db, { bankCode, reason: verified.reason, remoteAddress, bodySm3: sm3Hex(inbound.rawBody) }, this.deps.rejectionLimit);
      logger.warn({ bankCode, reason: verified.reason, remoteAddress, malformed: verified.malformed, kept }, 'bank callback refused');
      // Signed by the bank but malformed: its data is wrong, not its key, so 400 naming the fields.
      if (verified.malformed) throw validationError('CALLBACK_MALFORMED', '回调内容有误：' + verified.malformed.map((e) => `${e.field}：${e.message}`).join('；'), verified.malformed);
      return gateway.acknowledgeCallback(bankCode, { accepted: false, refusal: 'unverified', message: verified.reason, detail: verified.detail });
    }
    const event = verified.event;
    const fingerprint = fingerprintOf(event);
    const claim = { bankCode, eventId: event.eventId, fingerprint, applicationId: event.applicationId };
    let result: { outcome: string; message?: string };
    try {
      result = await this.deps.transaction(async (tx) => {
        const claimed = await callbacks.claim(tx, claim);
        if (claimed === undefined) return this.replay(tx, bankCode, claim, verified.eventIdField);
        const outcome = await this.applyWithin(tx, bankCode, event);
        await callbacks.complete(tx, claimed, outcome.result, outcome);
        return { outcome: outcome.result };
      });
    } catch (error) {
      if (!isLoanLimitRefusal(error)) throw error;
      result = await this.refuse(bankCode, claim, verified.eventIdField, error);
    }
    if (result.outcome === 'unknown_application') {
      return gateway.acknowledgeCallback(bankCode, { accepted: false, refusal: 'unknown_application', message: 'unknown application' });
    }
    if (result.outcome === 'refused') {
      return gateway.acknowledgeCallback(bankCode, { accepted: false, refusal: 'out_of_range', message: result.message ?? 'out of range' });
    }
    return gateway.acknowledgeCallback(bankCode, { accepted: true, message: 'success' });
  }

  /** A repeated event id: the first result (a refusal again for a refused one); different content is 422. */
  private async replay(tx: Parameters<Parameters<TransactionRunner>[0]>[0], bankCode: string, claim: { eventId: string; fingerprint: string }, eventIdField: string) {
    const { eventId, fingerprint } = claim;
    const first = await this.deps.callbacks.find(tx, bankCode, eventId);
    if (first && first.fingerprint !== fingerprint) {
      throw unprocessable('EVENT_ID_REUSED', `事件编号 ${eventId} 已用于内容不同的回调`, [
        { field: eventIdField, code: 'EVENT_ID_REUSED', message: '同一事件编号的内容与首次不一致' },
      ]);
    }
    const message = typeof first?.result.message === 'string' ? first.result.message : undefined;
    return { outcome: first?.outcome ?? 'duplicate', message };
  }

  /**
   * A callback that breaks a limit of the loan (its transaction rolled back, nothing applied) is
   * recorded under its event id as `refused`, with the fields at fault, so a repeat is refused alike.
   * A refusal a later report may lift (`mayBeEarly`) is answered as refused and recorded nowhere,
   * so the bank's retry is judged afresh.
   */
  private async refuse(bankCode: string, claim: Parameters<BankCallbackStore['claim']>[1], eventIdField: string, error: DomainError) {
    const message = `${error.code}: ${error.message}`;
    const context = { bankCode, applicationId: claim.applicationId, eventId: claim.eventId, code: error.code };
    if (mayBeEarly(error)) {
      this.deps.logger.warn(context, 'bank callback refused until an earlier report arrives');
      return { outcome: 'refused', message };
    }
    this.deps.logger.warn({ ...context, errors: error.errors }, 'bank callback refused: out of range');
    return this.deps.transaction(async (tx) => {
      const claimed = await this.deps.callbacks.claim(tx, claim);
      if (claimed === undefined) return this.replay(tx, bankCode, claim, eventIdField);
      await this.deps.callbacks.complete(tx, claimed, 'refused', { code: error.code, message, errors: error.errors });
      const bank = await this.deps.banks.findByCode(tx, bankCode);
      if (bank) await this.deps.notices.refused(tx, { applicationId: claim.applicationId, bankId: bank.id, eventId: claim.eventId }, error);
      return { outcome: 'refused', message };
    });
  }

  /**
   * One event of a status poll, under a savepoint: a report that breaks a limit of the loan (a
   * settlement the recorded repayments do not cover, a tranche beyond the approval) is refused as
   * its callback would be, and the poll's other reports (the repayments it lists) still apply.
   * Nobody reads a poll's answer, so the bank's admins are told of the refusal (once per event).
   */
  private async applyPolled(tx: Parameters<Parameters<TransactionRunner>[0]>[0], at: { applicationId: string; bankId: string }, event: BankEvent, bankCode: string) {
    try {
      await tx.transaction((savepoint) => this.deps.machine.applyBankReport(savepoint, at, event, { type: 'bank_system', id: bankCode }));
    } catch (error) {
      if (!isLoanLimitRefusal(error)) throw error;
      // The same refused report comes back every poll until the ledgers agree: warned once, as its notice is sent once.
      const key = `${at.applicationId}:${event.eventId}:${error.code}`;
      const seen = this.refusedPollReports.has(key);
      if (!seen) {
        if (this.refusedPollReports.size >= REFUSED_POLL_REPORTS_KEPT) this.refusedPollReports.clear();
        this.refusedPollReports.add(key);
      }
      const line = { bankCode, applicationId: at.applicationId, eventId: event.eventId, code: error.code, errors: error.errors };
      if (seen) this.deps.logger.debug(line, 'status poll report still refused');
      else this.deps.logger.warn(line, 'status poll report refused');
      await this.deps.notices.refused(tx, { ...at, eventId: event.eventId }, error);
    }
  }

  private async applyWithin(tx: Parameters<Parameters<TransactionRunner>[0]>[0], bankCode: string, event: BankEvent) {
    const bank = await this.deps.banks.findByCode(tx, bankCode);
    const outcome = bank && (await this.deps.machine.applyBankReport(tx, { applicationId: event.applicationId, bankId: bank.id }, event, { type: 'bank_system', id: bankCode }));
    if (!outcome) {
      this.deps.logger.warn({ bankCode, applicationId: event.applicationId, eventId: event.eventId }, 'bank callback for an unknown application');
      return { result: 'unknown_application' as const };
    }
    return { result: outcome.result, status: outcome.status };
  }

  /**
   * The polling job: asks each connected bank for applications it has been silent about for
   * `pollSilentMinutes` and applies what it reports (idempotently: repeated facts change nothing).
   * Each bank gets its own `perBank` of its longest-silent applications, so a bank whose polls
   * fail (they keep their place at the head of its queue) never holds up another bank's. A bank
   * whose first `POLL_FAILURES_BEFORE_SKIP` polls of a round all fail is not asked again that
   * round: it is down or refusing, and a hundred more requests would tell nothing new.
   */
  async pollSilent(perBank = 100): Promise<{ polled: number; failed: number; skipped: number }> {
    const { gateway, banks, applications, clock, db } = this.deps;
    const now = clock.now();
    const before = new Date(now.getTime() - this.deps.pollSilentMinutes * 60_000);
    const connected = (await Promise.all((await gateway.bankCodes()).map((code) => banks.findByCode(db, code)))).filter((b) => b !== undefined);
    const total = { polled: 0, failed: 0, skipped: 0 };
    for (const bank of connected) {
      const silent = await applications.listSilent(db, AWAITING_BANK, before, perBank, [bank.id]);
      const round: PollRound = { polled: 0, failed: 0, skipped: 0 };
      for (const application of silent) {
        if (round.failed >= POLL_FAILURES_BEFORE_SKIP && round.failed === round.polled) {
          round.skipped = silent.length - round.polled;
          break;
        }
        round.polled += 1;
        try {
          await this.pollOne(bank, application, now);
        } catch (error) {
          round.failed += 1;
          round.error ??= { applicationId: application.id, err: error };
        }
      }
      this.reportRound(bank.code, round);
      total.polled += round.polled;
      total.failed += round.failed;
      total.skipped += round.skipped;
    }
    return total;
  }

  private async pollOne(bank: { id: string; code: string }, application: { id: string; bankReference: string | null }, now: Date): Promise<void> {
    // Unknown to the bank (null) tells nothing new either: the contact is still recorded. For an
    // application the bank acknowledged with its reference, that is a fault at the bank (a status
    // query on the wrong path answers 404 for all), told as a failed poll instead of in silence.
    const events = await this.deps.gateway.queryStatus(bank.code, {
      idempotencyKey: `poll:${application.id}:${now.toISOString()}`,
      applicationId: application.id,
      bankReference: application.bankReference,
    });
    await this.deps.transaction(async (tx) => {
      const at = { applicationId: application.id, bankId: bank.id };
      for (const event of events ?? []) await this.applyPolled(tx, at, event, bank.code);
      await this.deps.machine.recordBankContact(tx, application.id, now);
    });
    if (events === null && application.bankReference !== null) {
      throw new UnknownToBankError(`the bank acknowledged it as ${application.bankReference}, and its status query answers not found`);
    }
  }

  /**
   * One line per bank and round, and a warning only when something changes: a bank starts
   * failing (or fails another way), or answers again. A bank down for a day wrote a warning with
   * a stack for each of its silent applications every ten minutes, thousands of lines that said
   * one thing; the rounds in between are logged at debug.
   */
  private reportRound(bankCode: string, round: PollRound): void {
    const { logger } = this.deps;
    const was = this.pollFailures.get(bankCode);
    if (round.failed === 0) {
      if (was !== undefined && round.polled > 0) {
        this.pollFailures.delete(bankCode);
        logger.info({ bankCode, polled: round.polled }, 'status polls answered again');
      }
      return;
    }
    const { err, applicationId } = round.error!;
    const kind = err instanceof BankAdapterError ? `${err.bankStatus ?? ''}:${err.retryable}` : err instanceof Error ? err.name : 'unknown';
    this.pollFailures.set(bankCode, kind);
    const line = { bankCode, polled: round.polled, failed: round.failed, skipped: round.skipped, applicationId, err };
    if (was === kind) logger.debug(line, 'status polls still failing');
    else logger.warn(line, 'status polls failed');
  }
}
