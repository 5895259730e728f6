/** 税种 as the 纳税缴款 category names them; free of the schema so the portal can read them too. */
export const TAX_TYPE_LABELS = {
  vat: '增值税',
  corporate_income: '企业所得税',
  individual_income_withheld: '个人所得税（代扣代缴）',
  consumption: '消费税',
  urban_maintenance: '城市维护建设税',
  stamp: '印花税',
  property: '房产税',
  land_use: '城镇土地使用税',
  other: '其他税费',
} as const;
