import type { Role } from '@/api/schemas';

/** How each role is named on screen, and the route name of its home page after login. */
export const ROLE_LABELS: Record<Role, string> = {
  enterprise: '企业用户',
  bank_officer: '银行信贷人员',
  guarantee_officer: '担保机构人员',
  financial_office: '地方金融管理部门',
  data_source: '数据源部门',
  admin: '平台运营管理员',
};

export const ROLE_HOME: Record<Role, string> = {
  enterprise: 'my-enterprise',
  bank_officer: 'bank-workbench',
  guarantee_officer: 'guarantee-workbench',
  financial_office: 'oversight-workbench',
  data_source: 'data-source-workbench',
  admin: 'admin-workbench',
};
