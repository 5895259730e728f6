import type { Db, DbOrTrx } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import { MAX_ATTACHMENT_BYTES, sniffAttachment } from '../../platform/attachment-check.js';
import type { Clock } from '../../platform/clock.js';
import { conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { sm3Hex, type Sm4FieldCipher } from '../../platform/national-crypto.js';
import type { Principal } from '../../platform/roles.js';
import type { ApplicationStateMachine } from '../applications/application-state-machine.js';
import type { ApplicationStore } from '../applications/application-store.js';
import { institutionActor, type ApplicationEvent, type LoanApplication } from '../applications/loan-application.js';
import type { BankAccess } from '../applications/bank-access.js';
import type { AssignmentStore } from '../assignment/assignment-store.js';
import { MAX_ANSWER_DOCUMENTS, type ApplicationDocument, type ApplicationMessage, type TimelineEntry } from './dialogue.js';
import type { DialogueStore } from './dialogue-store.js';
import type { OutboxStore } from '../../platform/outbox/outbox-store.js';
import { tellBankMaterialSupplied } from './material-supplied-event.js';

export interface DialogueServiceDeps {
  db: Db;
  transaction: TransactionRunner;
  /** Reads only: every move goes through `machine`. */
  applications: ApplicationStore;
  machine: ApplicationStateMachine;
  store: DialogueStore;
  assignments: Pick<AssignmentStore, 'history'>;
  /** Who may act for the application's bank (decision 0037). */
  access: Pick<BankAccess, 'application'>;
  cipher: Pick<Sm4FieldCipher, 'encrypt' | 'decrypt'>;
  /** Events to the bank's own system (the SME's answer), in the answer's transaction. */
  outbox: Pick<OutboxStore, 'enqueue'>;
  clock: Clock;
}

export interface UploadedFile {
  name: string;
  declaredType: string | undefined;
  bytes: Buffer;
}

/**
 * The dialogue on a loan application (补充材料): the officer asks for named material, which moves
 * the application to ACTION_REQUIRED; the SME uploads files (type by content, SM3 digest,
 * SM4-encrypted at rest) and answers, which moves it back to the bank (UNDER_REVIEW). The bank
 * protocols carry no "material supplied" event, so the officer finds the answer in the web (the
 * work queue lists it). Both sides see every message and file on the application's timeline.
 */
export class DialogueService {
  constructor(private readonly deps: DialogueServiceDeps) {}

  async requestMaterial(officer: Principal, applicationId: string, input: { items: string[]; note: string }): Promise<ApplicationMessage> {
    return this.deps.transaction(async (tx) => {
      const application = await this.ofBank(tx, officer, applicationId, true);
      const actor = institutionActor(officer);
      const now = this.deps.clock.now();
      const description = [`请补充：${input.items.join('；')}`, input.note].filter(Boolean).join('。');
      await this.deps.machine.applyOfficerEvent(
        tx,
        application,
        { eventId: `${actor.type}:${actor.id}`, applicationId, type: 'action_required', occurredAt: now, action: { type: 'ADD_DOCUMENT', description } },
        actor,
      );
      return this.deps.store.insertMessage(tx, {
        applicationId,
        kind: 'material_request',
        authorType: 'bank_officer',
        authorId: officer.userId,
        items: input.items,
        body: input.note,
        createdAt: now,
      });
    });
  }

  /**
   * Whether the enterprise may upload a file for the application now, asked before the file is
   * read: another's application, or one the bank asked nothing of, costs the platform no upload.
   * `upload` checks again in its transaction.
   */
  async assertMayUpload(enterprise: Principal, applicationId: string): Promise<void> {
    const application = await this.ownedBy(this.deps.db, enterprise, applicationId, false);
    if (application.status !== 'ACTION_REQUIRED') throw conflict('MATERIAL_NOT_REQUESTED', '银行未要求补充材料，当前不能上传');
  }

  /** A file for the answer being prepared; only while the bank waits for material. */
  async upload(enterprise: Principal, applicationId: string, file: UploadedFile): Promise<ApplicationDocument> {
    if (file.bytes.length === 0) {
      throw unprocessable('FILE_EMPTY', '文件为空', [{ field: 'file', code: 'FILE_EMPTY', message: '请选择要上传的文件' }]);
    }
    if (file.bytes.length > MAX_ATTACHMENT_BYTES) {
      throw unprocessable('FILE_TOO_LARGE', `文件不能超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`, [{ field: 'file', code: 'FILE_TOO_LARGE', message: '文件过大' }]);
    }
    const mediaType = sniffAttachment(file.bytes, file.declaredType, 'file') as ApplicationDocument['mediaType'];
    return this.deps.transaction(async (tx) => {
      const application = await this.ownedBy(tx, enterprise, applicationId, true);
      if (application.status !== 'ACTION_REQUIRED') throw conflict('MATERIAL_NOT_REQUESTED', '银行未要求补充材料，当前不能上传');
      if ((await this.deps.store.pendingDocuments(tx, applicationId)).length >= MAX_ANSWER_DOCUMENTS) {
        throw conflict('TOO_MANY_DOCUMENTS', `每次答复最多 ${MAX_ANSWER_DOCUMENTS} 个文件`);
      }
      return this.deps.store.insertDocument(tx, {
        applicationId,
        fileName: file.name,
        mediaType,
        sizeBytes: file.bytes.length,
        sm3: sm3Hex(file.bytes),
        contentEnc: this.deps.cipher.encrypt(file.bytes.toString('base64')),
        uploadedBy: enterprise.userId,
        uploadedAt: this.deps.clock.now(),
      });
    });
  }

  /** The SME's answer: its text and the files uploaded for it; the application goes back to the bank. */
  async answer(enterprise: Principal, applicationId: string, input: { text: string; documentIds: number[] }): Promise<ApplicationMessage> {
    return this.deps.transaction(async (tx) => {
      const application = await this.ownedBy(tx, enterprise, applicationId, true);
      const pending = new Set((await this.deps.store.pendingDocuments(tx, applicationId)).map((d) => d.id));
      const unknown = input.documentIds.filter((id) => !pending.has(id));
      if (unknown.length) {
        throw unprocessable('DOCUMENT_NOT_FOUND', '所附文件不存在或已随其他答复提交', [
          { field: 'documentIds', code: 'DOCUMENT_NOT_FOUND', message: `文件 ${unknown.join('、')} 不存在或已提交` },
        ]);
      }
      const message = await this.deps.store.insertMessage(tx, {
        applicationId,
        kind: 'answer',
        authorType: 'enterprise',
        authorId: enterprise.userId,
        items: null,
        body: input.text,
        createdAt: this.deps.clock.now(),
      });
      await this.deps.machine.supplyMaterial(tx, application, { type: 'enterprise', id: enterprise.userId }, { messageId: message.id, documents: input.documentIds.length });
      await this.deps.store.attachDocuments(tx, message.id, input.documentIds);
      await tellBankMaterialSupplied(tx, this.deps.outbox, application, { messageId: message.id, documents: input.documentIds.length, at: message.createdAt });
      return message;
    });
  }

  async timelineForEnterprise(enterprise: Principal, applicationId: string): Promise<TimelineEntry[]> {
    await this.ownedBy(this.deps.db, enterprise, applicationId, false);
    return this.timeline(applicationId, false);
  }

  async timelineForBank(officer: Principal, applicationId: string): Promise<TimelineEntry[]> {
    await this.ofBank(this.deps.db, officer, applicationId, false);
    return this.timeline(applicationId, true);
  }

  /** Files uploaded and not yet sent (the SME's answer being prepared). */
  async pendingForEnterprise(enterprise: Principal, applicationId: string): Promise<ApplicationDocument[]> {
    await this.ownedBy(this.deps.db, enterprise, applicationId, false);
    return this.deps.store.pendingDocuments(this.deps.db, applicationId);
  }

  async downloadForEnterprise(enterprise: Principal, applicationId: string, documentId: number) {
    await this.ownedBy(this.deps.db, enterprise, applicationId, false);
    return this.download(applicationId, documentId, false);
  }

  /** Only a file the SME sent with an answer: one still pending (uploaded, not sent) is the SME's alone. */
  async downloadForBank(officer: Principal, applicationId: string, documentId: number) {
    await this.ofBank(this.deps.db, officer, applicationId, false);
    return this.download(applicationId, documentId, true);
  }

  private async download(applicationId: string, documentId: number, sentOnly: boolean): Promise<{ document: ApplicationDocument; bytes: Buffer }> {
    const found = await this.deps.store.content(this.deps.db, applicationId, documentId);
    if (!found || (sentOnly && found.messageId === null)) throw notFound('DOCUMENT_NOT_FOUND', '文件不存在');
    const { contentEnc, ...document } = found;
    const bytes = Buffer.from(this.deps.cipher.decrypt(contentEnc), 'base64');
    // The digest recorded at upload proves the stored file is the one the SME sent.
    if (sm3Hex(bytes) !== document.sm3) throw new Error(`application document ${documentId}: SM3 digest mismatch`);
    return { document, bytes };
  }

  private async timeline(applicationId: string, bankSide: boolean): Promise<TimelineEntry[]> {
    const { db, applications, store, assignments } = this.deps;
    const [events, messages, documents, history] = await Promise.all([
      applications.listEvents(db, applicationId),
      store.messages(db, applicationId),
      store.documents(db, applicationId),
      bankSide ? assignments.history(db, applicationId) : Promise.resolve([]),
    ]);
    const entries: TimelineEntry[] = [
      ...events.map(statusEntry),
      ...messages.map(
        (m): TimelineEntry => ({
          kind: m.kind,
          occurredAt: m.createdAt,
          actorType: m.authorType,
          fromStatus: null,
          toStatus: null,
          action: null,
          text: m.body || null,
          items: m.items ?? [],
          documents: documents.filter((d) => d.messageId === m.id),
          assignment: null,
        }),
      ),
      ...history.map(
        (h): TimelineEntry => ({
          kind: 'assignment',
          occurredAt: h.assignedAt,
          actorType: 'bank_officer',
          fromStatus: null,
          toStatus: null,
          action: null,
          text: null,
          items: [],
          documents: [],
          assignment: { how: h.how, branchName: h.branchName, officerName: h.officerName },
        }),
      ),
    ];
    // Stable: a message written in the same instant as its status move follows it.
    return entries.map((e, i) => ({ e, i })).sort((a, b) => a.e.occurredAt.getTime() - b.e.occurredAt.getTime() || a.i - b.i).map(({ e }) => e);
  }

  private async ownedBy(tx: DbOrTrx, enterprise: Principal, id: string, forUpdate: boolean): Promise<LoanApplication> {
    if (!enterprise.enterpriseId) throw forbidden('ENTERPRISE_REQUIRED', '仅企业账号可操作');
    const application = await this.deps.applications.findById(tx, id, { forUpdate });
    if (!application || application.enterpriseId !== enterprise.enterpriseId) throw notFound('APPLICATION_NOT_FOUND', '贷款申请不存在');
    return application;
  }

  private ofBank(tx: DbOrTrx, officer: Principal, id: string, forUpdate: boolean): Promise<LoanApplication> {
    return this.deps.access.application(tx, officer, id, { forUpdate });
  }
}

/** A status move as the timeline shows it; the note is the officer's (decision note, rejection, request). */
function statusEntry(e: ApplicationEvent): TimelineEntry {
  const d = e.details as { note?: string; rejection?: { description?: string }; action?: { description?: string } };
  return {
    kind: 'status',
    occurredAt: e.occurredAt,
    actorType: e.actorType,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    action: e.action,
    text: d.note || d.rejection?.description || d.action?.description || e.reason || null,
    items: [],
    documents: [],
    assignment: null,
  };
}
