import { BaseModel } from '../db/base-model.js';
import type { DbOrTrx } from '../db/database.js';
import { isUniqueViolation } from '../db/transaction.js';
import { conflict } from '../platform/errors.js';
import type { EnterpriseRecord, NewEnterprise } from './enterprise.js';
import type { UsccIssue, UsccWarningCode } from '../platform/uscc.js';

class EnterpriseModel extends BaseModel implements EnterpriseRecord {
  static override tableName = 'enterprises';
  static override get jsonAttributes() {
    return ['usccWarnings'];
  }
  id!: string;
  uscc!: string;
  name!: string;
  legalRepresentative!: string;
  contactName!: string;
  contactMobileEnc!: string;
  usccWarnings!: UsccIssue<UsccWarningCode>[];
  registeredAt!: Date;
}

export interface EnterpriseStore {
  findByUscc(tx: DbOrTrx, uscc: string): Promise<EnterpriseRecord | undefined>;
  findById(tx: DbOrTrx, id: string): Promise<EnterpriseRecord | undefined>;
  findByIds(tx: DbOrTrx, ids: readonly string[]): Promise<EnterpriseRecord[]>;
  /** Throws ENTERPRISE_ALREADY_REGISTERED when the USCC is taken (also under a race). */
  insert(tx: DbOrTrx, enterprise: NewEnterprise): Promise<EnterpriseRecord>;
}

export const alreadyRegistered = () =>
  conflict('ENTERPRISE_ALREADY_REGISTERED', '该统一社会信用代码已注册，请直接登录', [
    { field: 'uscc', code: 'ENTERPRISE_ALREADY_REGISTERED', message: '该统一社会信用代码已注册' },
  ]);

const plain = (m: EnterpriseModel): EnterpriseRecord => ({ ...m });

export const enterpriseStore: EnterpriseStore = {
  async findByUscc(tx, uscc) {
    const row = await EnterpriseModel.query(tx).findOne({ uscc });
    return row && plain(row);
  },
  async findById(tx, id) {
    const row = await EnterpriseModel.query(tx).findById(id);
    return row && plain(row);
  },
  async findByIds(tx, ids) {
    if (ids.length === 0) return [];
    return (await EnterpriseModel.query(tx).findByIds([...ids])).map(plain);
  },
  async insert(tx, enterprise) {
    try {
      return plain(await EnterpriseModel.query(tx).insertAndFetch(enterprise as EnterpriseModel));
    } catch (error) {
      if (isUniqueViolation(error)) throw alreadyRegistered();
      throw error;
    }
  },
};
