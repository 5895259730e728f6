import type { DbOrTrx } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import type { CreditRecord } from '../../ingestion/records/credit-record.js';
import type { NoticeInput } from '../../ingestion/records/record-service.js';
import { nextDayEight } from '../../national-feed/provincial-sync-service.js';
import { UPWARD_RESULTS_CHANNEL } from '../../national-feed/upward-results.js';
import { shanghaiDate } from '../../platform/business-date.js';
import type { Clock } from '../../platform/clock.js';
import { conflict, notFound, unprocessable } from '../../platform/errors.js';
import { sm3Hex } from '../../platform/national-crypto.js';
import type { NewOutboxMessage } from '../../platform/outbox/outbox-message.js';
import type { Principal } from '../../platform/roles.js';
import { MAX_ATTACHMENTS, sniffAttachment } from '../../platform/attachment-check.js';
import type { Objection, ObjectionAttachment, ObjectionOutcome, ObjectionStatus } from './objection.js';
import type { ObjectionStore } from './objection-store.js';

export const OBJECTION_RESOLVED_TOPIC = 'credit_objection.resolved';
const LIST_LIMIT = 200;

export interface ObjectionServiceDeps {
  transaction: TransactionRunner;
  store: ObjectionStore;
  clock: Clock;
  answerWorkingDays: number;
  enqueue(tx: DbOrTrx, message: NewOutboxMessage): Promise<void>;
  enterpriseUscc(tx: DbOrTrx, enterpriseId: string): Promise<string>;
  findRecord(tx: DbOrTrx, category: string, recordKey: string): Promise<CreditRecord>;
  setDisputed(tx: DbOrTrx, record: CreditRecord, disputed: boolean): Promise<void>;
  /**
   * A withdrawal goes through ingestion's notice path (the record stops being used; its audit
   * keeps the event), inside the answer's transaction.
   */
  applyNotice(tx: DbOrTrx, principal: Principal, input: NoticeInput): Promise<unknown>;
  addWorkingDays(tx: DbOrTrx, day: string, n: number): Promise<string>;
}

export interface FileObjection {
  category: string;
  recordKey: string;
  reasons: string;
}

export interface AnswerObjection {
  outcome: ObjectionOutcome;
  reason: string;
  /** For `corrected`: the ingestion batch that re-sent the record with corrected values. */
  correctionBatchId?: string;
}

/**
 * 异议: an enterprise disputes one of its records; the record is marked 异议中 at once; the
 * delivering department answers within the configured working days (corrected through a new
 * delivery, withdrawn through a withdrawal notice, or upheld), and the result is queued in the
 * same transaction for the upward sync before 08:00 the next day. Overdue objections escalate
 * to the financial office.
 */
export class ObjectionService {
  constructor(private readonly deps: ObjectionServiceDeps) {}

  async file(enterpriseId: string, input: FileObjection): Promise<Objection> {
    const now = this.deps.clock.now();
    return this.deps.transaction(async (tx) => {
      const uscc = await this.deps.enterpriseUscc(tx, enterpriseId);
      const record = await this.deps.findRecord(tx, input.category, input.recordKey);
      if (record.uscc !== uscc) throw notFound('RECORD_NOT_FOUND', '未找到该记录（请核对数据类别和记录键）');
      if (record.status !== 'active') throw conflict('RECORD_NOT_ACTIVE', '该记录已修复或撤销，不再使用，无需提出异议');
      const dueOn = await this.deps.addWorkingDays(tx, shanghaiDate(now), this.deps.answerWorkingDays);
      const created = await this.deps.store.insert(tx, {
        enterpriseId,
        uscc,
        category: record.category,
        recordKey: record.recordKey,
        sourceInstitutionId: record.sourceInstitutionId,
        reasons: input.reasons,
        filedAt: now,
        dueOn,
      });
      if (!created) throw conflict('OBJECTION_ALREADY_OPEN', '该记录已有正在处理的异议');
      await this.deps.setDisputed(tx, record, true);
      return created;
    });
  }

  /**
   * Whether the enterprise may attach a file to the objection now, asked before the file is read:
   * another's objection, an answered one or a full one costs the platform no upload. `attach`
   * checks again in its transaction.
   */
  async assertMayAttach(enterpriseId: string, objectionId: string): Promise<void> {
    await this.deps.transaction((tx) => this.attachable(tx, enterpriseId, objectionId));
  }

  async attach(enterpriseId: string, objectionId: string, file: { name: string; declaredType: string | undefined; bytes: Buffer }): Promise<ObjectionAttachment> {
    const mediaType = sniffAttachment(file.bytes, file.declaredType);
    return this.deps.transaction(async (tx) => {
      await this.attachable(tx, enterpriseId, objectionId);
      return this.deps.store.addAttachment(tx, objectionId, {
        fileName: file.name,
        mediaType,
        sizeBytes: file.bytes.length,
        sm3: sm3Hex(file.bytes),
        content: file.bytes,
        uploadedAt: this.deps.clock.now(),
      });
    });
  }

  private async attachable(tx: DbOrTrx, enterpriseId: string, objectionId: string): Promise<void> {
    const objection = await this.deps.store.lock(tx, objectionId);
    if (!objection || objection.enterpriseId !== enterpriseId) throw notFound('OBJECTION_NOT_FOUND', '未找到该异议');
    if (objection.status !== 'open') throw conflict('OBJECTION_ALREADY_ANSWERED', '异议已处理，不能再补充材料');
    if ((await this.deps.store.attachments(tx, objectionId)).length >= MAX_ATTACHMENTS) {
      throw conflict('TOO_MANY_ATTACHMENTS', `每件异议最多 ${MAX_ATTACHMENTS} 个附件`);
    }
  }

  listOwn(enterpriseId: string): Promise<Objection[]> {
    return this.deps.transaction((tx) => this.deps.store.list(tx, { enterpriseId }, LIST_LIMIT));
  }

  /** The department sees objections to its own records; the financial office and operators see all. */
  list(principal: Principal, filter: { status?: ObjectionStatus; escalated?: boolean }): Promise<Objection[]> {
    const sourceInstitutionId = principal.role === 'data_source' ? principal.institutionId! : undefined;
    return this.deps.transaction((tx) => this.deps.store.list(tx, { ...filter, sourceInstitutionId }, LIST_LIMIT));
  }

  attachments(principal: Principal, objectionId: string): Promise<ObjectionAttachment[]> {
    return this.deps.transaction(async (tx) => {
      this.visible(principal, await this.deps.store.lock(tx, objectionId));
      return this.deps.store.attachments(tx, objectionId);
    });
  }

  async answer(principal: Principal, objectionId: string, input: AnswerObjection): Promise<Objection> {
    // One transaction, the objection locked throughout: a withdrawal notice never commits for an
    // objection another answer settled meanwhile (it did, leaving a record withdrawn under an upheld answer).
    return this.deps.transaction(async (tx) => {
      const objection = this.open(principal, await this.deps.store.lock(tx, objectionId));
      if (input.outcome === 'withdrawn') {
        await this.deps.applyNotice(tx, principal, {
          category: objection.category,
          recordKey: objection.recordKey,
          kind: 'withdrawal',
          noticeNo: `异议${objection.number}`,
          reason: input.reason,
        });
      }
      const record = await this.deps.findRecord(tx, objection.category, objection.recordKey);
      if (input.outcome === 'corrected') this.checkCorrection(objection, record, input.correctionBatchId);
      const answeredAt = this.deps.clock.now();
      const answered = await this.deps.store.answer(tx, objectionId, {
        outcome: input.outcome,
        reason: input.reason,
        correctionBatchId: input.outcome === 'corrected' ? input.correctionBatchId! : null,
        answeredAt,
        answeredBy: principal.userId,
      });
      await this.deps.setDisputed(tx, record, false);
      await this.deps.enqueue(tx, {
        channel: UPWARD_RESULTS_CHANNEL,
        target: 'provincial_node',
        topic: OBJECTION_RESOLVED_TOPIC,
        messageKey: `objection:${objectionId}:resolved`,
        payload: {
          objectionNumber: answered.number,
          uscc: answered.uscc,
          category: answered.category,
          recordKey: answered.recordKey,
          outcome: answered.status,
          reason: input.reason,
          filedAt: answered.filedAt.toISOString(),
          answeredAt: answeredAt.toISOString(),
          deliverBy: nextDayEight(answeredAt).toISOString(),
        },
      });
      return answered;
    });
  }

  /** Escalates every open objection past its due date once; returns those escalated now. */
  escalateOverdue(): Promise<Objection[]> {
    const now = this.deps.clock.now();
    return this.deps.transaction((tx) => this.deps.store.escalateOverdue(tx, shanghaiDate(now), now));
  }

  private visible(principal: Principal, objection: Objection | undefined): Objection {
    const own = principal.role === 'data_source' ? objection?.sourceInstitutionId === principal.institutionId : principal.role !== 'enterprise' || objection?.enterpriseId === principal.enterpriseId;
    if (!objection || !own) throw notFound('OBJECTION_NOT_FOUND', '未找到该异议');
    return objection;
  }

  private open(principal: Principal, objection: Objection | undefined): Objection {
    const found = this.visible(principal, objection);
    if (found.status !== 'open') throw conflict('OBJECTION_ALREADY_ANSWERED', '该异议已处理');
    return found;
  }

  /** A correction must have arrived through ingestion (a later delivery of the record, with its provenance). */
  private checkCorrection(objection: Objection, record: CreditRecord, batchId: string | undefined): void {
    if (!batchId || record.batchId !== batchId || new Date(record.receivedAt) <= objection.filedAt) {
      throw unprocessable('CORRECTION_NOT_RECEIVED', '请先通过数据报送重新报送更正后的记录，并填写该批次编号', [
        { field: 'correctionBatchId', code: 'correction_not_received', message: '该批次没有在异议提出后更正此记录' },
      ]);
    }
  }
}
