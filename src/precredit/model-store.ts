import type { DbOrTrx } from '../db/database.js';
import type { ModelVersion, NewModelVersion } from './model-version.js';
import type { ScorecardDocument } from './scorecard-model.js';
import type { ReferenceDistribution } from './train.js';

interface Row {
  id: string;
  bank_id: string | null;
  version: number;
  revision: number;
  status: ModelVersion['status'];
  document: ModelVersion['document'];
  reference: ModelVersion['reference'];
  training_report: ModelVersion['trainingReport'];
  based_on: string | null;
  created_by: string | null;
  created_at: Date;
  activation_requested_by: string | null;
  activation_requested_at: Date | null;
  activated_by: string | null;
  activated_at: Date | null;
  retired_at: Date | null;
}

const toModel = (r: Row): ModelVersion => ({
  id: r.id,
  bankId: r.bank_id,
  version: r.version,
  revision: r.revision,
  status: r.status,
  document: r.document,
  reference: r.reference,
  trainingReport: r.training_report,
  basedOn: r.based_on,
  createdBy: r.created_by,
  createdAt: r.created_at,
  activationRequestedBy: r.activation_requested_by,
  activationRequestedAt: r.activation_requested_at,
  activatedBy: r.activated_by,
  activatedAt: r.activated_at,
  retiredAt: r.retired_at,
});

const bankIs = (bankId: string | null) => (q: { whereNull(c: string): unknown; where(c: string, v: string): unknown }) =>
  bankId === null ? q.whereNull('bank_id') : q.where('bank_id', bankId);

export interface ModelStore {
  insert(tx: DbOrTrx, model: NewModelVersion): Promise<ModelVersion>;
  findById(tx: DbOrTrx, id: string): Promise<ModelVersion | undefined>;
  list(tx: DbOrTrx, bankId: string | null): Promise<ModelVersion[]>;
  active(tx: DbOrTrx, bankId: string | null): Promise<ModelVersion | undefined>;
  /** Updates a DRAFT's document; false when the version is not (or no longer) a draft. */
  updateDraft(tx: DbOrTrx, id: string, document: ScorecardDocument): Promise<boolean>;
  requestActivation(tx: DbOrTrx, id: string, by: string, at: Date): Promise<boolean>;
  /** Retires the bank's active version and activates `id`, which must still be a requested DRAFT at `revision`. */
  activate(tx: DbOrTrx, id: string, bankId: string | null, revision: number, by: string, at: Date): Promise<boolean>;
  setReference(tx: DbOrTrx, id: string, reference: ReferenceDistribution): Promise<void>;
}

export const modelStore: ModelStore = {
  async insert(tx, m) {
    const [row] = (await tx.raw(
      `insert into precredit_models (bank_id, version, document, reference, training_report, based_on, created_by, created_at)
       values (?, (select coalesce(max(version), 0) + 1 from precredit_models where bank_id is not distinct from ?), ?, ?, ?, ?, ?, ?)
       returning *`,
      [m.bankId, m.bankId, JSON.stringify(m.document), m.reference ? JSON.stringify(m.reference) : null, m.trainingReport ? JSON.stringify(m.trainingReport) : null, m.basedOn, m.createdBy, m.createdAt],
    )).rows as Row[];
    return toModel(row!);
  },
  async findById(tx, id) {
    const row = (await tx<Row>('precredit_models').where({ id }).first()) as Row | undefined;
    return row && toModel(row);
  },
  async list(tx, bankId) {
    const rows = (await tx<Row>('precredit_models').modify(bankIs(bankId)).orderBy('version', 'desc')) as Row[];
    return rows.map(toModel);
  },
  async active(tx, bankId) {
    const row = (await tx<Row>('precredit_models').modify(bankIs(bankId)).where({ status: 'ACTIVE' }).first()) as Row | undefined;
    return row && toModel(row);
  },
  async updateDraft(tx, id, document) {
    const n = await tx('precredit_models')
      .where({ id, status: 'DRAFT' })
      .update({ document: JSON.stringify(document), reference: null, activation_requested_by: null, activation_requested_at: null, revision: tx.raw('revision + 1') });
    return n === 1;
  },
  async requestActivation(tx, id, by, at) {
    const n = await tx('precredit_models').where({ id, status: 'DRAFT' }).update({ activation_requested_by: by, activation_requested_at: at });
    return n === 1;
  },
  async activate(tx, id, bankId, revision, by, at) {
    const target = await tx('precredit_models').where({ id, status: 'DRAFT', revision }).whereNotNull('activation_requested_by').forUpdate().first();
    if (!target) return false;
    await tx('precredit_models').modify(bankIs(bankId)).where({ status: 'ACTIVE' }).update({ status: 'RETIRED', retired_at: at });
    await tx('precredit_models').where({ id }).update({ status: 'ACTIVE', activated_by: by, activated_at: at });
    return true;
  },
  async setReference(tx, id, reference) {
    await tx('precredit_models').where({ id }).update({ reference: JSON.stringify(reference) });
  },
};
