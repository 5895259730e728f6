/** 自愿填报 kinds (国办发〔2021〕52号: information the government does not hold). */
export const SELF_REPORTED_KINDS = ['main_products', 'certifications', 'major_contracts', 'financial_statements'] as const;
export type SelfReportedKind = (typeof SELF_REPORTED_KINDS)[number];

export const SELF_REPORTED_KIND_LABELS: Record<SelfReportedKind, string> = {
  main_products: '主营产品',
  certifications: '资质认证',
  major_contracts: '重大合同',
  financial_statements: '财务报表',
};

/** The commitment every item is reported under; its SM3 digest with the item is kept. */
export const TRUTH_COMMITMENT =
  '本企业承诺：所填报信息真实、准确、完整，不存在虚假记载或重大遗漏；如有不实，愿意承担相应法律责任，并同意将失信行为记入信用记录。';

export interface SelfReportedItem {
  id: string;
  enterpriseId: string;
  uscc: string;
  kind: SelfReportedKind;
  title: string;
  content: string;
  commitmentText: string;
  committedBy: string;
  committedAt: Date;
  commitmentSm3: string;
  withdrawnAt: Date | null;
}
