import type { DbOrTrx } from '../db/database.js';

export interface BankRef {
  id: string;
  code: string;
  name: string;
}

/** The banks lending deals with, and which of them are reached through a bank adapter. */
export interface BankDirectory {
  findById(tx: DbOrTrx, id: string): Promise<BankRef | undefined>;
  findByCode(tx: DbOrTrx, code: string): Promise<BankRef | undefined>;
  /** True when applications to this bank are sent (and its callbacks received) through an adapter: it has a stored connection. */
  hasAdapter(tx: DbOrTrx, code: string): Promise<boolean>;
}

/** Who the applicant is (申请企业), as sent to the bank and shown to its officers. */
export interface Applicant {
  uscc: string;
  name: string;
}

export interface EnterpriseDirectory {
  summary(tx: DbOrTrx, enterpriseId: string): Promise<Applicant>;
  /** By enterprise id; an unknown id is left out. */
  summaries(tx: DbOrTrx, enterpriseIds: readonly string[]): Promise<Map<string, Applicant>>;
}
