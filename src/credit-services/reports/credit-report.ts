import type { ProfileScope } from '../../platform/profile-scopes.js';

/** Who a report was issued to: the enterprise itself, or an institution through the consent gate. */
export type ReportRecipient = { kind: 'enterprise' } | { kind: 'institution'; institutionId: string; accessLogId: number };

/** A record left out of the report because it was repaired (信用修复) or withdrawn (撤销). */
export interface LeftOutRecord {
  categoryLabel: string;
  scope: ProfileScope;
  recordKey: string;
  status: 'repaired' | 'withdrawn';
  changedAt: Date | null;
  sourceName: string | null;
}

/** An issued report without its bytes (what lists and the public verification show). */
export interface CreditReportMeta {
  id: string;
  verificationCode: string;
  enterpriseId: string;
  uscc: string;
  enterpriseName: string;
  profileVersion: number;
  scopes: ProfileScope[];
  issuedTo: 'enterprise' | 'institution';
  institutionId: string | null;
  accessLogId: number | null;
  leftOutCount: number;
  issuedAt: Date;
  /** SM3 digest (hex) of the PDF file. */
  sm3: string;
  sizeBytes: number;
}

export interface IssuedReport {
  meta: CreditReportMeta;
  pdf: Buffer;
}

/** The outcome of checking a copy: `match` only when the file's SM3 digest is an issued report's (and the code's, when given). */
export interface ReportVerification {
  match: boolean;
  sm3: string;
  report: CreditReportMeta | null;
}
