/** 知识产权类型 as the 知识产权 category names them; free of the schema so the portal can read them too. */
export const IP_TYPE_LABELS = {
  invention_patent: '发明专利',
  utility_model: '实用新型专利',
  design_patent: '外观设计专利',
  trademark: '注册商标',
  software_copyright: '软件著作权',
} as const;
