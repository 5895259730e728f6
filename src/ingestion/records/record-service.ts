import type { DbOrTrx } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import { notFound } from '../../platform/errors.js';
import type { Principal } from '../../platform/roles.js';
import { findCategory } from '../category-registry.js';
import type { ProfilePort } from './profile-port.js';
import type { CreditRecord, RecordEvent, SupersededValues, VersionUsage } from './credit-record.js';
import type { CreditRecordStore } from './credit-record-store.js';

export interface CreditRecordServiceDeps {
  transaction: TransactionRunner;
  records: CreditRecordStore;
  profiles: ProfilePort;
  clock: Clock;
}

export interface NoticeInput {
  category: string;
  recordKey: string;
  kind: 'repair' | 'withdrawal';
  noticeNo: string;
  reason: string;
}

export interface NoticeResult {
  record: CreditRecord;
  event: RecordEvent;
  /** True when this notice had already been applied (a repeat changes nothing). */
  repeated: boolean;
  profileVersion: number;
}

export interface RecordAudit {
  record: CreditRecord;
  /** Values later re-sends replaced, with their own provenance. */
  history: SupersededValues[];
  events: RecordEvent[];
  usedByProfileVersions: VersionUsage[];
}

/** Stored credit records after their delivery: repair and withdrawal notices, a record's audit, and the records profiles may use. */
export class CreditRecordService {
  constructor(private readonly deps: CreditRecordServiceDeps) {}

  /**
   * A credit-repair or withdrawal notice (信用修复 / 撤销) by record key. From then on the record
   * is not usable; the affected profile is rebuilt in the notice's transaction (no read ever sees
   * the record after the notice commits), and the record stays for the audit.
   * A department may send notices for records it delivered; operators act for the provincial node.
   */
  applyNotice(principal: Principal, input: NoticeInput): Promise<NoticeResult> {
    return this.deps.transaction((tx) => this.applyNoticeWithin(tx, principal, input));
  }

  /** `applyNotice` inside the caller's transaction: the notice commits only with the caller's own work. */
  async applyNoticeWithin(tx: DbOrTrx, principal: Principal, input: NoticeInput): Promise<NoticeResult> {
    findCategory(input.category);
    const institutionId = principal.institutionId;
    const found = await this.deps.records.findByKey(tx, input.category, input.recordKey);
    // Another department's record is answered as one no one delivered: a 403 told that the key exists.
    if (!found || (principal.role !== 'admin' && found.sourceInstitutionId !== institutionId)) {
      throw notFound('RECORD_NOT_FOUND', '未找到该记录（请核对数据类别和记录键）');
    }
    const e: RecordEvent = { kind: input.kind, noticeNo: input.noticeNo, reason: input.reason, institutionId, userId: principal.userId, receivedAt: this.deps.clock.now() };
    const inserted = await this.deps.records.insertEvent(tx, found.id, e);
    if (found.status === 'active') {
      await this.deps.records.setStatus(tx, found, input.kind === 'repair' ? 'repaired' : 'withdrawn', e.receivedAt);
    }
    const [rebuilt] = await this.deps.profiles.refresh(tx, [found.uscc], `${input.kind}:${input.noticeNo}`);
    const record = (await this.deps.records.findByKey(tx, input.category, input.recordKey))!;
    return { record, event: e, repeated: !inserted, profileVersion: rebuilt!.version };
  }

  async recordAudit(principal: Principal, category: string, recordKey: string): Promise<RecordAudit> {
    findCategory(category);
    return this.deps.transaction(async (tx) => {
      const record = await this.deps.records.findByKey(tx, category, recordKey);
      if (!record || (principal.role !== 'admin' && record.sourceInstitutionId !== principal.institutionId)) {
        throw notFound('RECORD_NOT_FOUND', '未找到该记录（请核对数据类别和记录键）');
      }
      return {
        record,
        history: await this.deps.records.history(tx, record.id),
        events: await this.deps.records.events(tx, record.id),
        usedByProfileVersions: await this.deps.profiles.versionsUsing(tx, record.uscc, record.id),
      };
    });
  }

  /**
   * The enterprise's current records a caller may act on (a department: those it delivered, the
   * rule of `recordAudit`; an operator: all), newest receipt first; `truncated` when more than
   * `limit` exist.
   */
  async enterpriseRecords(principal: Principal, uscc: string, category: string | undefined, limit: number): Promise<{ records: CreditRecord[]; truncated: boolean }> {
    if (category !== undefined) findCategory(category);
    const institutionId = principal.role === 'admin' ? null : principal.institutionId;
    // A department account without an institution delivered nothing (null would mean every source).
    if (principal.role !== 'admin' && institutionId === null) return { records: [], truncated: false };
    const found = await this.deps.transaction((tx) => this.deps.records.ofEnterprise(tx, uscc, { category, institutionId, limit: limit + 1 }));
    return { records: found.slice(0, limit), truncated: found.length > limit };
  }

  /** Records profiles may use on `asOf`, by USCC (the profile service's only way to the records). */
  async usableRecords(tx: DbOrTrx, usccs: readonly string[], asOf: string): Promise<Map<string, CreditRecord[]>> {
    const byUscc = new Map<string, CreditRecord[]>();
    for (const r of await this.deps.records.usable(tx, usccs, asOf)) {
      const list = byUscc.get(r.uscc);
      if (list) list.push(r);
      else byUscc.set(r.uscc, [r]);
    }
    return byUscc;
  }

  /** A stored record by its key, in the caller's transaction (an objection names the record it disputes). */
  async findRecord(tx: DbOrTrx, category: string, recordKey: string): Promise<CreditRecord> {
    findCategory(category);
    const record = await this.deps.records.findByKey(tx, category, recordKey);
    if (!record) throw notFound('RECORD_NOT_FOUND', '未找到该记录（请核对数据类别和记录键）');
    return record;
  }

  /** Marks the record 异议中 (or clears it) and rebuilds its profile in the same transaction, so profiles and banks show the mark from the next read. */
  async setDisputed(tx: DbOrTrx, record: Pick<CreditRecord, 'category' | 'recordKey' | 'uscc'>, disputed: boolean): Promise<void> {
    await this.deps.records.setDisputed(tx, record, disputed);
    await this.deps.profiles.refresh(tx, [record.uscc], disputed ? 'objection_filed' : 'objection_closed');
  }

  /** The enterprise's repaired or withdrawn records: what a credit report lists as left out. */
  leftOutRecords(tx: DbOrTrx, uscc: string): Promise<CreditRecord[]> {
    return this.deps.records.leftOut(tx, uscc);
  }
}
