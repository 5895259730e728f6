import type { DbOrTrx } from '../../db/database.js';
import type { Objection, ObjectionAttachment, ObjectionOutcome, ObjectionStatus } from './objection.js';

export type NewObjection = Pick<Objection, 'enterpriseId' | 'uscc' | 'category' | 'recordKey' | 'sourceInstitutionId' | 'reasons' | 'filedAt' | 'dueOn'>;

export interface ObjectionAnswer {
  outcome: ObjectionOutcome;
  reason: string;
  correctionBatchId: string | null;
  answeredAt: Date;
  answeredBy: string;
}

export interface ObjectionFilter {
  enterpriseId?: string;
  sourceInstitutionId?: string;
  status?: ObjectionStatus;
  escalated?: boolean;
}

export interface ObjectionStore {
  /** Undefined when the record already has an open objection. */
  insert(tx: DbOrTrx, o: NewObjection): Promise<Objection | undefined>;
  /** Locks the row (the answer and the escalation decide on it). */
  lock(tx: DbOrTrx, id: string): Promise<Objection | undefined>;
  list(tx: DbOrTrx, filter: ObjectionFilter, limit: number): Promise<Objection[]>;
  answer(tx: DbOrTrx, id: string, answer: ObjectionAnswer): Promise<Objection>;
  /** Marks open objections due before `today` and not yet escalated as escalated; returns them. */
  escalateOverdue(tx: DbOrTrx, today: string, at: Date): Promise<Objection[]>;
  addAttachment(tx: DbOrTrx, objectionId: string, a: Omit<ObjectionAttachment, 'id'> & { content: Buffer }): Promise<ObjectionAttachment>;
  attachments(tx: DbOrTrx, objectionId: string): Promise<ObjectionAttachment[]>;
}

const COLUMNS = `id, number, enterprise_id as "enterpriseId", uscc, category, record_key as "recordKey",
  source_institution_id as "sourceInstitutionId", reasons, status, filed_at as "filedAt", to_char(due_on, 'YYYY-MM-DD') as "dueOn",
  escalated_at as "escalatedAt", answer_reason as "answerReason", correction_batch_id as "correctionBatchId", answered_at as "answeredAt"`;
const ATTACHMENT = `id, file_name as "fileName", media_type as "mediaType", size_bytes as "sizeBytes", sm3, uploaded_at as "uploadedAt"`;

const row = (r: Objection): Objection => ({
  ...r,
  filedAt: new Date(r.filedAt),
  escalatedAt: r.escalatedAt && new Date(r.escalatedAt),
  answeredAt: r.answeredAt && new Date(r.answeredAt),
});
const attachment = (r: ObjectionAttachment): ObjectionAttachment => ({ ...r, id: Number(r.id), uploadedAt: new Date(r.uploadedAt) });

export const objectionStore: ObjectionStore = {
  async insert(tx, o) {
    const result = await tx.raw(
      `insert into credit_objections (number, enterprise_id, uscc, category, record_key, source_institution_id, reasons, filed_at, due_on)
       values ('YY' || to_char(?::timestamptz at time zone 'Asia/Shanghai', 'YYYYMMDD') || '-' || upper(substr(md5(gen_random_uuid()::text), 1, 6)),
               ?, ?, ?, ?, ?, ?, ?, ?)
       on conflict (category, record_key) where status = 'open' do nothing
       returning ${COLUMNS}`,
      [o.filedAt, o.enterpriseId, o.uscc, o.category, o.recordKey, o.sourceInstitutionId, o.reasons, o.filedAt, o.dueOn],
    );
    const r = (result.rows as Objection[])[0];
    return r && row(r);
  },

  async lock(tx, id) {
    const result = await tx.raw(`select ${COLUMNS} from credit_objections where id = ? for update`, [id]);
    const r = (result.rows as Objection[])[0];
    return r && row(r);
  },

  async list(tx, f, limit) {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const equal = (column: string, value: string | undefined) => {
      if (value === undefined) return;
      where.push(`${column} = ?`);
      args.push(value);
    };
    equal('enterprise_id', f.enterpriseId);
    equal('source_institution_id', f.sourceInstitutionId);
    equal('status', f.status);
    if (f.escalated !== undefined) where.push(f.escalated ? 'escalated_at is not null' : 'escalated_at is null');
    const result = await tx.raw(
      `select ${COLUMNS} from credit_objections ${where.length ? `where ${where.join(' and ')}` : ''} order by filed_at desc, id limit ?`,
      [...args, limit],
    );
    return (result.rows as Objection[]).map(row);
  },

  async answer(tx, id, a) {
    const result = await tx.raw(
      `update credit_objections set status = ?, answer_reason = ?, correction_batch_id = ?, answered_at = ?, answered_by = ?
       where id = ? returning ${COLUMNS}`,
      [a.outcome, a.reason, a.correctionBatchId, a.answeredAt, a.answeredBy, id],
    );
    return row((result.rows as Objection[])[0]!);
  },

  async escalateOverdue(tx, today, at) {
    const result = await tx.raw(
      `update credit_objections set escalated_at = ?
       where status = 'open' and escalated_at is null and due_on < ?
       returning ${COLUMNS}`,
      [at, today],
    );
    return (result.rows as Objection[]).map(row);
  },

  async addAttachment(tx, objectionId, a) {
    const result = await tx.raw(
      `insert into credit_objection_attachments (objection_id, file_name, media_type, size_bytes, sm3, content, uploaded_at)
       values (?, ?, ?, ?, ?, ?, ?) returning ${ATTACHMENT}`,
      [objectionId, a.fileName, a.mediaType, a.sizeBytes, a.sm3, a.content, a.uploadedAt],
    );
    return attachment((result.rows as ObjectionAttachment[])[0]!);
  },

  async attachments(tx, objectionId) {
    const result = await tx.raw(`select ${ATTACHMENT} from credit_objection_attachments where objection_id = ? order by id`, [objectionId]);
    return (result.rows as ObjectionAttachment[]).map(attachment);
  },
};
