import type { MortgageWay, RegistryNode } from './real-estate-registry.js';

/** Where a registration stands: applied, refused by the registry, or the last node reached. */
export type MortgageStatus = 'applied' | 'refused' | RegistryNode;
export type MortgageNoticeKind = RegistryNode | 'sealed';

/** 不动产抵押登记 on one loan application. Money is a decimal string (元). */
export interface RealEstateMortgage {
  id: string;
  applicationId: string;
  bankId: string;
  mortgageWay: MortgageWay;
  creditAmount: string;
  evaluationValue: string;
  /** 最高债权额, for 最高额抵押 only. */
  highestClaimAmount: string | null;
  termMonths: number;
  /** 不动产单元号 and 坐落. */
  unitNo: string;
  location: string;
  status: MortgageStatus;
  acceptId: string | null;
  refusal: string | null;
  /** 不动产登记证明号, from the 登簿 notice. */
  warrantNo: string | null;
  sealedAt: Date | null;
  createdAt: Date;
  notices: { kind: MortgageNoticeKind; warrantNo: string | null; via: 'notice' | 'progress_query'; occurredAt: Date }[];
}

export interface MortgageDraft {
  applicationId: string;
  bankId: string;
  mortgageWay: MortgageWay;
  creditAmount: string;
  evaluationValue: string;
  highestClaimAmount: string | null;
  termMonths: number;
  unitNo: string;
  location: string;
  appliedBy: string;
}
