import { BaseModel } from '../db/base-model.js';
import type { DbOrTrx } from '../db/database.js';
import type { EnterprisePosition, InstitutionPosition, Role } from '../platform/roles.js';
import type { NewUser, UserRecord } from './user.js';

class UserModel extends BaseModel implements UserRecord {
  static override tableName = 'users';
  id!: string;
  username!: string;
  passwordHash!: string;
  role!: Role;
  displayName!: string;
  institutionId!: string | null;
  enterpriseId!: string | null;
  status!: 'active' | 'disabled';
  createdAt!: Date;
  lastLoginAt!: Date | null;
  position!: InstitutionPosition | null;
  mobileEnc!: string | null;
  mustChangePassword!: boolean;
  enterprisePosition!: EnterprisePosition | null;
}

export interface UserStore {
  findByUsername(tx: DbOrTrx, username: string): Promise<UserRecord | undefined>;
  findById(tx: DbOrTrx, id: string): Promise<UserRecord | undefined>;
  insert(tx: DbOrTrx, user: NewUser): Promise<UserRecord>;
  recordLogin(tx: DbOrTrx, id: string, at: Date): Promise<void>;
  /** Sets a new password chosen by the person (clears the temporary-password flag). */
  updatePassword(tx: DbOrTrx, id: string, passwordHash: string): Promise<void>;
  listByInstitution(tx: DbOrTrx, institutionId: string): Promise<UserRecord[]>;
  setStatus(tx: DbOrTrx, id: string, status: UserRecord['status']): Promise<void>;
  countByRole(tx: DbOrTrx, role: Role, status?: UserRecord['status']): Promise<number>;
  /** Active institution admins of the institution. */
  countInstitutionAdmins(tx: DbOrTrx, institutionId: string): Promise<number>;
  /** An enterprise's people, the legal representative first. */
  listByEnterprise(tx: DbOrTrx, enterpriseId: string): Promise<UserRecord[]>;
  setEnterprisePosition(tx: DbOrTrx, id: string, position: EnterprisePosition): Promise<void>;
  /** The active accounts of a role (e.g. the financial office's people). */
  listActiveByRole(tx: DbOrTrx, role: Role): Promise<UserRecord[]>;
}

const plain = (m: UserModel): UserRecord => ({ ...m });

export const userStore: UserStore = {
  async findByUsername(tx, username) {
    const row = await UserModel.query(tx).findOne({ username });
    return row && plain(row);
  },
  async findById(tx, id) {
    const row = await UserModel.query(tx).findById(id);
    return row && plain(row);
  },
  async insert(tx, user) {
    return plain(await UserModel.query(tx).insertAndFetch(user as UserModel));
  },
  async recordLogin(tx, id, at) {
    await UserModel.query(tx).patch({ lastLoginAt: at }).where({ id });
  },
  async updatePassword(tx, id, passwordHash) {
    await UserModel.query(tx).patch({ passwordHash, mustChangePassword: false }).where({ id });
  },
  async listByInstitution(tx, institutionId) {
    return (await UserModel.query(tx).where({ institution_id: institutionId }).orderBy('created_at')).map(plain);
  },
  async setStatus(tx, id, status) {
    await UserModel.query(tx).patch({ status }).where({ id });
  },
  async countByRole(tx, role, status) {
    return UserModel.query(tx).where({ role, ...(status ? { status } : {}) }).resultSize();
  },
  async listByEnterprise(tx, enterpriseId) {
    return (await UserModel.query(tx).where({ enterprise_id: enterpriseId }).orderByRaw("enterprise_position = 'legal_representative' desc, created_at")).map(plain);
  },
  async setEnterprisePosition(tx, id, enterprisePosition) {
    await UserModel.query(tx).patch({ enterprisePosition }).where({ id });
  },
  async listActiveByRole(tx, role) {
    return (await UserModel.query(tx).where({ role, status: 'active' }).orderBy('created_at')).map(plain);
  },
  async countInstitutionAdmins(tx, institutionId) {
    return UserModel.query(tx).where({ institution_id: institutionId, position: 'institution_admin', status: 'active' }).resultSize();
  },
};
