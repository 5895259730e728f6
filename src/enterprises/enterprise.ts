import type { UsccIssue, UsccWarningCode } from '../platform/uscc.js';

/** A registered enterprise (the platform account holder), with its contact mobile encrypted. */
export interface EnterpriseRecord {
  id: string;
  uscc: string;
  name: string;
  legalRepresentative: string;
  contactName: string;
  contactMobileEnc: string;
  usccWarnings: UsccIssue<UsccWarningCode>[];
  registeredAt: Date;
}

export type NewEnterprise = Omit<EnterpriseRecord, 'id' | 'registeredAt'>;

/** What the enterprise and its own pages see: the mobile masked, never in clear. */
export interface EnterpriseView {
  id: string;
  uscc: string;
  name: string;
  legalRepresentative: string;
  contactName: string;
  contactMobile: string;
  warnings: UsccIssue<UsccWarningCode>[];
  registeredAt: string;
}
