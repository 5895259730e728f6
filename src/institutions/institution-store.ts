import { BaseModel } from '../db/base-model.js';
import type { DbOrTrx } from '../db/database.js';
import type { InstitutionType } from '../platform/roles.js';
import type { Institution } from './institution.js';

class InstitutionModel extends BaseModel implements Institution {
  static override tableName = 'institutions';
  id!: string;
  code!: string;
  name!: string;
  type!: InstitutionType;
  uscc!: string;
  connected!: boolean;
}

export interface InstitutionStore {
  findById(tx: DbOrTrx, id: string): Promise<Institution | undefined>;
  list(tx: DbOrTrx, filter?: { type?: InstitutionType }): Promise<Institution[]>;
  insert(tx: DbOrTrx, institution: Omit<Institution, 'id'>): Promise<Institution>;
}

const plain = ({ id, code, name, type, uscc, connected }: InstitutionModel): Institution => ({
  id,
  code,
  name,
  type,
  uscc,
  connected,
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
