import { randomBytes } from 'node:crypto';
import type { DbOrTrx } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import { conflict, forbidden, notFound } from '../../platform/errors.js';
import { maskMobile } from '../../platform/masking.js';
import type { Sm4FieldCipher } from '../../platform/national-crypto.js';
import type { HashPassword } from '../../platform/password.js';
import { passwordProblems } from '../../platform/password-policy.js';
import type { EnterprisePosition, Principal } from '../../platform/roles.js';
import { principalOfUser, type UserRecord } from '../user.js';
import type { UserStore } from '../user-store.js';
import type { UsernameConflicts } from '../username-conflicts.js';

export type StaffPosition = Exclude<EnterprisePosition, 'legal_representative'>;

export interface StaffMemberView {
  id: string;
  username: string;
  displayName: string;
  position: EnterprisePosition;
  status: UserRecord['status'];
  mobile: string | null;
  mustChangePassword: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

export interface StaffInput {
  username: string;
  displayName: string;
  mobile: string;
  position: StaffPosition;
}

export interface EnterpriseStaffDeps {
  transaction: TransactionRunner;
  /** "Already taken", limited per account: usernames are one namespace across the platform. */
  usernameConflicts: UsernameConflicts;
  users: UserStore;
  cipher: Sm4FieldCipher;
  /** Ends every session of a staff account that was just disabled. */
  /** Inside the caller's transaction: the change commits only with the end of the sessions it calls for. */
  endSessions: (tx: DbOrTrx, principal: Principal) => Promise<void>;
  /** Hashes a new password at the configured cost. */
  hashPassword: HashPassword;
}

/**
 * 企业人员: the legal representative (法定代表人) adds the firm's staff, each with a temporary
 * password shown once (the first login must change it, as for `npm run setup`'s admin), and
 * disables, enables or re-positions them. Staff act for the enterprise; only an 授权经办人 among
 * them may decide consents, and none manages staff.
 */
export class EnterpriseStaffService {
  constructor(private readonly deps: EnterpriseStaffDeps) {}

  /** Checked before the request body is read, so a staff member learns nothing from a 400. */
  assertLegalRepresentative(principal: Principal): string {
    if (principal.role !== 'enterprise' || principal.enterprisePosition !== 'legal_representative' || !principal.enterpriseId) {
      throw forbidden('NOT_LEGAL_REPRESENTATIVE', '只有企业法定代表人账号可以管理企业人员');
    }
    return principal.enterpriseId;
  }

  async list(principal: Principal): Promise<StaffMemberView[]> {
    const enterpriseId = this.assertLegalRepresentative(principal);
    const { transaction, users } = this.deps;
    return (await transaction((tx) => users.listByEnterprise(tx, enterpriseId))).map((u) => this.view(u));
  }

  async add(principal: Principal, input: StaffInput): Promise<{ member: StaffMemberView; temporaryPassword: string }> {
    const enterpriseId = this.assertLegalRepresentative(principal);
    const { transaction, users, cipher, usernameConflicts } = this.deps;
    await usernameConflicts.assertWithinLimit(principal.userId);
    const temporaryPassword = temporaryPasswordFor(input.username);
    const passwordHash = await this.deps.hashPassword(temporaryPassword);
    const user = await transaction(async (tx) => {
      if (await usernameConflicts.isTaken(tx, input.username)) return undefined;
      return users.insert(tx, {
        username: input.username,
        passwordHash,
        role: 'enterprise',
        displayName: input.displayName,
        institutionId: null,
        enterpriseId,
        enterprisePosition: input.position,
        mobileEnc: cipher.encrypt(input.mobile),
        mustChangePassword: true,
      });
    });
    if (!user) return usernameConflicts.refuse(principal.userId);
    return { member: this.view(user), temporaryPassword };
  }

  /** 停用 / 启用 or a new position; disabling ends the account's sessions at once. */
  async update(principal: Principal, userId: string, change: { status?: UserRecord['status']; position?: StaffPosition }): Promise<StaffMemberView> {
    const enterpriseId = this.assertLegalRepresentative(principal);
    const { transaction, users, endSessions } = this.deps;
    const user = await transaction(async (tx) => {
      const target = await users.findById(tx, userId);
      if (!target || target.enterpriseId !== enterpriseId) throw notFound('PERSON_NOT_FOUND', '未找到该人员');
      if (target.enterprisePosition === 'legal_representative') throw conflict('LEGAL_REPRESENTATIVE_FIXED', '法定代表人账号不能停用或变更岗位');
      if (change.status) await users.setStatus(tx, target.id, change.status);
      if (change.position) await users.setEnterprisePosition(tx, target.id, change.position);
      const changed = { ...target, ...(change.status ? { status: change.status } : {}), ...(change.position ? { enterprisePosition: change.position } : {}) };
      // A new position or a disabled account must not keep acting on an old token.
      if (change.status === 'disabled' || change.position) await endSessions(tx, principalOfUser(changed));
      return changed;
    });
    return this.view(user);
  }

  private view(u: UserRecord): StaffMemberView {
    return {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      position: u.enterprisePosition ?? 'staff',
      status: u.status,
      mobile: u.mobileEnc ? maskMobile(this.deps.cipher.decrypt(u.mobileEnc)) : null,
      mustChangePassword: u.mustChangePassword,
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
      createdAt: u.createdAt.toISOString(),
    };
  }
}

/** 12+ characters of four classes that pass the password policy for `username`. */
function temporaryPasswordFor(username: string): string {
  for (;;) {
    const candidate = `Xy-${randomBytes(9).toString('base64url')}7`;
    if (passwordProblems(candidate, username).length === 0) return candidate;
  }
}
