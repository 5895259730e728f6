import { forbidden } from './errors.js';

export const ROLES = ['enterprise', 'bank_officer', 'guarantee_officer', 'financial_office', 'data_source', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The institution types an admin onboards through maker-checker. */
export const INSTITUTION_TYPES = ['bank', 'guarantee_company', 'financial_office', 'data_source'] as const;
/** 平台运营方: the one institution whose people are the platform admins; created by `npm run setup`. */
export const PLATFORM_OPERATOR = 'platform_operator';
export type OnboardedInstitutionType = (typeof INSTITUTION_TYPES)[number];
export type InstitutionType = OnboardedInstitutionType | typeof PLATFORM_OPERATOR;

/** Which institution type each institution-bound role belongs to. */
export const ROLE_INSTITUTION_TYPE: Partial<Record<Role, InstitutionType>> = {
  bank_officer: 'bank',
  guarantee_officer: 'guarantee_company',
  financial_office: 'financial_office',
  data_source: 'data_source',
  admin: PLATFORM_OPERATOR,
};

/** Roles of lending institutions: they hold consent grants and machine clients (API credentials). */
export const LENDER_ROLES: readonly Role[] = ['bank_officer', 'guarantee_officer'];

/** The role of an institution's people; undefined for a type bound to no role. */
export function roleOfInstitutionType(type: InstitutionType): Role | undefined {
  return (Object.keys(ROLE_INSTITUTION_TYPE) as Role[]).find((role) => ROLE_INSTITUTION_TYPE[role] === type);
}

/**
 * A person's position (岗位) inside an institution: officers work cases, reviewers check what
 * officers prepare (maker-checker), the institution admin manages its people and connections.
 */
export const INSTITUTION_POSITIONS = ['officer', 'reviewer', 'institution_admin'] as const;
export type InstitutionPosition = (typeof INSTITUTION_POSITIONS)[number];

/** The authenticated caller, as carried in the access token. */
export interface Principal {
  readonly userId: string;
  readonly role: Role;
  readonly institutionId: string | null;
  readonly enterpriseId: string | null;
  /** Set for an institution's machine client (client credentials); `userId` is then the client id. */
  readonly clientId?: string;
  /** A machine client's API scopes (e.g. `profile:read`); people are limited by role only. */
  readonly scopes?: readonly string[];
  /** People of an institution only: their position there. Machine clients never carry one. */
  readonly position?: InstitutionPosition;
  /** People only: signed in with a temporary password; every call but changing it is refused. */
  readonly mustChangePassword?: boolean;
  /** Enterprise people only: their position in the firm (claim `epos`). */
  readonly enterprisePosition?: EnterprisePosition;
}

/** True for a person (never a machine client) who administers their own institution. */
export function isInstitutionAdmin(principal: Principal): boolean {
  return principal.clientId === undefined && principal.institutionId !== null && principal.position === 'institution_admin';
}

/**
 * The institution whose machine access (接口凭证, the event webhook) the caller administers: a
 * bank's or guarantee company's 机构管理员. An officer's account, or a machine client, may not mint
 * credentials that read for the whole institution or redirect its events.
 */
export function administeredLenderInstitution(principal: Principal, what: string): string {
  if (!LENDER_ROLES.includes(principal.role) || !isInstitutionAdmin(principal)) {
    throw forbidden('INSTITUTION_ADMIN_REQUIRED', `${what}由本机构的机构管理员管理`);
  }
  return principal.institutionId!;
}

/**
 * An enterprise account's position (企业岗位): the legal representative (法定代表人) manages the
 * firm's staff; staff act for the enterprise, and grant or revoke consents only when the legal
 * representative made them an authorised agent (授权经办人).
 */
export const ENTERPRISE_POSITIONS = ['legal_representative', 'authorised_staff', 'staff'] as const;
export type EnterprisePosition = (typeof ENTERPRISE_POSITIONS)[number];

/**
 * Refuses an enterprise's plain staff (员工) what grants, narrows or revokes a consent: the legal
 * representative and an 授权经办人 may. Submitting a loan application grants one, so it counts.
 */
export function assertMayDecideConsents(principal: Principal): void {
  if (principal.role === 'enterprise' && principal.enterprisePosition === 'staff') {
    throw forbidden('CONSENT_NOT_DELEGATED', '您的账号未获法定代表人授权办理数据授权，请联系法定代表人');
  }
}
