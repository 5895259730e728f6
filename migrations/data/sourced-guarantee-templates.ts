/**
 * A template as the guarantees migration seeds it: the row shape of `RiskTemplate`
 * (src/guarantees/risk-sharing.ts) when the rows were written. Migrations import nothing of src/,
 * so the frozen rows carry their own shape.
 */
interface SourcedTemplate {
  code: string;
  name: string;
  parties: { role: string; label: string; shareBp: number; via?: string }[];
  recoveryShareBp: number[] | null;
  basis: string;
  source: string;
}

/**
 * The risk-sharing templates the public sources give, each with its source and reliability tag.
 * The migration that creates `guarantee_risk_templates` seeds these rows, so this list is frozen
 * as of that migration: a correction is a new migration (and a new template code), never an edit
 * here. Parties are listed in the order the source names them.
 */
export const SOURCED_TEMPLATES: readonly SourcedTemplate[] = [
  {
    code: 'HB-4321-2021',
    name: '湖北"4321"新型政银担（省再担保集团2021年口径）',
    parties: [
      { role: 'provincial_reguarantor', label: '湖北省再担保集团（自担部分）', shareBp: 2000 },
      { role: 'national_fund', label: '国家融资担保基金（经省再担保集团）', shareBp: 2000, via: 'provincial_reguarantor' },
      { role: 'guarantor', label: '担保机构', shareBp: 3000 },
      { role: 'bank', label: '合作银行', shareBp: 2000 },
      { role: 'local_government', label: '市县政府（代偿补偿专项资金）', shareBp: 1000 },
    ],
    recoveryShareBp: null,
    basis: 'loan_amount',
    source:
      '湖北省再担保集团 2021-05-25：再担保40%（其中国家融资担保基金承担一半即20%）、担保机构30%、银行20%、市县政府10%，"向企业追偿所得相应按照上述比例分配" http://hbwhcyw.com/web/news/article/a7e94ce5-6e33-43f7-9845-4be1aa968bfe [SRC]',
  },
  {
    code: 'HB-4321-2019-XN',
    name: '湖北"4321"（咸宁2019年报道口径）',
    parties: [
      { role: 'guarantor', label: '政府性融资担保机构', shareBp: 4000 },
      { role: 'provincial_reguarantor', label: '省再担保', shareBp: 3000 },
      { role: 'bank', label: '合作银行', shareBp: 2000 },
      { role: 'local_government', label: '县市区政府', shareBp: 1000 },
    ],
    recoveryShareBp: null,
    basis: 'loan_amount',
    source:
      '湖北日报 2019-05-24 咸宁报道：担保机构40%、省再担保30%、银行20%、县市区政府10%（与安徽原始4:3:2:1一致） https://big5.cri.cn/gate/big5/hb.cri.cn/20190524/61396a3e-82b7-321f-aee0-426d1139d8ea.html [SRC]',
  },
  {
    code: 'HB-4222-TECH',
    name: '湖北"4222"科技型企业分险',
    parties: [
      { role: 'provincial_reguarantor', label: '省再担保', shareBp: 4000 },
      { role: 'guarantor', label: '担保机构', shareBp: 2000 },
      { role: 'bank', label: '合作银行', shareBp: 2000 },
      { role: 'local_government', label: '地方政府', shareBp: 2000 },
    ],
    recoveryShareBp: null,
    basis: 'loan_amount',
    source:
      '"4321"对科技型中小企业调整为"4222"，提高政府分担比例 http://www.desmetballestraoleo.com/p/2192012.html [SRC 参与方与名称；各方比例按顺序推定 INF]',
  },
  ...(
    [
      ['KC60-SPECIALISED', '专精特新"小巨人"、专精特新中小企业、承担国家科技项目的中小企业', 4000],
      ['KC60-HIGH-TECH', '高新技术企业、创新积分制遴选的科技型中小企业', 3500],
      ['KC60-TECH-SME', '科技型中小企业、创新型中小企业', 3000],
    ] as const
  ).map(([code, firms, fundBp]) => ({
    code,
    name: `科技创新专项担保计划（${firms}）`,
    parties: [
      { role: 'bank' as const, label: '合作银行', shareBp: 2000 },
      { role: 'national_fund' as const, label: '国家融资担保基金', shareBp: fundBp },
      { role: 'provincial_reguarantor' as const, label: '省级再担保机构', shareBp: 2000 },
      { role: 'guarantor' as const, label: '担保机构', shareBp: 6000 - fundBp },
    ],
    recoveryShareBp: null,
    basis: 'loan_amount' as const,
    source: `财金〔2024〕60号：银行不低于20%，国家融资担保基金不高于${fundBp / 100}%，省级再担保不低于20% https://ordoszxqy.org.cn/article/info/6496 [SRC 上下限；担保机构取余数 INF]`,
  })),
  {
    code: 'BG-2-8',
    name: '银担"总对总"批量担保 2:8',
    parties: [
      { role: 'bank', label: '合作银行', shareBp: 2000 },
      { role: 'guarantor', label: '担保机构', shareBp: 8000 },
    ],
    recoveryShareBp: null,
    basis: 'loan_amount',
    source: '银担"总对总"批量模式：银行20%、担保体系80% [MEM]；与国家融资担保基金"银行原则上不低于20%"一致 http://m.cfbond.com/tt/detail/20190215/1000200000021861550201568654603138_1.html [SRC]',
  },
];
