import type { DbOrTrx } from '../db/database.js';

/** One bank's stored connection (secrets still encrypted). */
export interface BankConnectionRow {
  id: string;
  institutionId: string;
  bankCode: string;
  protocol: string;
  /** The non-secret options, as entered. */
  options: Record<string, unknown>;
  /** SM4-encrypted JSON object of the secret options. */
  secretsEnc: string;
  bankPublicKey: string | null;
  version: number;
  updatedAt: Date;
  updatedBy: string;
  lastTest: { at: Date; ok: boolean; message: string; durationMs: number } | null;
  lastSuccessAt: Date | null;
}

export interface BankConnectionWrite {
  institutionId: string;
  protocol: string;
  options: Record<string, unknown>;
  secretsEnc: string;
  bankPublicKey: string | null;
  updatedAt: Date;
  updatedBy: string;
}

export interface BankConnectionStore {
  /** Holds the bank's connection, stored or not yet, until the transaction ends (a read-then-write of its secrets). */
  lock(tx: DbOrTrx, institutionId: string): Promise<void>;
  findByInstitution(tx: DbOrTrx, institutionId: string): Promise<BankConnectionRow | undefined>;
  findByCode(tx: DbOrTrx, bankCode: string): Promise<BankConnectionRow | undefined>;
  list(tx: DbOrTrx): Promise<BankConnectionRow[]>;
  /** Inserts or replaces the bank's connection (version + 1); `onlyIfAbsent` leaves an existing one alone. */
  save(tx: DbOrTrx, write: BankConnectionWrite, onlyIfAbsent?: boolean): Promise<void>;
  recordTest(tx: DbOrTrx, institutionId: string, test: { at: Date; ok: boolean; message: string; durationMs: number }): Promise<void>;
  recordSuccess(tx: DbOrTrx, bankCode: string, at: Date): Promise<void>;
  /** Institution ids of the banks 已对接 at `now`: a success after the last change, within the window. */
  connectedInstitutionIds(tx: DbOrTrx, since: Date): Promise<string[]>;
}

interface Row {
  id: string;
  institution_id: string;
  bank_code: string;
  protocol: string;
  options: Record<string, unknown> | string;
  secrets_enc: string;
  bank_public_key: string | null;
  version: number;
  updated_at: Date;
  updated_by: string;
  last_test_at: Date | null;
  last_test_ok: boolean | null;
  last_test_message: string | null;
  last_test_ms: number | null;
  last_success_at: Date | null;
}

const plain = (r: Row): BankConnectionRow => ({
  id: r.id,
  institutionId: r.institution_id,
  bankCode: r.bank_code,
  protocol: r.protocol,
  options: typeof r.options === 'string' ? (JSON.parse(r.options) as Record<string, unknown>) : r.options,
  secretsEnc: r.secrets_enc,
  bankPublicKey: r.bank_public_key,
  version: Number(r.version),
  updatedAt: r.updated_at,
  updatedBy: r.updated_by,
  lastTest: r.last_test_at ? { at: r.last_test_at, ok: r.last_test_ok === true, message: r.last_test_message ?? '', durationMs: Number(r.last_test_ms ?? 0) } : null,
  lastSuccessAt: r.last_success_at,
});

const withCode = (tx: DbOrTrx) => tx('bank_connections as c').join('institutions as i', 'i.id', 'c.institution_id').select('c.*', 'i.code as bank_code');

export const bankConnectionStore: BankConnectionStore = {
  async lock(tx, institutionId) {
    await tx.raw('select pg_advisory_xact_lock(hashtext(?))', [`bank-connection:${institutionId}`]);
  },
  async findByInstitution(tx, institutionId) {
    const row = (await withCode(tx).where('c.institution_id', institutionId).first()) as Row | undefined;
    return row && plain(row);
  },
  async findByCode(tx, bankCode) {
    const row = (await withCode(tx).where('i.code', bankCode).first()) as Row | undefined;
    return row && plain(row);
  },
  async list(tx) {
    return ((await withCode(tx).orderBy('i.code')) as Row[]).map(plain);
  },
  async save(tx, w, onlyIfAbsent = false) {
    const row = {
      institution_id: w.institutionId,
      protocol: w.protocol,
      options: JSON.stringify(w.options),
      secrets_enc: w.secretsEnc,
      bank_public_key: w.bankPublicKey,
      updated_at: w.updatedAt,
      updated_by: w.updatedBy,
    };
    const insert = tx('bank_connections').insert(row).onConflict('institution_id');
    if (onlyIfAbsent) await insert.ignore();
    else await insert.merge({ ...row, version: tx.raw('bank_connections.version + 1') });
  },
  async recordTest(tx, institutionId, test) {
    await tx('bank_connections')
      .where('institution_id', institutionId)
      .update({
        last_test_at: test.at,
        last_test_ok: test.ok,
        last_test_message: test.message,
        last_test_ms: test.durationMs,
        ...(test.ok ? { last_success_at: tx.raw('greatest(last_success_at, ?)', [test.at]) } : {}),
      });
  },
  async recordSuccess(tx, bankCode, at) {
    await tx('bank_connections')
      .whereIn('institution_id', tx('institutions').where('code', bankCode).select('id'))
      .update({ last_success_at: tx.raw('greatest(last_success_at, ?)', [at]) });
  },
  async connectedInstitutionIds(tx, since) {
    const rows = (await tx('bank_connections')
      .whereRaw('last_success_at >= updated_at')
      .andWhere('last_success_at', '>=', since)
      .select('institution_id')) as { institution_id: string }[];
    return rows.map((r) => r.institution_id);
  },
};
