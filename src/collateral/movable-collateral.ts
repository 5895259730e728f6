/**
 * 动产担保 kinds the unified 动产融资统一登记公示系统 (中登网) takes, and the kinds it excludes with
 * the registry each belongs to (人民银行令〔2021〕第7号 art. 2, wave-2 anchors §4.1).
 */
export const MOVABLE_KINDS = {
  equipment_mortgage: '生产设备、原材料、半成品、产品抵押',
  receivables_pledge: '应收账款质押',
  deposit_receipt_pledge: '存款单、仓单、提单质押',
  financial_leasing: '融资租赁',
  factoring: '保理',
  retention_of_title: '所有权保留',
  other: '其他动产和权利担保',
} as const;
export type MovableKind = keyof typeof MOVABLE_KINDS;

/** Excluded from 中登网: where each is registered instead. */
export const EXCLUDED_KINDS = {
  motor_vehicle: '机动车抵押：向车辆管理所（公安交管）办理',
  vessel: '船舶抵押：向海事管理机构办理',
  aircraft: '航空器抵押：向民航管理部门办理',
  bond_fund_pledge: '债券、基金份额质押：向证券登记结算机构办理',
  equity_pledge: '股权质押：向市场监督管理部门（或证券登记结算机构）办理',
  ip_pledge: '知识产权中的财产权质押：向国家知识产权局办理',
} as const;
export type ExcludedKind = keyof typeof EXCLUDED_KINDS;

export interface MovableRegistration {
  kind: MovableKind;
  registrationNo: string;
  registeredOn: string;
  termMonths: number;
  description: string;
  searchResult: 'no_prior_registration' | 'prior_registration_found';
  searchNote: string | null;
}
