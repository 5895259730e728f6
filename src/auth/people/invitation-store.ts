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
}

export type NewInvitation = Omit<InvitationRow, 'id' | 'acceptedAt' | 'approvedAt'> & { tokenHash: string; createdAt: Date };

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
  /** An open (not accepted, not expired) invitation for the username, if any. */
  openForUsername(tx: DbOrTrx, username: string, now: Date): Promise<boolean>;
  markAccepted(tx: DbOrTrx, id: string, userId: string, at: Date): Promise<boolean>;
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
    return (
      row && {
        id: row.id,
        institutionId: row.institution_id,
        username: row.username,
        displayName: row.display_name,
        mobileEnc: row.mobile_enc,
        position: row.position,
        expiresAt: new Date(row.expires_at),
        acceptedAt: row.accepted_at === null ? null : new Date(row.accepted_at),
        approvalRequired: row.approval_required,
        approvedAt: row.approved_at === null ? null : new Date(row.approved_at),
        invitedBy: row.invited_by,
      }
    );
  },
  async openForUsername(tx, username, now) {
    return (await tx('invitations').where({ username }).whereNull('accepted_at').where('expires_at', '>', now).first('id')) !== undefined;
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
    return (await tx('invitations').where({ id }).whereNull('accepted_at').update({ accepted_at: at, user_id: userId })) === 1;
  },
};
