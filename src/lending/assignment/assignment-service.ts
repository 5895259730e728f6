import type { Db, DbOrTrx } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import { conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { isInstitutionAdmin, type Principal } from '../../platform/roles.js';
import type { ApplicationStore } from '../applications/application-store.js';
import type { BankAccess } from '../applications/bank-access.js';
import { BANK_WORK_STATUSES, type Assignment, type Workload } from './assignment.js';
import type { AssignmentStore } from './assignment-store.js';

export interface AssignmentServiceDeps {
  db: Db;
  transaction: TransactionRunner;
  /** Reads only. */
  applications: ApplicationStore;
  store: AssignmentStore;
  /** Who may act for the application's bank (decision 0037). */
  access: Pick<BankAccess, 'application'>;
  clock: Clock;
}

/**
 * 分派: the bank's institution admin assigns an application to a branch and an officer, and
 * reassigns it; an officer or reviewer takes an unassigned one for themselves (decision 0037).
 * Every assignment is a history row the officer's timeline shows.
 */
export class AssignmentService {
  constructor(private readonly deps: AssignmentServiceDeps) {}

  /** Refuses anyone but the bank's institution admin (before the request itself is read). */
  assertAdmin(principal: Principal): void {
    if (!isInstitutionAdmin(principal)) throw forbidden('INSTITUTION_ADMIN_REQUIRED', '仅本行机构管理员可以分派申请或查看工作量');
  }

  /**
   * The branch must be the bank itself or an active branch below it (422 naming `branchId`); the
   * officer an active officer or reviewer of the bank's head office or of that branch.
   */
  async assign(admin: Principal, applicationId: string, input: { officerId: string; branchId: string }): Promise<Assignment> {
    this.assertAdmin(admin);
    const bankId = admin.institutionId!;
    return this.deps.transaction(async (tx) => {
      await this.workable(tx, bankId, applicationId);
      const branch = await this.deps.store.branchOf(tx, bankId, input.branchId);
      if (!branch) {
        throw unprocessable('BRANCH_NOT_OF_BANK', '经办支行须为本行或本行下属的在用支行', [
          { field: 'branchId', code: 'BRANCH_NOT_OF_BANK', message: '该机构不是本行或本行下属的在用支行' },
        ]);
      }
      const person = await this.deps.store.bankPerson(tx, [...new Set([bankId, branch.id])], input.officerId);
      if (!person || person.position === 'institution_admin') {
        throw unprocessable('OFFICER_NOT_ASSIGNABLE', '只能分派给本行或该支行在岗的客户经理或审查人员', [
          { field: 'officerId', code: 'OFFICER_NOT_ASSIGNABLE', message: '该人员不是本行或该支行在岗的客户经理或审查人员' },
        ]);
      }
      const current = await this.deps.store.find(tx, applicationId);
      if (current && current.officerId === input.officerId && current.branchId === branch.id) return current;
      await this.deps.store.save(tx, {
        applicationId,
        branchId: branch.id,
        officerId: input.officerId,
        previousOfficerId: current?.officerId ?? null,
        how: current ? 'reassigned' : 'assigned',
        assignedBy: admin.userId,
        assignedAt: this.deps.clock.now(),
      });
      return (await this.deps.store.find(tx, applicationId))!;
    });
  }

  /**
   * An officer or reviewer takes an unassigned application, at their own institution's branch;
   * one assigned to anybody stays theirs.
   */
  async take(officer: Principal, applicationId: string): Promise<Assignment> {
    if (officer.clientId !== undefined || (officer.position !== 'officer' && officer.position !== 'reviewer')) {
      throw forbidden('OFFICER_REQUIRED', '仅客户经理或审查人员可以认领申请');
    }
    const bankId = officer.institutionId!;
    return this.deps.transaction(async (tx) => {
      await this.workable(tx, bankId, applicationId);
      const current = await this.deps.store.find(tx, applicationId);
      if (current?.officerId === officer.userId) return current;
      if (current) throw conflict('ALREADY_ASSIGNED', `该申请已分派给${current.officerName}，如需调整请联系机构管理员`);
      await this.deps.store.save(tx, {
        applicationId,
        branchId: bankId,
        officerId: officer.userId,
        previousOfficerId: null,
        how: 'taken',
        assignedBy: officer.userId,
        assignedAt: this.deps.clock.now(),
      });
      return (await this.deps.store.find(tx, applicationId))!;
    });
  }

  async current(officer: Principal, applicationId: string): Promise<Assignment | null> {
    await this.deps.access.application(this.deps.db, officer, applicationId);
    return (await this.deps.store.find(this.deps.db, applicationId)) ?? null;
  }

  /** 工作量: open applications per officer, per branch and per officer at each branch, and how many wait for an officer. */
  async workload(admin: Principal): Promise<Workload> {
    this.assertAdmin(admin);
    const bankId = admin.institutionId!;
    const { db, store } = this.deps;
    const [officers, branches, byBranchAndOfficer, unassigned] = await Promise.all([
      store.workload(db, bankId),
      store.branchLoads(db, bankId),
      store.branchOfficerLoads(db, bankId),
      store.unassignedCount(db, bankId),
    ]);
    return { unassigned, officers, branches, byBranchAndOfficer };
  }

  /** Assigning and taking stay with the bank's own people: a branch person sees no unassigned work to take (decision 0037). */
  private async workable(tx: DbOrTrx, bankId: string, applicationId: string) {
    const application = await this.deps.applications.findById(tx, applicationId, { forUpdate: true });
    if (!application || application.bankId !== bankId || !(await this.deps.applications.reachedBank(tx, application.id))) {
      throw notFound('APPLICATION_NOT_FOUND', '贷款申请不存在');
    }
    if (!BANK_WORK_STATUSES.includes(application.status)) throw conflict('APPLICATION_NOT_ASSIGNABLE', '该申请已办结，不能再分派');
    return application;
  }
}
