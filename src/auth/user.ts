import type { EnterprisePosition, InstitutionPosition, Principal, Role } from '../platform/roles.js';

export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  displayName: string;
  institutionId: string | null;
  enterpriseId: string | null;
  status: 'active' | 'disabled';
  createdAt: Date;
  lastLoginAt: Date | null;
  /** People of an institution: their position there (岗位); null for admins and enterprises. */
  position: InstitutionPosition | null;
  /** SM4-encrypted mobile of an institution's person (password reset by SMS). */
  mobileEnc: string | null;
  /** Set for an account created with a temporary password: the first login must change it. */
  mustChangePassword: boolean;
  /** Enterprise people only: legal representative or staff (null for everyone else). */
  enterprisePosition: EnterprisePosition | null;
}

export type NewUser = Pick<UserRecord, 'username' | 'passwordHash' | 'role' | 'displayName' | 'institutionId' | 'enterpriseId'> &
  Partial<Pick<UserRecord, 'position' | 'mobileEnc' | 'mustChangePassword' | 'enterprisePosition'>>;

/** The principal a person's session carries (position and the temporary-password flag included). */
export function principalOfUser(user: UserRecord): Principal {
  return {
    userId: user.id,
    role: user.role,
    institutionId: user.institutionId,
    enterpriseId: user.enterpriseId,
    ...(user.position ? { position: user.position } : {}),
    ...(user.enterprisePosition ? { enterprisePosition: user.enterprisePosition } : {}),
    ...(user.mustChangePassword ? { mustChangePassword: true } : {}),
  };
}
