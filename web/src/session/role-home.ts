import type { Role } from '@/api/schemas';

/** The route name of each role's home page, where login lands. */
export const ROLE_HOME: Record<Role, string> = {
  enterprise: 'my-enterprise',
  bank_officer: 'bank-workbench',
  guarantee_officer: 'guarantee-workbench',
  financial_office: 'oversight-workbench',
  data_source: 'data-source-workbench',
  admin: 'admin-workbench',
};
