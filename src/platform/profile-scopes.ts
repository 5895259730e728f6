/**
 * Data-category scopes (数据授权范围). The consent gate grants institutions a subset of these;
 * every profile section belongs to exactly one. `import_export` and `intellectual_property`
 * extend the list agreed with the consent gate, and so does `commitments` (信用承诺及履行, a
 * category of the 2024 national catalogue: breaches recorded by the checking department); `self_reported` has no government source: it holds
 * what the enterprise reported itself under a commitment to its truth (自愿填报).
 * `third_party` is commercial data (启信宝-like providers), shown apart from and never instead of
 * government records.
 */
export const PROFILE_SCOPES = [
  'register',
  'tax',
  'social_security',
  'provident_fund',
  'utilities',
  'permits',
  'penalties',
  'judicial',
  'credit_lists',
  'honours',
  'import_export',
  'intellectual_property',
  'commitments',
  'self_reported',
  'third_party',
] as const;
export type ProfileScope = (typeof PROFILE_SCOPES)[number];

export const SCOPE_LABELS: Record<ProfileScope, string> = {
  register: '登记注册',
  tax: '纳税',
  social_security: '社会保险',
  provident_fund: '住房公积金',
  utilities: '水电气',
  permits: '行政许可及不动产登记',
  penalties: '行政处罚',
  judicial: '司法判决及执行',
  credit_lists: '严重失信主体名单',
  honours: '荣誉表彰及政策支持',
  import_export: '进出口',
  intellectual_property: '知识产权及科技研发',
  commitments: '信用承诺履行',
  self_reported: '自愿填报',
  third_party: '第三方数据',
};
