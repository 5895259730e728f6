import { randomInt } from 'node:crypto';
import type { ConsentGate, GateCaller } from '../../consents/consent-gate.js';
import type { ConsentPurpose } from '../../consents/consent.js';
import type { DbOrTrx } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import { findCategory } from '../../ingestion/category-registry.js';
import type { CreditRecord } from '../../ingestion/records/credit-record.js';
import type { Clock } from '../../platform/clock.js';
import { notFound } from '../../platform/errors.js';
import { sm3Hex } from '../../platform/national-crypto.js';
import { renderPdf } from '../../platform/pdf/pdf-document.js';
import { PROFILE_SCOPES, type ProfileScope } from '../../platform/profile-scopes.js';
import type { CreditProfile } from '../../profiles/credit-profile.js';
import type { CreditReportMeta, IssuedReport, LeftOutRecord, ReportRecipient, ReportVerification } from './credit-report.js';
import { reportContent } from './report-content.js';
import type { ReportStore } from './report-store.js';

export interface ReportServiceDeps {
  transaction: TransactionRunner;
  store: ReportStore;
  clock: Clock;
  gate: Pick<ConsentGate, 'read'>;
  profileIn(tx: DbOrTrx, uscc: string, scopes: readonly ProfileScope[]): Promise<CreditProfile>;
  leftOutRecords(tx: DbOrTrx, uscc: string): Promise<CreditRecord[]>;
  enterpriseById(tx: DbOrTrx, enterpriseId: string): Promise<{ uscc: string; name: string }>;
  enterpriseByUscc(tx: DbOrTrx, uscc: string): Promise<{ id: string; name: string } | undefined>;
  institutionName(tx: DbOrTrx, institutionId: string): Promise<string | undefined>;
  /** The city's districts by code. */
  districtNames(): Promise<ReadonlyMap<string, string>>;
}

/** Characters of a verification code: no 0/O, 1/I/L, so a printed code reads back unambiguously. */
const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const CODE = /^[A-HJKMNP-Z2-9]{4}(-[A-HJKMNP-Z2-9]{4}){3}$/;
/** Self-reported data has its own, non-public section: a public credit report never holds it. */
const REPORT_SCOPES = PROFILE_SCOPES.filter((s) => s !== 'self_reported');
const LIST_LIMIT = 50;

export function newVerificationCode(): string {
  const chars = Array.from({ length: 16 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]!);
  return [0, 4, 8, 12].map((i) => chars.slice(i, i + 4).join('')).join('-');
}

/** A verification code as typed: case and spaces do not matter. */
export function normaliseCode(input: string): string | undefined {
  const compact = input.toUpperCase().replace(/[\s-]/g, '');
  const code = compact.length === 16 ? compact.match(/.{4}/g)!.join('-') : compact;
  return CODE.test(code) ? code : undefined;
}

/**
 * 企业公共信用报告: issued as a PDF from the current profile version, free and as often as asked.
 * Each report keeps its bytes and their SM3 digest, so a copy can be checked later by its
 * verification code or by the file. Institutions obtain a report only through the consent gate.
 */
export class ReportService {
  constructor(private readonly deps: ReportServiceDeps) {}

  async issueOwn(enterpriseId: string): Promise<CreditReportMeta> {
    const issued = await this.issue(async (tx) => {
      const enterprise = await this.deps.enterpriseById(tx, enterpriseId);
      return { enterpriseId, ...enterprise, scopes: REPORT_SCOPES, recipient: { kind: 'enterprise' as const }, institutionName: null };
    });
    return issued.meta;
  }

  /** The institution's read goes through the consent gate (grant checked, read logged); the report holds only the granted scopes. */
  async issueForInstitution(caller: GateCaller, uscc: string, purpose: ConsentPurpose): Promise<IssuedReport> {
    const gated = await this.deps.gate.read(caller, { uscc, purpose, scopes: [] });
    return this.issue(async (tx) => {
      const enterprise = await this.deps.enterpriseByUscc(tx, uscc);
      if (!enterprise) throw notFound('ENTERPRISE_NOT_FOUND', '企业不存在');
      return {
        enterpriseId: enterprise.id,
        uscc,
        name: enterprise.name,
        scopes: REPORT_SCOPES.filter((s) => gated.scopes.includes(s)),
        recipient: { kind: 'institution' as const, institutionId: caller.institutionId, accessLogId: gated.accessLogId },
        institutionName: (await this.deps.institutionName(tx, caller.institutionId)) ?? null,
      };
    });
  }

  listOwn(enterpriseId: string): Promise<CreditReportMeta[]> {
    return this.deps.transaction((tx) => this.deps.store.listForEnterprise(tx, enterpriseId, LIST_LIMIT));
  }

  /** The enterprise downloads one of its own reports again (the same bytes). */
  async ownPdf(enterpriseId: string, reportId: string): Promise<IssuedReport> {
    const found = await this.deps.transaction((tx) => this.deps.store.pdf(tx, reportId));
    if (!found || found.meta.enterpriseId !== enterpriseId) throw notFound('REPORT_NOT_FOUND', '未找到该信用报告');
    return found;
  }

  /** Public: what a verification code stands for (a printed copy is checked against it). */
  async byCode(input: string): Promise<CreditReportMeta> {
    const code = normaliseCode(input);
    const found = code ? await this.deps.transaction((tx) => this.deps.store.byCode(tx, code)) : undefined;
    if (!found) throw notFound('REPORT_NOT_FOUND', '未找到该验证码对应的信用报告，请核对验证码');
    return found;
  }

  /** Public: whether a file is an issued report, byte for byte (its SM3 digest); with a code, that code's report. */
  async verifyFile(file: Buffer, code?: string): Promise<ReportVerification> {
    const sm3 = sm3Hex(file);
    if (code !== undefined) {
      const report = await this.byCode(code);
      return { match: report.sm3 === sm3, sm3, report };
    }
    const report = await this.deps.transaction((tx) => this.deps.store.byDigest(tx, sm3));
    return { match: report !== undefined, sm3, report: report ?? null };
  }

  private async issue(
    subject: (tx: DbOrTrx) => Promise<{
      enterpriseId: string;
      uscc: string;
      name: string;
      scopes: readonly ProfileScope[];
      recipient: ReportRecipient;
      institutionName: string | null;
    }>,
  ): Promise<IssuedReport> {
    const issuedAt = this.deps.clock.now();
    const verificationCode = newVerificationCode();
    const read = await this.deps.transaction(async (tx) => {
      const s = await subject(tx);
      const profile = await this.deps.profileIn(tx, s.uscc, s.scopes);
      const leftOut = (await this.deps.leftOutRecords(tx, s.uscc)).map(leftOutView).filter((r) => s.scopes.includes(r.scope));
      return { ...s, profile, leftOut };
    });
    const districts = await this.deps.districtNames();
    const pdf = await renderPdf(
      reportContent({ verificationCode, issuedAt, enterpriseName: read.name, profile: read.profile, leftOut: read.leftOut, institutionName: read.institutionName, districts }),
    );
    const meta = await this.deps.transaction((tx) =>
      this.deps.store.insert(tx, {
        verificationCode,
        enterpriseId: read.enterpriseId,
        uscc: read.uscc,
        enterpriseName: read.name,
        profileVersion: read.profile.version,
        scopes: read.profile.sections.map((s) => s.scope),
        issuedTo: read.recipient.kind,
        institutionId: read.recipient.kind === 'institution' ? read.recipient.institutionId : null,
        accessLogId: read.recipient.kind === 'institution' ? read.recipient.accessLogId : null,
        leftOutCount: read.leftOut.length,
        issuedAt,
        sm3: sm3Hex(pdf),
        sizeBytes: pdf.length,
        pdf,
      }),
    );
    return { meta, pdf };
  }
}

function leftOutView(r: CreditRecord): LeftOutRecord {
  const category = findCategory(r.category);
  return {
    categoryLabel: category.label,
    scope: category.scope,
    recordKey: r.recordKey,
    status: r.status === 'withdrawn' ? 'withdrawn' : 'repaired',
    changedAt: r.statusChangedAt === null ? null : new Date(r.statusChangedAt),
    sourceName: r.sourceName,
  };
}
