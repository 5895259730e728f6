import type { Role } from '../platform/roles.js';

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
}

export type NewUser = Pick<UserRecord, 'username' | 'passwordHash' | 'role' | 'displayName' | 'institutionId' | 'enterpriseId'>;
