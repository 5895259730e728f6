import { PROFILE_SCOPES, type ProfileScope } from '../platform/profile-scopes.js';
import type { GateDenial } from './gate-denials.js';

/**
 * 授权 (consent grant): an enterprise lets one bank or guarantee company read some categories of
 * its data for one purpose within a validity window. Modelled on the ReBIT AA `ConsentDetail`
 * (fetch type, frequency, signed artefact, use tracking) and the Berlin Group status that records
 * who ended it.
 */
/** An institution is granted data categories; they are the credit profile's sections. */
export const CONSENT_SCOPES = PROFILE_SCOPES;
export type ConsentScope = ProfileScope;

export const CONSENT_PURPOSES = ['loan_application', 'pre_credit', 'post_loan_monitoring'] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const PURPOSE_LABELS: Record<ConsentPurpose, string> = {
  loan_application: '贷款申请审查',
  pre_credit: '预授信',
  post_loan_monitoring: '贷后监测',
};

export const FETCH_TYPES = ['ONETIME', 'PERIODIC'] as const;
export type FetchType = (typeof FETCH_TYPES)[number];

export const FREQUENCY_UNITS = ['HOUR', 'DAY', 'WEEK', 'MONTH'] as const;
export type FrequencyUnit = (typeof FREQUENCY_UNITS)[number];

export const CONSENT_STATUSES = ['ACTIVE', 'REVOKED', 'EXPIRED', 'TERMINATED'] as const;
export type ConsentStatus = (typeof CONSENT_STATUSES)[number];

/** Who ended a grant: the enterprise (REVOKED), the grantee (TERMINATED) or time (EXPIRED). */
export type EndedByKind = 'enterprise' | 'institution' | 'system';

export interface Frequency {
  unit: FrequencyUnit;
  /** Reads allowed per calendar unit (Asia/Shanghai). */
  value: number;
}

export interface ConsentGrant {
  id: string;
  enterpriseId: string;
  enterpriseUscc: string;
  granteeInstitutionId: string;
  scopes: ConsentScope[];
  purpose: ConsentPurpose;
  applicationId: string | null;
  validFrom: Date;
  validUntil: Date;
  fetchType: FetchType;
  frequency: Frequency | null;
  /** The signed artefact exactly as signed (RFC 8785 canonical JSON). */
  artefact: string;
  /** SM2 (SM3 digest, GB/T 32918) signature over `artefact`, Base64 DER. */
  artefactSignature: string;
  createdBy: string;
  createdAt: Date;
  status: ConsentStatus;
  endedByKind: EndedByKind | null;
  endedBy: string | null;
  endedAt: Date | null;
  endReason: string | null;
}

export type NewConsentGrant = Pick<
  ConsentGrant,
  | 'id'
  | 'enterpriseId'
  | 'enterpriseUscc'
  | 'granteeInstitutionId'
  | 'scopes'
  | 'purpose'
  | 'applicationId'
  | 'validFrom'
  | 'validUntil'
  | 'fetchType'
  | 'frequency'
  | 'artefact'
  | 'artefactSignature'
  | 'createdBy'
  | 'createdAt'
>;

/** A grant with its use so far and the names a page needs beside it. */
export interface ConsentGrantView extends ConsentGrant {
  /** Reads made under the grant (ConsentUse in the AA artefact). */
  useCount: number;
  lastUsedAt: Date | null;
  enterpriseName: string;
  granteeName: string;
  granteeType: 'bank' | 'guarantee_company';
  /** The user (or machine client) who ended the grant, by name; null while active or for expiry. */
  endedByName: string | null;
  /** True when an institution's machine client ended the grant (not a person). */
  endedByClient: boolean;
}

/** One row of 查询记录: a read of enterprise data that passed the consent gate. */
/** Who made or attempted a read: its institution, and the officer or the machine client. */
export interface ReadBy {
  institutionId: string;
  institutionName: string;
  userId: string | null;
  userDisplayName: string | null;
  clientId: string | null;
  /** The machine client's name as the institution registered it. */
  clientName: string | null;
}

export interface AccessLogEntry extends ReadBy {
  id: number;
  grantId: string;
  enterpriseId: string;
  scopes: ConsentScope[];
  purpose: ConsentPurpose;
  requestId: string;
  accessedAt: Date;
  sealed: boolean;
}

export interface AccessLogFilter {
  enterpriseId: string;
  grantId?: string;
  institutionId?: string;
  scope?: ConsentScope;
  purpose?: ConsentPurpose;
  from?: Date;
  to?: Date;
  /** Rows with an id below this (keyset paging, newest first). */
  before?: number;
  limit: number;
}

/** One refused read in 查询记录: an institution asked for the enterprise's data and the consent gate said no. */
export interface RefusedRead extends ReadBy {
  id: number;
  /** The grant the read named, if it named one. */
  grantId: string | null;
  /** The scopes asked for; empty: every scope a grant would cover. */
  scopes: ConsentScope[];
  purpose: ConsentPurpose;
  reason: GateDenial;
  requestId: string;
  attemptedAt: Date;
}

export interface RefusedReadFilter {
  enterpriseId: string;
  institutionId?: string;
  from?: Date;
  to?: Date;
  limit: number;
}
