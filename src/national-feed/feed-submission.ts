import type { FieldIssue } from './feed-format.js';

/** Where a submission goes: the national platform, or the provincial node (鄂融通). */
export type FeedTarget = 'national' | 'provincial';

/**
 * building → invalid (a row failed its schema; nothing is sent) | ready → delivered (the
 * adapter took the package) → receipted (per-record receipt stored). `failed`: the build
 * itself broke, or delivery was given up after every retry.
 */
export type SubmissionStatus = 'building' | 'invalid' | 'ready' | 'delivered' | 'receipted' | 'failed';

export interface RowIssue extends FieldIssue {
  recordType: string;
  sourceId: string;
}

export interface Submission {
  id: string;
  target: FeedTarget;
  month: string;
  revision: number;
  formatVersion: string;
  regionCode: string;
  status: SubmissionStatus;
  trigger: 'schedule' | 'manual';
  requestedBy: string | null;
  /** Rows per record type. */
  counts: Record<string, number>;
  manifest: string | null;
  manifestSignature: string | null;
  validationReport: RowIssue[];
  invalidRows: number;
  acceptedRows: number | null;
  rejectedRows: number | null;
  deliveryTicket: string | null;
  error: string | null;
  createdAt: Date;
  builtAt: Date | null;
  deliveredAt: Date | null;
  receiptedAt: Date | null;
  /** How far the build has come (null before its first report, and for revisions built before it was kept). */
  progress: FeedBuildProgress | null;
}

/** A build's progress: rows read so far and record types finished, of the format's record types. */
export interface FeedBuildProgress {
  rows: number;
  recordTypesDone: number;
  recordTypes: number;
}

export type FileKind = 'data' | 'corrections' | 'manifest' | 'receipt';

export interface FeedFile {
  id: number;
  submissionId: string;
  name: string;
  kind: FileKind;
  recordType: string | null;
  format: string;
  rows: number;
  bytes: number;
  sm3: string;
}

export interface Correction {
  id: number;
  target: FeedTarget;
  month: string;
  recordType: string;
  sourceId: string;
  /** The enterprise the record is about, where it is a demand's or an application's (how the office knows it). */
  enterpriseName: string | null;
  submissionId: string;
  reasonCode: string;
  reason: string;
  status: 'open' | 'resolved';
  resolvedBy: string | null;
  createdAt: Date;
  resolvedAt: Date | null;
}
