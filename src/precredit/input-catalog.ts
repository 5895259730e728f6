import type { ProfileScope } from '../platform/profile-scopes.js';

/**
 * The inputs a pre-credit model may use (`inputSchemaVersion` 1): values computed from a credit
 * profile's indicators. A model names inputs by `code`; the label and unit make the plain
 * Chinese reason sentences. Numbers are plain numbers (money in 元), categories are strings.
 */
export type InputKind = 'number' | 'category' | 'boolean';

export interface InputDefinition {
  code: string;
  label: string;
  kind: InputKind;
  unit: string | null;
  /** The data category (授权范围) it comes from: without a grant for it, the input is missing. */
  scope: ProfileScope;
}

export const INPUT_SCHEMA_VERSION = 1;

export const INPUT_CATALOG: readonly InputDefinition[] = [
  { code: 'operating_months', label: '经营时长', kind: 'number', unit: '个月', scope: 'register' },
  { code: 'registration_status', label: '登记状态', kind: 'category', unit: null, scope: 'register' },
  { code: 'industry', label: '所属行业', kind: 'category', unit: null, scope: 'register' },
  { code: 'registered_capital', label: '注册资本', kind: 'number', unit: '元', scope: 'register' },
  { code: 'latest_tax_grade', label: '纳税信用等级', kind: 'category', unit: null, scope: 'tax' },
  { code: 'tax_paid_last_12_months', label: '近12个月纳税额', kind: 'number', unit: '元', scope: 'tax' },
  { code: 'tax_paid_yoy', label: '近12个月纳税额同比', kind: 'number', unit: '%', scope: 'tax' },
  { code: 'tax_arrears_months_last_12', label: '近12个月欠税月数', kind: 'number', unit: '个月', scope: 'tax' },
  { code: 'tax_arrears_latest', label: '当前欠税金额', kind: 'number', unit: '元', scope: 'tax' },
  { code: 'insured_headcount', label: '参保人数', kind: 'number', unit: '人', scope: 'social_security' },
  { code: 'social_security_months_paid_last_12', label: '近12个月社保足额缴费月数', kind: 'number', unit: '个月', scope: 'social_security' },
  { code: 'social_security_arrears_months_last_12', label: '近12个月社保欠费月数', kind: 'number', unit: '个月', scope: 'social_security' },
  { code: 'provident_fund_months_paid_last_12', label: '近12个月公积金正常缴存月数', kind: 'number', unit: '个月', scope: 'provident_fund' },
  { code: 'utility_on_time_rate', label: '水电气按时缴费率', kind: 'number', unit: '%', scope: 'utilities' },
  { code: 'permits_valid', label: '有效行政许可数', kind: 'number', unit: '项', scope: 'permits' },
  { code: 'penalties_36_months', label: '近36个月行政处罚次数', kind: 'number', unit: '次', scope: 'penalties' },
  { code: 'open_execution_cases', label: '未结执行案件数', kind: 'number', unit: '件', scope: 'judicial' },
  { code: 'dishonest_executed_person', label: '失信被执行人', kind: 'boolean', unit: null, scope: 'judicial' },
  { code: 'on_serious_dishonesty_list', label: '严重失信主体名单', kind: 'boolean', unit: null, scope: 'credit_lists' },
  { code: 'honours_count', label: '荣誉表彰数', kind: 'number', unit: '项', scope: 'honours' },
  { code: 'invention_patents', label: '有效发明专利', kind: 'number', unit: '件', scope: 'intellectual_property' },
];

export const INPUT_BY_CODE: ReadonlyMap<string, InputDefinition> = new Map(INPUT_CATALOG.map((d) => [d.code, d]));

export type InputValue = number | string | boolean | null;
/** One enterprise's inputs by code; an absent or null value falls into the feature's missing bin. */
export type ModelInputs = Readonly<Record<string, InputValue>>;
