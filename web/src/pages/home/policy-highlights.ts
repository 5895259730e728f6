/**
 * 政策要点 on the home page. Amounts are decimal strings of 元, like every amount from the API.
 * Texts summarise the cited documents; the page tells users the issuing bodies' texts prevail.
 */
export interface PolicyHighlight {
  title: string;
  tag: string;
  /** Headline figures: a label and an amount in 元, or a plain text value. */
  figures: { label: string; amountYuan?: string; text?: string }[];
  points: string[];
  basis: string;
}

export const POLICY_HIGHLIGHTS: readonly PolicyHighlight[] = [
  {
    title: '创业担保贷款',
    tag: '财政贴息',
    figures: [
      { label: '个人创业最高', amountYuan: '300000.00' },
      { label: '合伙创业最高', amountYuan: '3000000.00' },
      { label: '贷款期限', text: '最长 3 年' },
    ],
    points: ['利率上限为 LPR+150BP，借款人承担 LPR−150BP 以内部分，其余由财政贴息', '10 万元以下贷款及信用良好群体可免除反担保'],
    basis: '银发〔2016〕202号、财金〔2020〕21号、鄂财金规〔2018〕5号',
  },
  {
    title: '再担科创贷',
    tag: '科技型企业',
    figures: [
      { label: '单户额度最高', amountYuan: '20000000.00' },
      { label: '贷款期限', text: '最长 5 年' },
    ],
    points: ['单户额度由 500 万元提高至 2,000 万元', '可采用信用保证或知识产权质押方式反担保'],
    basis: '湖北省科技厅、湖北省再担保集团',
  },
  {
    title: '“4321”政银担风险分担',
    tag: '担保增信',
    figures: [{ label: '分担比例', text: '40% / 30% / 20% / 10%' }],
    points: [
      '省再担保、担保机构、经办银行、地方政府依次分担风险，银行不再独担',
      '科技型中小企业按“4222”提高政府分担比例',
    ],
    basis: '湖北省新型政银担合作机制',
  },
  {
    title: '政府性融资担保降费',
    tag: '降低成本',
    figures: [
      { label: '平均担保费率', text: '引导降至 1% 以下' },
      { label: '重点支持单户', amountYuan: '10000000.00' },
    ],
    points: ['支小支农业务占比不低于 80%', '地方建立资本金补充、风险补偿和担保费补贴机制'],
    basis: '国办发〔2019〕6号、财金〔2025〕11号',
  },
];
