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
}

export type NewInvitation = Omit<InvitationRow, 'id' | 'acceptedAt'> & { tokenHash: string; invitedBy: string; createdAt: Date };

/** Invitations (邀请): the link's token is kept only as its SM3 digest. */
export interface InvitationStore {
  insert(tx: DbOrTrx, invitation: NewInvitation): Promise<string>;
  findByTokenHash(tx: DbOrTrx, tokenHash: string, lock?: boolean): Promise<InvitationRow | undefined>;
  /** An open (not accepted, not expired) invitation for the username, if any. */
  openForUsername(tx: DbOrTrx, username: string, now: Date): Promise<boolean>;
  markAccepted(tx: DbOrTrx, id: string, userId: string, at: Date): Promise<boolean>;
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
}

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
      }
    );
  },
  async openForUsername(tx, username, now) {
    return (await tx('invitations').where({ username }).whereNull('accepted_at').where('expires_at', '>', now).first('id')) !== undefined;
  },
  async markAccepted(tx, id, userId, at) {
    return (await tx('invitations').where({ id }).whereNull('accepted_at').update({ accepted_at: at, user_id: userId })) === 1;
  },
};
