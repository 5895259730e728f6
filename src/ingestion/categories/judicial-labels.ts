/** The 司法判决及执行 category's option labels; free of the schema so the portal can read them too. */
export const JUDICIAL_ROLE_LABELS = { executed_person: '被执行人', dishonest_executed_person: '失信被执行人' } as const;
export const CASE_STATUS_LABELS = { open: '执行中', closed: '已结案' } as const;
