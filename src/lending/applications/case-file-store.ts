import type { DbOrTrx } from '../../db/database.js';

/** 案卷: what a ONETIME read returned for one application, the snapshot SM4-encrypted by the caller. */
export interface CaseFileEntry {
  applicationId: string;
  grantId: string;
  snapshotEnc: string;
  keptAt: Date;
}

export interface CaseFileStore {
  find(tx: DbOrTrx, applicationId: string): Promise<CaseFileEntry | undefined>;
  /** Keeps the first snapshot of an application; a later one (a concurrent first read) is ignored. */
  keep(tx: DbOrTrx, entry: CaseFileEntry): Promise<void>;
}

interface Row {
  application_id: string;
  grant_id: string;
  snapshot_enc: string;
  kept_at: Date;
}

export const caseFileStore: CaseFileStore = {
  async find(tx, applicationId) {
    const row = (await tx('application_case_files').where({ application_id: applicationId }).first()) as Row | undefined;
    return row && { applicationId: row.application_id, grantId: row.grant_id, snapshotEnc: row.snapshot_enc, keptAt: new Date(row.kept_at) };
  },
  async keep(tx, e) {
    await tx('application_case_files')
      .insert({ application_id: e.applicationId, grant_id: e.grantId, snapshot_enc: e.snapshotEnc, kept_at: e.keptAt })
      .onConflict('application_id')
      .ignore();
  },
};
