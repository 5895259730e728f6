/** 海关信用等级 as customs delivers it (the code) and as people read it. */
export const CUSTOMS_GRADE_LABELS = { advanced_certified: '高级认证企业', general: '一般信用企业', dishonest: '失信企业' } as const;
