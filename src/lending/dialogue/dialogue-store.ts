import type { DbOrTrx } from '../../db/database.js';
import type { ApplicationDocument, ApplicationMessage } from './dialogue.js';

export type NewMessage = Omit<ApplicationMessage, 'id'>;
export type NewDocument = Omit<ApplicationDocument, 'id' | 'messageId'> & { uploadedBy: string; contentEnc: string };

export interface DialogueStore {
  insertMessage(tx: DbOrTrx, message: NewMessage): Promise<ApplicationMessage>;
  messages(tx: DbOrTrx, applicationId: string): Promise<ApplicationMessage[]>;
  insertDocument(tx: DbOrTrx, document: NewDocument): Promise<ApplicationDocument>;
  /** Files uploaded for the application and not yet sent with an answer. */
  pendingDocuments(tx: DbOrTrx, applicationId: string): Promise<ApplicationDocument[]>;
  attachDocuments(tx: DbOrTrx, messageId: number, documentIds: readonly number[]): Promise<void>;
  documents(tx: DbOrTrx, applicationId: string): Promise<ApplicationDocument[]>;
  content(tx: DbOrTrx, applicationId: string, documentId: number): Promise<(ApplicationDocument & { contentEnc: string }) | undefined>;
}

const MESSAGE = `id, application_id as "applicationId", kind, author_type as "authorType", author_id as "authorId", items, body, created_at as "createdAt"`;
const DOCUMENT = `id, application_id as "applicationId", message_id as "messageId", file_name as "fileName", media_type as "mediaType",
  size_bytes as "sizeBytes", sm3, uploaded_at as "uploadedAt"`;

const message = (r: ApplicationMessage): ApplicationMessage => ({ ...r, id: Number(r.id), createdAt: new Date(r.createdAt) });
const document = <T extends ApplicationDocument>(r: T): T => ({
  ...r,
  id: Number(r.id),
  messageId: r.messageId === null ? null : Number(r.messageId),
  sizeBytes: Number(r.sizeBytes),
  uploadedAt: new Date(r.uploadedAt),
});

export const dialogueStore: DialogueStore = {
  async insertMessage(tx, m) {
    const result = await tx.raw(
      `insert into application_messages (application_id, kind, author_type, author_id, items, body, created_at)
       values (?, ?, ?, ?, ?::jsonb, ?, ?) returning ${MESSAGE}`,
      [m.applicationId, m.kind, m.authorType, m.authorId, m.items ? JSON.stringify(m.items) : null, m.body, m.createdAt],
    );
    return message((result.rows as ApplicationMessage[])[0]!);
  },

  async messages(tx, applicationId) {
    const result = await tx.raw(`select ${MESSAGE} from application_messages where application_id = ? order by id`, [applicationId]);
    return (result.rows as ApplicationMessage[]).map(message);
  },

  async insertDocument(tx, d) {
    const result = await tx.raw(
      `insert into application_documents (application_id, file_name, media_type, size_bytes, sm3, content_enc, uploaded_by, uploaded_at)
       values (?, ?, ?, ?, ?, ?, ?, ?) returning ${DOCUMENT}`,
      [d.applicationId, d.fileName, d.mediaType, d.sizeBytes, d.sm3, d.contentEnc, d.uploadedBy, d.uploadedAt],
    );
    return document((result.rows as ApplicationDocument[])[0]!);
  },

  async pendingDocuments(tx, applicationId) {
    const result = await tx.raw(`select ${DOCUMENT} from application_documents where application_id = ? and message_id is null order by id`, [applicationId]);
    return (result.rows as ApplicationDocument[]).map(document);
  },

  async attachDocuments(tx, messageId, documentIds) {
    if (documentIds.length) await tx('application_documents').whereIn('id', documentIds).update({ message_id: messageId });
  },

  async documents(tx, applicationId) {
    const result = await tx.raw(`select ${DOCUMENT} from application_documents where application_id = ? order by id`, [applicationId]);
    return (result.rows as ApplicationDocument[]).map(document);
  },

  async content(tx, applicationId, documentId) {
    const result = await tx.raw(`select ${DOCUMENT}, content_enc as "contentEnc" from application_documents where application_id = ? and id = ?`, [applicationId, documentId]);
    const r = (result.rows as (ApplicationDocument & { contentEnc: string })[])[0];
    return r && document(r);
  },
};
