import type { DbOrTrx } from '../db/database.js';

export interface RefreshTokenRow {
  id: string;
  userId: string;
  familyId: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

/** Refresh tokens (by SM3 digest) and each user's token epoch. */
export interface SessionStore {
  insert(db: DbOrTrx, token: { userId: string; familyId: string; tokenHash: string; issuedAt: Date; expiresAt: Date }): Promise<void>;
  findByHash(db: DbOrTrx, tokenHash: string): Promise<RefreshTokenRow | undefined>;
  /** Marks the token used; false when another request used or revoked it first. */
  markUsed(db: DbOrTrx, id: string, at: Date): Promise<boolean>;
  revokeFamily(db: DbOrTrx, familyId: string, at: Date): Promise<void>;
  revokeAllOfUser(db: DbOrTrx, userId: string, at: Date): Promise<void>;
  epoch(db: DbOrTrx, userId: string): Promise<number | undefined>;
  bumpEpoch(db: DbOrTrx, userId: string): Promise<number>;
  deleteExpiredBefore(db: DbOrTrx, before: Date): Promise<number>;
}

interface Row {
  id: string;
  user_id: string;
  family_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

export const sessionStore: SessionStore = {
  async insert(db, t) {
    await db('refresh_tokens').insert({
      user_id: t.userId,
      family_id: t.familyId,
      token_hash: t.tokenHash,
      issued_at: t.issuedAt,
      expires_at: t.expiresAt,
    });
  },
  async findByHash(db, tokenHash) {
    const row = (await db('refresh_tokens').where({ token_hash: tokenHash }).first()) as Row | undefined;
    return (
      row && {
        id: row.id,
        userId: row.user_id,
        familyId: row.family_id,
        expiresAt: new Date(row.expires_at),
        usedAt: row.used_at && new Date(row.used_at),
        revokedAt: row.revoked_at && new Date(row.revoked_at),
      }
    );
  },
  async markUsed(db, id, at) {
    return (await db('refresh_tokens').where({ id }).whereNull('used_at').whereNull('revoked_at').update({ used_at: at })) === 1;
  },
  async revokeFamily(db, familyId, at) {
    await db('refresh_tokens').where({ family_id: familyId }).whereNull('revoked_at').update({ revoked_at: at });
  },
  async revokeAllOfUser(db, userId, at) {
    await db('refresh_tokens').where({ user_id: userId }).whereNull('revoked_at').update({ revoked_at: at });
  },
  async epoch(db, userId) {
    const row = (await db('users').where({ id: userId }).first('token_epoch')) as { token_epoch: number } | undefined;
    return row?.token_epoch;
  },
  async bumpEpoch(db, userId) {
    const [row] = (await db('users').where({ id: userId }).increment('token_epoch', 1).returning('token_epoch')) as { token_epoch: number }[];
    return row?.token_epoch ?? 0;
  },
  async deleteExpiredBefore(db, before) {
    return db('refresh_tokens').where('expires_at', '<', before).delete();
  },
};
