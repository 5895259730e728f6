import type { ApplicationStatus } from '../applications/application-status.js';
import type { ActorType } from '../applications/loan-application.js';
import type { AssignmentHow } from '../assignment/assignment.js';

/** Most items one request for material (补充材料) may name, and most files one answer may carry. */
export const MAX_REQUEST_ITEMS = 20;
export const MAX_ANSWER_DOCUMENTS = 10;

/** One message of the dialogue on an application: the bank's request for material or the SME's answer. */
export interface ApplicationMessage {
  id: number;
  applicationId: string;
  kind: 'material_request' | 'answer';
  authorType: 'bank_officer' | 'enterprise';
  authorId: string;
  /** What the bank needs (材料清单); null on an answer. */
  items: string[] | null;
  body: string;
  createdAt: Date;
}

/** A file the SME uploaded: its content is kept SM4-encrypted, its SM3 digest in the clear. */
export interface ApplicationDocument {
  id: number;
  applicationId: string;
  /** The answer that carries it; null while the SME is still preparing the answer. */
  messageId: number | null;
  fileName: string;
  mediaType: 'application/pdf' | 'image/png' | 'image/jpeg';
  sizeBytes: number;
  sm3: string;
  uploadedAt: Date;
}

/** One entry of an application's timeline (办理记录), as either side sees it. */
export interface TimelineEntry {
  kind: 'status' | 'material_request' | 'answer' | 'assignment';
  occurredAt: Date;
  actorType: ActorType;
  fromStatus: ApplicationStatus | null;
  toStatus: ApplicationStatus | null;
  action: string | null;
  /** The officer's note on a decision, the request's note, or the answer's text. */
  text: string | null;
  items: string[];
  documents: ApplicationDocument[];
  /** Assignment entries (the bank's side only). */
  assignment: { how: AssignmentHow; branchName: string | null; officerName: string } | null;
}
