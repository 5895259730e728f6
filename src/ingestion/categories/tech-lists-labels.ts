/**
 * The tech-firm lists (科技企业名单) with their one set of labels: guarantee products' eligible
 * lists, the 科技贷专区's eligibility, the 科技研发 category's designation and the portal all name
 * them from here (free of the schema, so the portal reads them without it).
 * 专精特新中小企业 is the official name (as 财金〔2024〕60号 writes it). The 科技部门 and 工信部门 set the lists.
 */
export const TECH_LIST_LABELS = {
  tech_sme: '科技型中小企业',
  high_tech: '高新技术企业',
  specialised: '专精特新中小企业',
} as const;
export const TECH_LISTS = ['tech_sme', 'high_tech', 'specialised'] as const;
export type TechList = (typeof TECH_LISTS)[number];
