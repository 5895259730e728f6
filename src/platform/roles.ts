export const ROLES = ['enterprise', 'bank_officer', 'guarantee_officer', 'financial_office', 'data_source', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const INSTITUTION_TYPES = ['bank', 'guarantee_company', 'financial_office', 'data_source'] as const;
export type InstitutionType = (typeof INSTITUTION_TYPES)[number];

/** Which institution type each institution-bound role belongs to. */
export const ROLE_INSTITUTION_TYPE: Partial<Record<Role, InstitutionType>> = {
  bank_officer: 'bank',
  guarantee_officer: 'guarantee_company',
  financial_office: 'financial_office',
  data_source: 'data_source',
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
}

/** True for a person (never a machine client) who administers their own institution. */
export function isInstitutionAdmin(principal: Principal): boolean {
  return principal.clientId === undefined && principal.institutionId !== null && principal.position === 'institution_admin';
}
