import type { DbOrTrx } from '../../db/database.js';

/**
 * 案卷: what a ONETIME read returned for one application to one institution (the bank, or the
 * guarantee company of a guaranteed product), the snapshot SM4-encrypted by the caller.
 */
export interface CaseFileEntry {
  applicationId: string;
  /** The grantee whose read it was. */
  institutionId: string;
  grantId: string;
  snapshotEnc: string;
  keptAt: Date;
}

export interface CaseFileStore {
  find(tx: DbOrTrx, applicationId: string, institutionId: string): Promise<CaseFileEntry | undefined>;
  /** Keeps an institution's first snapshot of an application; a later one (a concurrent first read) is ignored. */
  keep(tx: DbOrTrx, entry: CaseFileEntry): Promise<void>;
}

interface Row {
  application_id: string;
  institution_id: string;
  grant_id: string;
  snapshot_enc: string;
  kept_at: Date;
}

export const caseFileStore: CaseFileStore = {
  async find(tx, applicationId, institutionId) {
    const row = (await tx('application_case_files').where({ application_id: applicationId, institution_id: institutionId }).first()) as Row | undefined;
    return row && { applicationId: row.application_id, institutionId: row.institution_id, grantId: row.grant_id, snapshotEnc: row.snapshot_enc, keptAt: new Date(row.kept_at) };
  },
  async keep(tx, e) {
    await tx('application_case_files')
      .insert({ application_id: e.applicationId, institution_id: e.institutionId, grant_id: e.grantId, snapshot_enc: e.snapshotEnc, kept_at: e.keptAt })
      .onConflict(['application_id', 'institution_id'])
      .ignore();
  },
};
