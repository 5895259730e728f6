import type { DbOrTrx } from '../../db/database.js';

export interface SmsCodeRow {
  id: string;
  codeHash: string;
  expiresAt: Date;
  attempts: number;
  consumedAt: Date | null;
}

/** One-time SMS codes, by SM3 digest of the mobile and of the code (kernel store, as the outbox). */
export interface SmsCodeStore {
  insert(db: DbOrTrx, code: { mobileHash: string; purpose: string; codeHash: string; clientIp: string | null; createdAt: Date; expiresAt: Date }): Promise<void>;
  /** Codes of the mobile and purpose since `since`; asked from `clientIp` only, when given. */
  countSince(db: DbOrTrx, mobileHash: string, purpose: string, since: Date, clientIp?: string): Promise<number>;
  /** Codes of the mobile since `since`, whatever their purpose and address: what the phone received, or would have. */
  countToMobileSince(db: DbOrTrx, mobileHash: string, since: Date): Promise<number>;
  /** Codes asked from one client address since `since`, whatever their mobile and purpose. */
  countFromIpSince(db: DbOrTrx, clientIp: string, since: Date): Promise<number>;
  /** The newest code for the mobile and purpose asked from `clientIp` (`null`: by the platform itself), locked for the check. */
  latest(db: DbOrTrx, mobileHash: string, purpose: string, clientIp: string | null): Promise<SmsCodeRow | undefined>;
  recordFailure(db: DbOrTrx, id: string): Promise<void>;
  consume(db: DbOrTrx, id: string, at: Date): Promise<boolean>;
  deleteCreatedBefore(db: DbOrTrx, before: Date): Promise<number>;
}

interface Row {
  id: string | number;
  code_hash: string;
  expires_at: Date | string;
  attempts: number;
  consumed_at: Date | string | null;
}

export const smsCodeStore: SmsCodeStore = {
  async insert(db, c) {
    await db('sms_codes').insert({ mobile_hash: c.mobileHash, purpose: c.purpose, code_hash: c.codeHash, client_ip: c.clientIp, created_at: c.createdAt, expires_at: c.expiresAt });
  },
  async countSince(db, mobileHash, purpose, since, clientIp) {
    const query = db('sms_codes').where({ mobile_hash: mobileHash, purpose }).where('created_at', '>', since);
    if (clientIp !== undefined) query.where({ client_ip: clientIp });
    const row = (await query.count({ n: '*' }).first()) as { n: string | number };
    return Number(row.n);
  },
  async countToMobileSince(db, mobileHash, since) {
    const row = (await db('sms_codes').where({ mobile_hash: mobileHash }).where('created_at', '>', since).count({ n: '*' }).first()) as { n: string | number };
    return Number(row.n);
  },
  async countFromIpSince(db, clientIp, since) {
    const row = (await db('sms_codes').where({ client_ip: clientIp }).where('created_at', '>', since).count({ n: '*' }).first()) as { n: string | number };
    return Number(row.n);
  },
  async latest(db, mobileHash, purpose, clientIp) {
    const query = db('sms_codes').where({ mobile_hash: mobileHash, purpose });
    if (clientIp === null) query.whereNull('client_ip');
    else query.where({ client_ip: clientIp });
    const row = (await query.orderBy('id', 'desc').forUpdate().first()) as Row | undefined;
    return (
      row && {
        id: String(row.id),
        codeHash: row.code_hash,
        expiresAt: new Date(row.expires_at),
        attempts: row.attempts,
        consumedAt: row.consumed_at === null ? null : new Date(row.consumed_at),
      }
    );
  },
  async recordFailure(db, id) {
    await db('sms_codes').where({ id }).increment('attempts', 1);
  },
  async consume(db, id, at) {
    return (await db('sms_codes').where({ id }).whereNull('consumed_at').update({ consumed_at: at })) === 1;
  },
  async deleteCreatedBefore(db, before) {
    return db('sms_codes').where('created_at', '<', before).delete();
  },
};
