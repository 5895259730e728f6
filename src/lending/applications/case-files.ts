import type { Db } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { DomainError } from '../../platform/errors.js';
import type { Sm4FieldCipher } from '../../platform/national-crypto.js';
import type { Principal } from '../../platform/roles.js';
import type { CaseFileStore } from './case-file-store.js';
import type { ApplicationConsentPort } from './ports.js';

/** How long a read that lost a ONETIME race waits for the winner's case file: 5 × 100 ms. */
const CASE_FILE_WAITS = 5;
const CASE_FILE_WAIT_MS = 100;

/** A profile as its reader sees it; `caseFile` is set when it comes from (or went into) the case file. */
export type CaseFileProfile = Record<string, unknown> & { caseFile: { keptAt: string; reused: boolean } | null };

/** One institution's read of an application's applicant, under the grant the application made to it. */
export interface ApplicationRead {
  applicationId: string;
  enterpriseId: string;
  /** The grantee: the application's bank, or the guarantee company of its guaranteed product. */
  institutionId: string;
  /** The grant the read is checked, spent and logged under; null: the newest in force for 贷款申请. */
  grantId: string | null;
}

export interface CaseFilesDeps {
  db: Db;
  consents: ApplicationConsentPort;
  store: CaseFileStore;
  cipher: Pick<Sm4FieldCipher, 'encrypt' | 'decrypt'>;
  clock: Clock;
}

/**
 * 案卷 (decision 0024), one per application and grantee: a read through the consent gate that
 * spent a ONETIME grant is kept, and later reads by the same institution for the same application
 * return it, spending nothing and writing no access-log row. Concurrent first reads share one gate
 * read in this process; one that still lost the race (another instance: CONSENT_ALREADY_USED)
 * waits briefly for the winner's snapshot. A case file is open only while its grant is: after a
 * revocation, expiry or termination it is refused as the gate would refuse a read, and the refusal
 * is kept for the enterprise's 查询记录 as the gate's are.
 * Called outside any transaction: the gate holds its own connection, PGlite has one.
 */
export class CaseFiles {
  private readonly firstReads = new Map<string, Promise<CaseFileProfile>>();

  constructor(private readonly deps: CaseFilesDeps) {}

  async read(reader: Principal, target: ApplicationRead, requestId: string): Promise<CaseFileProfile> {
    const kept = await this.kept(reader, target, requestId);
    if (kept) return kept;
    const key = `${target.applicationId}:${target.institutionId}`;
    const pending = this.firstReads.get(key);
    if (pending) return pending.then((profile) => (profile.caseFile ? { ...profile, caseFile: { ...profile.caseFile, reused: true } } : this.read(reader, target, requestId)));
    const read = this.readIntoCaseFile(reader, target, requestId).finally(() => this.firstReads.delete(key));
    this.firstReads.set(key, read);
    return read;
  }

  private async kept(reader: Principal, target: ApplicationRead, requestId: string): Promise<CaseFileProfile | undefined> {
    const { db, store, cipher, consents } = this.deps;
    const kept = await store.find(db, target.applicationId, target.institutionId);
    if (!kept) return undefined;
    await consents.assertGrantLive(db, { grantId: kept.grantId, bankId: target.institutionId, reader, enterpriseId: target.enterpriseId, requestId });
    const snapshot = JSON.parse(cipher.decrypt(kept.snapshotEnc)) as Record<string, unknown>;
    return { ...snapshot, caseFile: { keptAt: kept.keptAt.toISOString(), reused: true } };
  }

  private async readIntoCaseFile(reader: Principal, target: ApplicationRead, requestId: string): Promise<CaseFileProfile> {
    const { db, store, cipher, clock, consents } = this.deps;
    const { applicationId, enterpriseId, institutionId, grantId } = target;
    let read: Awaited<ReturnType<ApplicationConsentPort['readProfileForApplication']>>;
    try {
      read = await consents.readProfileForApplication(db, { bankId: institutionId, reader, enterpriseId, applicationId, grantId, requestId });
    } catch (error) {
      if (!(error instanceof DomainError && error.code === 'CONSENT_ALREADY_USED')) throw error;
      for (let attempt = 0; attempt < CASE_FILE_WAITS; attempt++) {
        const kept = await this.kept(reader, target, requestId);
        if (kept) return kept;
        await new Promise((resolve) => setTimeout(resolve, CASE_FILE_WAIT_MS));
      }
      throw error;
    }
    if (!read.onetime) return { ...read.profile, caseFile: null };
    const keptAt = clock.now();
    await store.keep(db, { applicationId, institutionId, grantId: read.grantId, snapshotEnc: cipher.encrypt(JSON.stringify(read.profile)), keptAt });
    return { ...read.profile, caseFile: { keptAt: keptAt.toISOString(), reused: false } };
  }
}
