import type { DbOrTrx } from '../../db/database.js';
import type { CreditReportMeta } from './credit-report.js';

export type NewReport = Omit<CreditReportMeta, 'id'> & { pdf: Buffer };

export interface ReportStore {
  insert(tx: DbOrTrx, report: NewReport): Promise<CreditReportMeta>;
  /** The enterprise's reports, newest first. */
  listForEnterprise(tx: DbOrTrx, enterpriseId: string, limit: number): Promise<CreditReportMeta[]>;
  pdf(tx: DbOrTrx, id: string): Promise<{ meta: CreditReportMeta; pdf: Buffer } | undefined>;
  byCode(tx: DbOrTrx, code: string): Promise<CreditReportMeta | undefined>;
  byDigest(tx: DbOrTrx, sm3: string): Promise<CreditReportMeta | undefined>;
}

const META = `id, verification_code as "verificationCode", enterprise_id as "enterpriseId", uscc, enterprise_name as "enterpriseName",
  profile_version as "profileVersion", scopes, issued_to as "issuedTo", institution_id as "institutionId",
  access_log_id as "accessLogId", left_out_count as "leftOutCount", issued_at as "issuedAt", sm3, size_bytes as "sizeBytes"`;

type Row = CreditReportMeta & { accessLogId: number | string | null };

const meta = (row: Row): CreditReportMeta => ({ ...row, accessLogId: row.accessLogId === null ? null : Number(row.accessLogId), issuedAt: new Date(row.issuedAt) });

export const reportStore: ReportStore = {
  async insert(tx, r) {
    const result = await tx.raw(
      `insert into credit_reports (verification_code, enterprise_id, uscc, enterprise_name, profile_version, scopes, issued_to,
         institution_id, access_log_id, left_out_count, issued_at, sm3, size_bytes, pdf)
       values (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?, ?)
       returning ${META}`,
      [r.verificationCode, r.enterpriseId, r.uscc, r.enterpriseName, r.profileVersion, JSON.stringify(r.scopes), r.issuedTo,
        r.institutionId, r.accessLogId, r.leftOutCount, r.issuedAt, r.sm3, r.sizeBytes, r.pdf],
    );
    return meta((result.rows as Row[])[0]!);
  },

  async listForEnterprise(tx, enterpriseId, limit) {
    const result = await tx.raw(`select ${META} from credit_reports where enterprise_id = ? order by issued_at desc, id limit ?`, [enterpriseId, limit]);
    return (result.rows as Row[]).map(meta);
  },

  async pdf(tx, id) {
    const result = await tx.raw(`select ${META}, pdf from credit_reports where id = ?`, [id]);
    const row = (result.rows as (Row & { pdf: Uint8Array })[])[0];
    if (!row) return undefined;
    const { pdf, ...rest } = row;
    return { meta: meta(rest), pdf: Buffer.from(pdf) };
  },

  async byCode(tx, code) {
    const result = await tx.raw(`select ${META} from credit_reports where verification_code = ?`, [code]);
    const row = (result.rows as Row[])[0];
    return row ? meta(row) : undefined;
  },

  async byDigest(tx, sm3) {
    const result = await tx.raw(`select ${META} from credit_reports where sm3 = ? order by issued_at limit 1`, [sm3]);
    const row = (result.rows as Row[])[0];
    return row ? meta(row) : undefined;
  },
};
