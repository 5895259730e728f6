/** 费用类型 as the 水电气缴费 category names them; free of the schema so the portal can read them too. */
export const UTILITY_LABELS = { water: '水', electricity: '电', gas: '燃气' } as const;
