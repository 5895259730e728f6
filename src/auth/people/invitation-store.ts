import type { DbOrTrx } from '../../db/database.js';
import type { InstitutionPosition } from '../../platform/roles.js';

export interface InvitationRow {
  id: string;
  institutionId: string;
  username: string;
  displayName: string;
  mobileEnc: string;
  position: InstitutionPosition;
  expiresAt: Date;
  acceptedAt: Date | null;
  /** A new platform admin invited while two admins exist: usable only once another admin approved. */
  approvalRequired: boolean;
  approvedAt: Date | null;
  /** The account that issued the link: the link is usable only while that account is. */
  invitedBy: string;
  /** 撤销邀请: withdrawn by an admin of the institution; never together with `acceptedAt`. */
  cancelledAt: Date | null;
}

export type NewInvitation = Omit<InvitationRow, 'id' | 'acceptedAt' | 'approvedAt' | 'cancelledAt'> & { tokenHash: string; createdAt: Date };

/** An invitation neither accepted, expired nor cancelled, as its institution's admins list it. */
export interface OpenInvitation {
  id: string;
  username: string;
  displayName: string;
  mobileEnc: string;
  position: InstitutionPosition;
  invitedByName: string;
  /** Whether the inviter's account is active: a disabled inviter's link is refused until they are enabled again (0059). */
  inviterActive: boolean;
  createdAt: Date;
  expiresAt: Date;
  approvalRequired: boolean;
  approvedAt: Date | null;
}

export interface PendingApproval {
  id: string;
  username: string;
  displayName: string;
  invitedBy: string;
  invitedByName: string;
  createdAt: Date;
  expiresAt: Date;
}

/** Invitations (邀请): the link's token is kept only as its SM3 digest. */
export interface InvitationStore {
  insert(tx: DbOrTrx, invitation: NewInvitation): Promise<string>;
  findByTokenHash(tx: DbOrTrx, tokenHash: string, lock?: boolean): Promise<InvitationRow | undefined>;
  /** An open (not accepted, not expired, not cancelled) invitation for the username, if any. */
  openForUsername(tx: DbOrTrx, username: string, now: Date): Promise<boolean>;
  /** Refused (false) once the invitation was accepted or cancelled. */
  markAccepted(tx: DbOrTrx, id: string, userId: string, at: Date): Promise<boolean>;
  /** The institution's open invitations, newest first. */
  listOpen(tx: DbOrTrx, institutionId: string, now: Date): Promise<OpenInvitation[]>;
  /** One of the institution's invitations, whatever its state, its row locked for the caller's transaction. */
  findInInstitutionForUpdate(tx: DbOrTrx, institutionId: string, id: string): Promise<InvitationRow | undefined>;
  /** Refused (false) once the invitation was accepted or cancelled. */
  cancel(tx: DbOrTrx, id: string, by: string, at: Date): Promise<boolean>;
  /** Unexpired, unaccepted invitations waiting for an approval, oldest first. */
  awaitingApproval(tx: DbOrTrx, now: Date): Promise<PendingApproval[]>;
  findAwaitingApproval(tx: DbOrTrx, id: string, now: Date): Promise<PendingApproval | undefined>;
  approve(tx: DbOrTrx, id: string, by: string, at: Date): Promise<boolean>;
}

interface Row {
  id: string;
  institution_id: string;
  username: string;
  display_name: string;
  mobile_enc: string;
  position: InstitutionPosition;
  expires_at: Date | string;
  accepted_at: Date | string | null;
  approval_required: boolean;
  approved_at: Date | string | null;
  invited_by: string;
  cancelled_at: Date | string | null;
}

interface PendingRow {
  id: string;
  username: string;
  display_name: string;
  invited_by: string;
  invited_by_name: string;
  created_at: Date | string;
  expires_at: Date | string;
}

interface OpenRow {
  id: string;
  username: string;
  display_name: string;
  mobile_enc: string;
  position: InstitutionPosition;
  invited_by_name: string;
  inviter_status: string;
  created_at: Date | string;
  expires_at: Date | string;
  approval_required: boolean;
  approved_at: Date | string | null;
}

const dateOrNull = (d: Date | string | null): Date | null => (d === null ? null : new Date(d));

const rowOf = (row: Row): InvitationRow => ({
  id: row.id,
  institutionId: row.institution_id,
  username: row.username,
  displayName: row.display_name,
  mobileEnc: row.mobile_enc,
  position: row.position,
  expiresAt: new Date(row.expires_at),
  acceptedAt: dateOrNull(row.accepted_at),
  approvalRequired: row.approval_required,
  approvedAt: dateOrNull(row.approved_at),
  invitedBy: row.invited_by,
  cancelledAt: dateOrNull(row.cancelled_at),
});

const openOf = (r: OpenRow): OpenInvitation => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  mobileEnc: r.mobile_enc,
  position: r.position,
  invitedByName: r.invited_by_name,
  inviterActive: r.inviter_status === 'active',
  createdAt: new Date(r.created_at),
  expiresAt: new Date(r.expires_at),
  approvalRequired: r.approval_required,
  approvedAt: dateOrNull(r.approved_at),
});

const pendingOf = (r: PendingRow): PendingApproval => ({
  id: r.id,
  username: r.username,
  displayName: r.display_name,
  invitedBy: r.invited_by,
  invitedByName: r.invited_by_name,
  createdAt: new Date(r.created_at),
  expiresAt: new Date(r.expires_at),
});

const pendingQuery = (tx: DbOrTrx, now: Date) =>
  tx('invitations as i')
    .join('users as u', 'u.id', 'i.invited_by')
    .where('i.approval_required', true)
    .whereNull('i.approved_at')
    .whereNull('i.accepted_at')
    .whereNull('i.cancelled_at')
    .where('i.expires_at', '>', now)
    .select('i.id', 'i.username', 'i.display_name', 'i.invited_by', 'u.display_name as invited_by_name', 'i.created_at', 'i.expires_at');

export const invitationStore: InvitationStore = {
  async insert(tx, i) {
    const [row] = (await tx('invitations')
      .insert({
        institution_id: i.institutionId,
        username: i.username,
        display_name: i.displayName,
        mobile_enc: i.mobileEnc,
        position: i.position,
        token_hash: i.tokenHash,
        invited_by: i.invitedBy,
        created_at: i.createdAt,
        expires_at: i.expiresAt,
        approval_required: i.approvalRequired,
      })
      .returning('id')) as { id: string }[];
    return row!.id;
  },
  async findByTokenHash(tx, tokenHash, lock = false) {
    const query = tx('invitations').where({ token_hash: tokenHash }).first();
    const row = (await (lock ? query.forUpdate() : query)) as Row | undefined;
    return row && rowOf(row);
  },
  async openForUsername(tx, username, now) {
    return (await tx('invitations').where({ username }).whereNull('accepted_at').whereNull('cancelled_at').where('expires_at', '>', now).first('id')) !== undefined;
  },
  async listOpen(tx, institutionId, now) {
    const rows = (await tx('invitations as i')
      .join('users as u', 'u.id', 'i.invited_by')
      .where('i.institution_id', institutionId)
      .whereNull('i.accepted_at')
      .whereNull('i.cancelled_at')
      .where('i.expires_at', '>', now)
      .orderBy([{ column: 'i.created_at', order: 'desc' }, { column: 'i.id' }])
      .select(
        'i.id',
        'i.username',
        'i.display_name',
        'i.mobile_enc',
        'i.position',
        'u.display_name as invited_by_name',
        'u.status as inviter_status',
        'i.created_at',
        'i.expires_at',
        'i.approval_required',
        'i.approved_at',
      )) as OpenRow[];
    return rows.map(openOf);
  },
  async findInInstitutionForUpdate(tx, institutionId, id) {
    const row = (await tx('invitations').where({ id, institution_id: institutionId }).forUpdate().first()) as Row | undefined;
    return row && rowOf(row);
  },
  async cancel(tx, id, by, at) {
    return (await tx('invitations').where({ id }).whereNull('accepted_at').whereNull('cancelled_at').update({ cancelled_by: by, cancelled_at: at })) === 1;
  },
  async awaitingApproval(tx, now) {
    return ((await pendingQuery(tx, now).orderBy('i.created_at')) as PendingRow[]).map(pendingOf);
  },
  async findAwaitingApproval(tx, id, now) {
    const row = (await pendingQuery(tx, now).where('i.id', id).forUpdate().first()) as PendingRow | undefined;
    return row && pendingOf(row);
  },
  async approve(tx, id, by, at) {
    return (await tx('invitations').where({ id, approval_required: true }).whereNull('approved_at').update({ approved_by: by, approved_at: at })) === 1;
  },
  async markAccepted(tx, id, userId, at) {
    return (await tx('invitations').where({ id }).whereNull('accepted_at').whereNull('cancelled_at').update({ accepted_at: at, user_id: userId })) === 1;
  },
};
