import { BaseModel } from '../db/base-model.js';
import type { DbOrTrx } from '../db/database.js';
import type { InstitutionType } from '../platform/roles.js';
import type { InstitutionRecord } from './institution.js';

class InstitutionModel extends BaseModel implements InstitutionRecord {
  static override tableName = 'institutions';
  id!: string;
  code!: string;
  name!: string;
  type!: InstitutionType;
  uscc!: string;
}

export interface InstitutionStore {
  findById(tx: DbOrTrx, id: string): Promise<InstitutionRecord | undefined>;
  list(tx: DbOrTrx, filter?: { type?: InstitutionType }): Promise<InstitutionRecord[]>;
  insert(tx: DbOrTrx, institution: Omit<InstitutionRecord, 'id'>): Promise<InstitutionRecord>;
}

const plain = ({ id, code, name, type, uscc }: InstitutionModel): InstitutionRecord => ({
  id,
  code,
  name,
  type,
  uscc,
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
};
