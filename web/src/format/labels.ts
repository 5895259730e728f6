import type { Role, Schemas } from '@/api/schemas';

/** How roles and institution types are named on screen. */
export const ROLE_LABELS: Record<Role, string> = {
  enterprise: '企业用户',
  bank_officer: '银行信贷人员',
  guarantee_officer: '担保机构人员',
  financial_office: '地方金融管理部门',
  data_source: '数据源部门',
  admin: '平台运营管理员',
};

export const INSTITUTION_TYPE_LABELS: Record<Schemas['Institution']['type'], string> = {
  bank: '银行',
  guarantee_company: '融资担保机构',
  financial_office: '地方金融管理部门',
  data_source: '数据源部门',
  platform_operator: '平台运营方',
};

/** 机构岗位. */
export const POSITION_LABELS: Record<Schemas['Position'], string> = {
  officer: '业务人员',
  reviewer: '审核人员',
  institution_admin: '机构管理员',
};

/**
 * How the top bar and the workbench name the person logged in: by role, except an institution's
 * 机构管理员 and 审核人员, named by institution type and position (a bank's administrator is no
 * 信贷人员). Every platform admin is the operator's 机构管理员: the role names them.
 */
export function personLabel(me: Pick<Schemas['Me'], 'role' | 'position' | 'institution'>): string {
  if (!me.institution || me.institution.type === 'platform_operator' || !me.position || me.position === 'officer') return ROLE_LABELS[me.role];
  return `${INSTITUTION_TYPE_LABELS[me.institution.type]} · ${POSITION_LABELS[me.position]}`;
}

/** 企业人员岗位. */
export const ENTERPRISE_POSITION_LABELS: Record<Schemas['EnterprisePosition'], string> = {
  legal_representative: '法定代表人',
  authorised_staff: '授权经办人',
  staff: '员工',
};

export { ENTITY_TYPE_LABELS } from '@server/enterprises/market-entity';
