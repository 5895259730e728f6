import { BaseModel } from '../db/base-model.js';
import type { DbOrTrx } from '../db/database.js';
import type { InstitutionType } from '../platform/roles.js';
import type { InstitutionRecord, InstitutionStatus } from './institution.js';

class InstitutionModel extends BaseModel implements InstitutionRecord {
  static override tableName = 'institutions';
  id!: string;
  code!: string;
  name!: string;
  type!: InstitutionType;
  uscc!: string;
  status!: InstitutionStatus;
  parentId!: string | null;
  financialCode!: string | null;
}

export type NewInstitution = Omit<InstitutionRecord, 'id' | 'status' | 'parentId' | 'financialCode'> & Partial<Pick<InstitutionRecord, 'parentId' | 'financialCode'>>;

export interface InstitutionStore {
  findById(tx: DbOrTrx, id: string): Promise<InstitutionRecord | undefined>;
  list(tx: DbOrTrx, filter?: { type?: InstitutionType }): Promise<InstitutionRecord[]>;
  insert(tx: DbOrTrx, institution: NewInstitution): Promise<InstitutionRecord>;
  /** The institution holding `code`, `uscc` or `financialCode` other than `exceptId`, if any. */
  findClash(tx: DbOrTrx, keys: { code: string; uscc: string; financialCode: string | null }, exceptId: string | null): Promise<InstitutionRecord | undefined>;
  update(tx: DbOrTrx, id: string, patch: Partial<Omit<InstitutionRecord, 'id'>>, at: Date): Promise<InstitutionRecord>;
  /** Locks the row for a change decided in this transaction. */
  lock(tx: DbOrTrx, id: string): Promise<InstitutionRecord | undefined>;
}

const plain = ({ id, code, name, type, uscc, status, parentId, financialCode }: InstitutionModel): InstitutionRecord => ({
  id,
  code,
  name,
  type,
  uscc,
  status,
  parentId,
  financialCode,
});

export const institutionStore: InstitutionStore = {
  async findById(tx, id) {
    const row = await InstitutionModel.query(tx).findById(id);
    return row && plain(row);
  },
  async list(tx, filter = {}) {
    const query = InstitutionModel.query(tx).orderBy('code');
    if (filter.type) query.where('type', filter.type);
    return (await query).map(plain);
  },
  async insert(tx, institution) {
    return plain(await InstitutionModel.query(tx).insertAndFetch(institution as InstitutionModel));
  },
  async findClash(tx, keys, exceptId) {
    const query = InstitutionModel.query(tx).where((q) => {
      q.where('code', keys.code).orWhere('uscc', keys.uscc);
      if (keys.financialCode) q.orWhere('financial_code', keys.financialCode);
    });
    if (exceptId) query.whereNot('id', exceptId);
    const row = await query.first();
    return row && plain(row);
  },
  async update(tx, id, patch, at) {
    return plain(await InstitutionModel.query(tx).patchAndFetchById(id, { ...patch, updatedAt: at } as Partial<InstitutionModel>));
  },
  async lock(tx, id) {
    const row = await InstitutionModel.query(tx).findById(id).forUpdate();
    return row && plain(row);
  },
};
