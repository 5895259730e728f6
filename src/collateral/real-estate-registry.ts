/**
 * 不动产登记 port: the public bank ↔ 不动产登记 message set (wave-2 anchors §4.2). The bank applies
 * for a mortgage registration; the registry answers with its 受理 id, then sends 受理 / 核定 /
 * 登簿 notices (the 登簿 notice carries the 不动产登记证明号, `warrantId`) and, later, 查封 notices
 * on a registered unit. A progress query is the fallback when notices go missing.
 */

/** 抵押方式: the platform's codes and the message set's wire values. */
export const MORTGAGE_WAYS = {
  general: { wire: 'MORTGAGE_GENERAL', label: '一般抵押' },
  maximum: { wire: 'MORTGAGE_MAX', label: '最高额抵押' },
  surplus: { wire: 'MORTGAGE_SURPLUS', label: '余值抵押' },
} as const;
export type MortgageWay = keyof typeof MORTGAGE_WAYS;
export type MortgageWayWire = (typeof MORTGAGE_WAYS)[MortgageWay]['wire'];

/** The registry's business nodes, in order. */
export const REGISTRY_NODES = ['accept', 'verify', 'result'] as const;
export type RegistryNode = (typeof REGISTRY_NODES)[number];

/** `MortgageRegistrationReqVo`, the fields the platform sends. */
export interface MortgageRegistrationRequest {
  reqUniqueNo: string;
  mortgageApplyId: string;
  mortgageApplyDate: string;
  mortgageType: 'MORTGAGE_PERSONAL';
  mortgageWay: MortgageWayWire;
  mortgageReason: 'REASON_MOR';
  creditAmount: string;
  evaluationValue: string;
  highestClaimAmount: string | null;
  mortgageTerm: number;
  mortgagees: { name: string }[];
  mortgagors: { name: string; certificateNo: string }[];
  realEstates: { realEstateUnitId: string; sit: string }[];
}

export interface MortgageRegistrationResponse {
  mortgageApplyId: string;
  mortgageAcceptId: string | null;
  /** `1` accepted for processing, `0` refused (see `acceptMessage`). */
  acceptStatus: '1' | '0';
  acceptMessage: string;
}

/** 受理 / 核定 / 登簿 notices (`acceptNotice`, `verifyNotice`, `resultNotice`). */
export interface BusinessNotice {
  type: 'business';
  mortgageApplyId: string;
  businessNodeCode: RegistryNode;
  businessNodeName: string;
  completionTime: string;
  /** The 不动产登记证明号, on the 登簿 notice only. */
  warrantId: string | null;
}

/** `SealedNoticeReqVo`: a court or authority has sealed (查封) a unit. */
export interface SealedNotice {
  type: 'sealed';
  realEstateUnitId: string;
  warrantId: string;
  attachmentStatus: 'SEALED';
  completionTime: string;
}

export type RegistryNotice = BusinessNotice | SealedNotice;

export interface ProgressAnswer {
  mortgageApplyId: string;
  /** Every node reached so far, oldest first. */
  nodes: BusinessNotice[];
}

export interface RealEstateRegistryPort {
  apply(request: MortgageRegistrationRequest): Promise<MortgageRegistrationResponse>;
  progress(mortgageApplyId: string): Promise<ProgressAnswer>;
}

/** Where the registry posts its signed notices. */
export const REGISTRY_NOTICE_PATH = '/api/v1/callbacks/real-estate-registry';

export const NODE_NAMES: Record<RegistryNode, string> = { accept: '受理', verify: '核定', result: '登簿' };
