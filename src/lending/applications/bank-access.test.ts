import { describe, expect, it } from 'vitest';
import type { Db } from '../../db/database.js';
import { DomainError } from '../../platform/errors.js';
import type { Principal } from '../../platform/roles.js';
import { BankAccess, type AssignedTo } from './bank-access.js';
import type { LoanApplication } from './loan-application.js';

/** bank ← 分行 ← 支行, and a second bank. */
const PARENTS: Record<string, string | null> = { bank: null, fenhang: 'bank', zhihang: 'fenhang', other: null };
const ancestorIds = async (_tx: unknown, id: string) => {
  const above: string[] = [];
  for (let p = PARENTS[id] ?? null; p !== null; p = PARENTS[p] ?? null) above.push(p);
  return above;
};

const application = { id: 'app-1', bankId: 'bank' } as LoanApplication;
const access = (assigned: AssignedTo | undefined, reached = true) =>
  new BankAccess({
    applications: { findById: async (_tx, id) => (id === application.id ? application : undefined), reachedBank: async () => reached },
    institutions: { ancestorIds },
    assignmentOf: async () => assigned,
  });
const person = (institutionId: string, userId = 'u-1'): Principal => ({ userId, role: 'bank_officer', institutionId, enterpriseId: null, position: 'officer' });
const db = {} as Db;

describe('BankAccess', () => {
  it('refuses everyone an application the bank was never sent (见保即贷 still with the guarantee company)', async () => {
    expect(await access(undefined, false).mayActFor(db, person('bank'), application)).toBe(false);
    expect(await access({ branchId: 'zhihang', officerId: 'u-1' }, false).mayActFor(db, person('zhihang'), application)).toBe(false);
  });

  it("lets the bank's own people and machine clients act on every application of the bank, assigned or not", async () => {
    expect(await access(undefined).mayActFor(db, person('bank'), application)).toBe(true);
    expect(await access(undefined).mayActFor(db, { ...person('bank'), clientId: 'c-1', position: undefined }, application)).toBe(true);
  });

  it('lets a branch person act when the application is assigned to their branch or to them, at any depth below the bank', async () => {
    expect(await access({ branchId: 'zhihang', officerId: 'someone-else' }).mayActFor(db, person('zhihang'), application)).toBe(true);
    expect(await access({ branchId: 'bank', officerId: 'u-1' }).mayActFor(db, person('fenhang'), application)).toBe(true);
  });

  it("refuses a branch person the bank's unassigned applications and those of another branch, and another bank everything", async () => {
    expect(await access(undefined).mayActFor(db, person('zhihang'), application)).toBe(false);
    expect(await access({ branchId: 'fenhang', officerId: 'u-2' }).mayActFor(db, person('zhihang'), application)).toBe(false);
    expect(await access({ branchId: 'other', officerId: 'u-1' }).mayActFor(db, person('other'), application)).toBe(false);
    const refused = await access(undefined).application(db, person('zhihang'), 'app-1').catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).code).toBe('APPLICATION_NOT_FOUND');
  });

  it("reaches, for lists, the banks above a branch person's institution; a head office reaches only its own", async () => {
    expect(await access(undefined).reach(db, person('zhihang'))).toEqual({ bankId: 'zhihang', assignedAbove: { bankIds: ['fenhang', 'bank'], branchId: 'zhihang', officerId: 'u-1' } });
    expect(await access(undefined).reach(db, person('bank'))).toEqual({ bankId: 'bank', assignedAbove: null });
  });
});
