import { randomBytes } from 'node:crypto';
import type { DbOrTrx } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import type { Institution } from '../../institutions/institution.js';
import type { Clock } from '../../platform/clock.js';
import { conflict, forbidden, notFound, unprocessable, validationError } from '../../platform/errors.js';
import { maskMobile } from '../../platform/masking.js';
import { sm3Hex, type Sm4FieldCipher } from '../../platform/national-crypto.js';
import type { HashPassword } from '../../platform/password.js';
import { passwordProblems } from '../../platform/password-policy.js';
import { isInstitutionAdmin, PLATFORM_OPERATOR, roleOfInstitutionType, type InstitutionPosition, type Principal } from '../../platform/roles.js';
import { principalOfUser, type UserRecord } from '../user.js';
import type { UserStore } from '../user-store.js';
import type { InvitationRow, InvitationStore, OpenInvitation, PendingApproval } from './invitation-store.js';
import type { UsernameConflicts } from '../username-conflicts.js';

export interface PersonView {
  id: string;
  username: string;
  displayName: string;
  position: InstitutionPosition | null;
  status: UserRecord['status'];
  mobile: string | null;
  lastLoginAt: string | null;
  createdAt: string;
}

/**
 * Whether an open link can be used now: `awaiting_approval` a new platform admin's until another
 * admin approves it; `inviter_disabled` while the account that issued it is disabled (0059).
 */
export type OpenInvitationState = 'usable' | 'awaiting_approval' | 'inviter_disabled';

export interface OpenInvitationView {
  id: string;
  username: string;
  displayName: string;
  position: InstitutionPosition;
  /** Masked. */
  mobile: string;
  invitedByName: string;
  createdAt: string;
  expiresAt: string;
  state: OpenInvitationState;
}

export interface CancelledInvitationView {
  id: string;
  username: string;
  displayName: string;
  cancelledAt: string;
  cancelledByName: string;
}

export interface InvitationInput {
  username: string;
  displayName: string;
  mobile: string;
  position: InstitutionPosition;
}

export interface PeopleDeps {
  transaction: TransactionRunner;
  users: UserStore;
  invitations: InvitationStore;
  institutions: { findById: (tx: Parameters<UserStore['findById']>[0], id: string) => Promise<Institution | undefined> };
  cipher: Sm4FieldCipher;
  clock: Clock;
  invitationTtlHours: number;
  /** Ends every session of a person who was just disabled. */
  /** Inside the caller's transaction: a disabled account's sessions end as it is disabled. */
  endSessions: (tx: DbOrTrx, principal: Principal) => Promise<void>;
  /** Hashes a new password at the configured cost. */
  hashPassword: HashPassword;
  /** "Already taken", limited per account: usernames are one namespace across the platform. */
  usernameConflicts: UsernameConflicts;
}

const INVALID_LINK = () => notFound('INVITATION_INVALID', '邀请链接无效');

/**
 * 人员管理: an institution admin invites and disables their own institution's people; the platform
 * admin invites an institution's first admin (and may disable anyone's account). An invitation
 * is a single-use link (token kept as SM3 digest) that expires; the invitee sets the password.
 */
export class PeopleService {
  constructor(private readonly deps: PeopleDeps) {}

  async list(principal: Principal, institutionId: string): Promise<PersonView[]> {
    this.assertManages(principal, institutionId);
    const { transaction, users } = this.deps;
    return (await transaction((tx) => users.listByInstitution(tx, institutionId))).map((u) => this.view(u));
  }

  async invite(principal: Principal, institutionId: string, input: InvitationInput): Promise<{ token: string; expiresAt: string; awaitingApproval: boolean }> {
    const { transaction, users, invitations, institutions, cipher, clock, invitationTtlHours } = this.deps;
    const token = `inv_${randomBytes(32).toString('base64url')}`;
    const now = clock.now();
    const expiresAt = new Date(now.getTime() + invitationTtlHours * 3_600_000);
    if (principal.role !== 'admin') this.assertManages(principal, institutionId);
    await this.deps.usernameConflicts.assertWithinLimit(principal.userId);
    let approvalRequired = false;
    const taken = await transaction(async (tx) => {
      const institution = await institutions.findById(tx, institutionId);
      if (!institution) throw notFound('INSTITUTION_NOT_FOUND', '未找到该机构');
      if (institution.type === PLATFORM_OPERATOR) {
        // The operator's people are the platform admins. A single admin invites the second directly (maker-checker
        // needs two); from two on, a new admin's link works only once another admin approved it.
        if (principal.role !== 'admin') throw forbidden('NOT_PLATFORM_ADMIN', '只有平台管理员可以邀请平台管理员');
        if (input.position !== 'institution_admin') throw unprocessable('OPERATOR_ADMINS_ONLY', '平台运营方人员均为平台管理员，岗位请选择机构管理员', [{ field: 'position', code: 'OPERATOR_ADMINS_ONLY', message: '请选择机构管理员' }]);
        approvalRequired = (await users.countInstitutionAdmins(tx, institutionId)) >= 2;
      } else if (principal.role === 'admin') {
        // The platform admin only seats an institution's first admin; after that the institution runs its own people.
        if (input.position !== 'institution_admin') throw forbidden('FIRST_ADMIN_ONLY', '平台管理员只能邀请机构的首位机构管理员');
        if ((await users.countInstitutionAdmins(tx, institutionId)) > 0) throw conflict('INSTITUTION_HAS_ADMIN', '该机构已有机构管理员，由其邀请本机构人员');
      }
      if (institution.status !== 'active') throw conflict('INSTITUTION_SUSPENDED', '该机构已停用，不能邀请人员');
      if (await this.deps.usernameConflicts.isTaken(tx, input.username)) return true;
      await invitations.insert(tx, {
        institutionId,
        username: input.username,
        displayName: input.displayName,
        mobileEnc: cipher.encrypt(input.mobile),
        position: input.position,
        tokenHash: sm3Hex(token),
        invitedBy: principal.userId,
        createdAt: now,
        expiresAt,
        approvalRequired,
      });
      return false;
    });
    if (taken) return this.deps.usernameConflicts.refuse(principal.userId);
    return { token, expiresAt: expiresAt.toISOString(), awaitingApproval: approvalRequired };
  }

  /** "Already taken" answers older than their window no longer count (the scheduler's daily purge). */
  purgeExpiredUsernameConflicts(): Promise<number> {
    return this.deps.usernameConflicts.purgeExpired();
  }

  /** 待审核的平台管理员邀请 (platform admins only). */
  async pendingAdminInvitations(principal: Principal): Promise<PendingApproval[]> {
    this.assertPlatformAdmin(principal);
    const { transaction, invitations, clock } = this.deps;
    return transaction((tx) => invitations.awaitingApproval(tx, clock.now()));
  }

  /** The second admin's approval of a new admin's invitation; never the inviter's own. */
  async approveAdminInvitation(principal: Principal, id: string): Promise<void> {
    this.assertPlatformAdmin(principal);
    const { transaction, invitations, clock } = this.deps;
    await transaction(async (tx) => {
      const pending = await invitations.findAwaitingApproval(tx, id, clock.now());
      if (!pending) throw notFound('INVITATION_NOT_PENDING', '未找到待审核的邀请（可能已审核、已使用或已过期）');
      if (pending.invitedBy === principal.userId) throw forbidden('SAME_PROPOSER', '发出邀请的管理员不能审核自己的邀请，请由另一位管理员审核');
      if (!(await invitations.approve(tx, id, principal.userId, clock.now()))) throw conflict('INVITATION_DECIDED', '该邀请已审核');
    });
  }

  /** 待接受的邀请: the institution's links not yet accepted, expired or cancelled, newest first. */
  async openInvitations(principal: Principal, institutionId: string): Promise<OpenInvitationView[]> {
    this.assertManages(principal, institutionId);
    const { transaction, invitations, clock } = this.deps;
    return (await transaction((tx) => invitations.listOpen(tx, institutionId, clock.now()))).map((i) => this.openView(i));
  }

  /**
   * 撤销邀请 by any admin of the invitation's institution (or the platform admin): the link is
   * refused from then on and its username is free again. Accepting takes the same row lock, so of
   * an accept and a cancel at once exactly one wins; the other is told what happened.
   */
  async cancelInvitation(principal: Principal, institutionId: string, id: string): Promise<CancelledInvitationView> {
    this.assertManages(principal, institutionId);
    const { transaction, invitations, users, clock } = this.deps;
    return transaction(async (tx) => {
      const invitation = await invitations.findInInstitutionForUpdate(tx, institutionId, id);
      // Another institution's invitation is answered as an unknown id, as its people are.
      if (!invitation) throw notFound('INVITATION_NOT_FOUND', '未找到该邀请');
      if (invitation.cancelledAt) throw conflict('INVITATION_CANCELLED', '该邀请已撤销，无需再次撤销');
      if (invitation.acceptedAt) throw conflict('INVITATION_USED', '该邀请已被接受，账号已启用，不能撤销；如需停止其使用，请在人员列表中停用该账号');
      const now = clock.now();
      if (invitation.expiresAt <= now) throw conflict('INVITATION_EXPIRED', '该邀请已过期，链接已不能使用，无需撤销');
      if (!(await invitations.cancel(tx, invitation.id, principal.userId, now))) throw conflict('INVITATION_CANCELLED', '该邀请已撤销或已被接受');
      const by = await users.findById(tx, principal.userId);
      return { id: invitation.id, username: invitation.username, displayName: invitation.displayName, cancelledAt: now.toISOString(), cancelledByName: by?.displayName ?? '' };
    });
  }

  /** Checked before the request is read. */
  assertPlatformAdmin(principal: Principal): void {
    if (principal.role !== 'admin' || principal.clientId !== undefined) throw forbidden('NOT_PLATFORM_ADMIN', '只有平台管理员可以审核平台管理员邀请');
  }

  /** What the invitee sees before choosing a password (no login needed; the token is the key). */
  async preview(token: string): Promise<{ institutionName: string; username: string; displayName: string; position: InstitutionPosition; expiresAt: string }> {
    const { transaction, invitations, institutions } = this.deps;
    return transaction(async (tx) => {
      const invitation = await this.usable(tx, await invitations.findByTokenHash(tx, sm3Hex(token)));
      const institution = await institutions.findById(tx, invitation.institutionId);
      return {
        institutionName: institution?.name ?? '',
        username: invitation.username,
        displayName: invitation.displayName,
        position: invitation.position,
        expiresAt: invitation.expiresAt.toISOString(),
      };
    });
  }

  /** Creates the account with the invitee's own password; the link is spent. */
  async accept(token: string, password: string): Promise<{ username: string }> {
    const { transaction, users, invitations, institutions, clock } = this.deps;
    return transaction(async (tx) => {
      const invitation = await this.usable(tx, await invitations.findByTokenHash(tx, sm3Hex(token), true));
      const problems = passwordProblems(password, invitation.username, 'password');
      if (problems.length) throw validationError('VALIDATION_FAILED', problems.map((p) => `${p.field}: ${p.message}`).join('；'), problems);
      const institution = await institutions.findById(tx, invitation.institutionId);
      const role = institution && roleOfInstitutionType(institution.type);
      if (!institution || !role || institution.status !== 'active') throw conflict('INSTITUTION_SUSPENDED', '该机构已停用，邀请不能使用');
      if (await users.findByUsername(tx, invitation.username)) throw conflict('USERNAME_TAKEN', '该账号已被使用');
      // Hashed only once the link held: anyone may send a token, and a hash costs about 0.1 s of a
      // shared worker thread.
      const passwordHash = await this.deps.hashPassword(password);
      const user = await users.insert(tx, {
        username: invitation.username,
        passwordHash,
        role,
        displayName: invitation.displayName,
        institutionId: institution.id,
        enterpriseId: null,
        position: invitation.position,
        mobileEnc: invitation.mobileEnc,
      });
      if (!(await invitations.markAccepted(tx, invitation.id, user.id, clock.now()))) throw conflict('INVITATION_USED', '该邀请链接已使用');
      return { username: user.username };
    });
  }

  /** 停用 / 启用 an account; disabling ends its sessions at once. */
  async setStatus(principal: Principal, userId: string, status: UserRecord['status']): Promise<PersonView> {
    const { transaction, users, endSessions } = this.deps;
    this.assertManages(principal);
    const user = await transaction(async (tx) => {
      const target = await users.findById(tx, userId);
      // Another institution's person is answered as an unknown id: a 403 told that the id is a person's.
      if (!target?.institutionId || !this.manages(principal, target.institutionId)) throw notFound('PERSON_NOT_FOUND', '未找到该人员');
      if (target.id === principal.userId) throw conflict('SELF_STATUS', '不能停用自己的账号');
      await users.setStatus(tx, target.id, status);
      if (status === 'disabled') await endSessions(tx, principalOfUser(target));
      return { ...target, status };
    });
    return this.view(user);
  }

  /**
   * A link is the inviter's act: it holds only while the inviter's account is active. A 机构管理员
   * disabled on leaving could otherwise still seat an account of their own choosing, as
   * 机构管理员, through a link they issued before and kept. A cancelled link (撤销邀请) never
   * holds again.
   */
  private async usable(tx: DbOrTrx, invitation: InvitationRow | undefined): Promise<InvitationRow> {
    if (!invitation) throw INVALID_LINK();
    if (invitation.cancelledAt) throw conflict('INVITATION_CANCELLED', '该邀请已被发出邀请的机构撤销，链接已失效。如仍需加入，请联系该机构的机构管理员重新邀请');
    if (invitation.acceptedAt) throw conflict('INVITATION_USED', '该邀请链接已使用，请直接登录');
    if (invitation.expiresAt <= this.deps.clock.now()) throw conflict('INVITATION_EXPIRED', '邀请链接已过期，请联系管理员重新邀请');
    if ((await this.deps.users.findById(tx, invitation.invitedBy))?.status !== 'active') {
      throw conflict('INVITATION_REVOKED', '发出该邀请的人员账号已停用，邀请链接已失效，请联系机构管理员重新邀请');
    }
    if (invitation.approvalRequired && !invitation.approvedAt) throw conflict('INVITATION_AWAITING_APPROVAL', '该邀请尚待另一位平台管理员审核，审核通过后即可使用');
    return invitation;
  }

  /**
   * The platform admin manages every institution's people; an institution admin only their own
   * (any institution when `institutionId` is not known yet). Checked before the request is read.
   */
  assertManages(principal: Principal, institutionId?: string): void {
    if (!this.manages(principal, institutionId)) throw forbidden('NOT_INSTITUTION_ADMIN', '只有本机构的机构管理员可以管理人员');
  }

  private manages(principal: Principal, institutionId?: string): boolean {
    if (principal.role === 'admin' && principal.clientId === undefined) return true;
    return isInstitutionAdmin(principal) && (institutionId === undefined || principal.institutionId === institutionId);
  }

  private openView(i: OpenInvitation): OpenInvitationView {
    return {
      id: i.id,
      username: i.username,
      displayName: i.displayName,
      position: i.position,
      mobile: maskMobile(this.deps.cipher.decrypt(i.mobileEnc)),
      invitedByName: i.invitedByName,
      createdAt: i.createdAt.toISOString(),
      expiresAt: i.expiresAt.toISOString(),
      state: !i.inviterActive ? 'inviter_disabled' : i.approvalRequired && !i.approvedAt ? 'awaiting_approval' : 'usable',
    };
  }

  private view(u: UserRecord): PersonView {
    return {
      id: u.id,
      username: u.username,
      displayName: u.displayName,
      position: u.position,
      status: u.status,
      mobile: u.mobileEnc ? maskMobile(this.deps.cipher.decrypt(u.mobileEnc)) : null,
      lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
      createdAt: u.createdAt.toISOString(),
    };
  }
}
