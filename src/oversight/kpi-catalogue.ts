/**
 * The KPI catalogue of the financial office (issue 18), as data: what each figure counts, over
 * what, in which unit, and where its numbers come from. Targets are not here: they are dated
 * configuration in `oversight_kpi_targets`, shown beside each figure with their own source.
 */
export type KpiUnit = 'percent' | 'count' | 'yuan' | 'rate';
export type KpiGroup = 'access' | 'data' | 'lending';

export interface KpiDefinition {
  code: string;
  name: string;
  group: KpiGroup;
  unit: KpiUnit;
  numerator: string;
  denominator: string | null;
  definition: string;
  dataSource: string;
  /** Whether the figure is computed per district as well as city-wide. */
  byDistrict: boolean;
  /** Set when the platform does not yet hold the data the figure needs. */
  unavailable?: string;
}

const COVERAGE_LABEL = { tax: '纳税', water: '水费', gas: '燃气费' } as const;
const REGISTER = '市场主体登记库（存续、在营）与平台企业注册记录';
const LOANS = '平台贷款申请、银行回传的审批与放款还款记录';

export const KPI_CATALOGUE: readonly KpiDefinition[] = [
  {
    code: 'registration_share', name: '企业注册率', group: 'access', unit: 'percent', byDistrict: true,
    numerator: '截至月末在平台注册的企业（含个体工商户）', denominator: '本地存续企业（含个体工商户）',
    definition: '平台注册企业数占本地所有存续企业（含个体工商户）的比例。', dataSource: REGISTER,
  },
  {
    code: 'authorisation_share_ever', name: '授权主体占比（累计）', group: 'access', unit: 'percent', byDistrict: true,
    numerator: '截至月末曾向金融机构授权的企业', denominator: '本地存续企业（含个体工商户）',
    definition: '曾经作出过至少一次信息授权的企业数占本地存续企业的比例（《授权管理规范》口径）。', dataSource: '企业授权记录',
  },
  {
    code: 'authorisation_share_active', name: '授权主体占比（当前有效）', group: 'access', unit: 'percent', byDistrict: true,
    numerator: '当前持有有效授权的企业', denominator: '本地存续企业（含个体工商户）',
    definition: '统计时点仍有未到期、未撤销授权的企业数占本地存续企业的比例。', dataSource: '企业授权记录',
  },
  {
    code: 'bank_access_share', name: '商业银行接入率', group: 'access', unit: 'percent', byDistrict: false,
    numerator: '已对接的入驻银行', denominator: '入驻银行',
    definition: '已配置接口、且自最近一次修改配置以来在规定天数内（默认 30 天）与平台成功交互过（测试连接通过、推送申请成功或回传被受理）的银行占入驻银行的比例，与“银行对接”页的“已对接”一致。',
    dataSource: '银行接口配置、测试连接、消息投递与银行回传记录',
  },
  {
    code: 'precredit_model_banks', name: '联合建立预授信模型的银行', group: 'access', unit: 'count', byDistrict: false,
    numerator: '当前有启用中（已生效）预授信模型的入驻银行', denominator: null,
    definition: '与平台联合建立预授信模型、且模型已经启用的银行数；仅统计当前时点。', dataSource: '预授信模型登记',
  },
  ...(['tax', 'water', 'gas'] as const).map((kind): KpiDefinition => ({
    code: `coverage_${kind}`, name: `${COVERAGE_LABEL[kind]}信息覆盖率`, group: 'data', unit: 'percent', byDistrict: false,
    numerator: `已归集的${COVERAGE_LABEL[kind]}信息条数`, denominator: '本地存续企业（含个体工商户）',
    definition: `${COVERAGE_LABEL[kind]}信息条数与城市企业数之比（黄信用〔2023〕1号口径）。`, dataSource: '信用信息归集（有效记录）',
  })),
  {
    code: 'coverage_real_estate', name: '不动产信息覆盖率', group: 'data', unit: 'percent', byDistrict: false,
    numerator: '已归集的不动产登记信息条数（不动产单元）', denominator: '本地存续企业（含个体工商户）',
    definition: '有效的不动产登记信息条数（每个不动产单元一条）与城市企业数之比（黄信用〔2023〕1号口径）。', dataSource: '信用信息归集（不动产登记，有效记录）',
  },
  {
    code: 'coverage_rnd', name: '科技研发信息归集率', group: 'data', unit: 'percent', byDistrict: false,
    numerator: '已归集最近报送年度研发数据的认定科技企业', denominator: '持有科技企业认定（高新技术企业、科技型中小企业、专精特新）的企业',
    definition: '在科技研发信息中出现过科技企业认定的企业，有多少已归集其最近报送年度（全部科技研发记录中最晚的年度）的研发费用、加计扣除和研发人员数据。',
    dataSource: '信用信息归集（科技研发，有效记录）',
  },
  {
    code: 'publicity_on_time', name: '“双公示”按时报送率', group: 'data', unit: 'percent', byDistrict: false,
    numerator: '作出决定后 7 个工作日内报送的行政许可、行政处罚', denominator: '当月作出决定的行政许可、行政处罚',
    definition: '按决定日期所在月份统计，7 个工作日按工作日历（含法定节假日与调休）计算。', dataSource: '信用信息归集（行政许可、行政处罚）',
  },
  {
    code: 'uscc_error_rate', name: '统一社会信用代码重错码率', group: 'data', unit: 'percent', byDistrict: false,
    numerator: '当月报送中统一社会信用代码有误的行', denominator: '当月报送的数据行',
    definition: '当月各部门报送数据中，因统一社会信用代码重码、错码被拒收的行数占报送行数的比例。', dataSource: '数据报送批次与拒收记录',
  },
  {
    code: 'commitment_fulfilment_share', name: '履约践诺信息覆盖率', group: 'data', unit: 'percent', byDistrict: false,
    numerator: '已记录履约践诺信息（已履约或违诺）的企业', denominator: '作出信用承诺的企业',
    definition: '作出过信用承诺（告知承诺、申请贷款或补贴时的承诺）的企业中，承诺受理部门已核查并记录履约或违诺情况的企业所占比例；仅统计当前时点。',
    dataSource: '信用承诺登记与核查记录',
  },
  {
    code: 'inclusive_balance', name: '平台普惠贷款余额', group: 'lending', unit: 'yuan', byDistrict: true,
    numerator: '月末普惠贷款余额', denominator: null,
    definition: '经平台发放、单户授信不超过 1000 万元的贷款（银调发〔2025〕17号口径）在月末的余额（放款减还款）。', dataSource: LOANS,
  },
  {
    code: 'inclusive_share_of_city', name: '平台普惠贷款占全市比例', group: 'lending', unit: 'percent', byDistrict: false,
    numerator: '平台普惠贷款月末余额', denominator: '全市普惠小微贷款月末余额（金融办按月录入）',
    definition: '平台普惠贷款余额占全市普惠小微贷款余额的比例；分母由金融办每月录入。', dataSource: `${LOANS}；金融办录入`,
  },
  {
    code: 'credit_loan_share', name: '信用贷款占比', group: 'lending', unit: 'percent', byDistrict: true,
    numerator: '平台普惠贷款中担保方式为信用的余额', denominator: '平台普惠贷款余额',
    definition: '平台普惠贷款月末余额中信用贷款所占比例。', dataSource: LOANS,
  },
  {
    code: 'guarantee_share', name: '担保贷款占比', group: 'lending', unit: 'percent', byDistrict: true,
    numerator: '担保公司担保的贷款余额', denominator: '平台贷款余额',
    definition: '平台贷款月末余额中由融资担保公司担保的贷款所占比例。', dataSource: LOANS,
  },
  {
    code: 'first_loan_count', name: '新增首贷户', group: 'lending', unit: 'count', byDistrict: true,
    numerator: '当月首次放款且银行标记为首贷的企业', denominator: null,
    definition: '当月首次获得放款、且放款银行依据征信报告确认此前无贷款记录的企业数。', dataSource: LOANS,
  },
  {
    code: 'first_loan_amount', name: '新增首贷金额', group: 'lending', unit: 'yuan', byDistrict: true,
    numerator: '首贷户当月放款金额', denominator: null,
    definition: '新增首贷户在当月获得的放款金额。', dataSource: LOANS,
  },
  {
    code: 'average_rate', name: '平均贷款利率', group: 'lending', unit: 'rate', byDistrict: true,
    numerator: '当月放款金额加权的年化利率', denominator: '当月放款金额',
    definition: '当月放款按金额加权的平均年化利率（%）。', dataSource: LOANS,
  },
  {
    code: 'online_disbursement_share', name: '全流程线上放款占比', group: 'lending', unit: 'percent', byDistrict: true,
    numerator: '放款结果由银行系统经接口回传的放款金额', denominator: '当月放款金额',
    definition: '企业线上申请、银行系统经接口受理审批并回传放款的贷款在当月放款金额中的占比。', dataSource: LOANS,
  },
];

export type PrecreditStage = 'whitelisted' | 'visited' | 'approved' | 'disbursed';

/**
 * The stages of the pre-credit funnel (白名单 → 走访 → 授信 → 放款), per bank and city-wide. Each
 * stage counts (bank, enterprise) pairs of the one before it, so a firm counts once per bank.
 */
export const PRECREDIT_FUNNEL: readonly { stage: PrecreditStage; name: string; amount: string; definition: string }[] = [
  { stage: 'whitelisted', name: '白名单', amount: '预授信额度', definition: '当前在银行预授信白名单上（评分达标、额度大于零、授权仍有效）的企业。' },
  {
    stage: 'visited', name: '走访', amount: '申请金额',
    definition: '白名单企业在统计期间向列其入白名单的银行提交申请，且该银行已受理（已查看并接单）的企业；以银行受理申请作为走访对接的记录。',
  },
  { stage: 'approved', name: '授信', amount: '批准金额', definition: '走访企业中，申请获该银行审批通过的企业。' },
  { stage: 'disbursed', name: '放款', amount: '放款金额', definition: '授信企业中，已获该银行放款的企业。' },
];

export function findKpi(code: string): KpiDefinition | undefined {
  return KPI_CATALOGUE.find((k) => k.code === code);
}
