import type { DbOrTrx } from '../db/database.js';
import type { TransactionRunner } from '../db/transaction.js';
import type { Clock } from '../platform/clock.js';
import { conflict, forbidden, notFound, unprocessable } from '../platform/errors.js';
import { PLATFORM_OPERATOR, type Principal } from '../platform/roles.js';
import type { InstitutionProfile, InstitutionRecord } from './institution.js';
import type { ChangeAction, ChangeProposal, InstitutionChange, InstitutionSnapshot } from './institution-change.js';
import type { InstitutionChangeStore } from './institution-change-store.js';
import type { InstitutionService } from './institution-service.js';
import type { InstitutionStore } from './institution-store.js';

/**
 * The categories a data-source department delivers. Ingestion owns them (a floor up), so
 * institutions declares the port and the composition root wires ingestion's service in.
 */
export interface DepartmentCategoryPort {
  categoriesOf(tx: DbOrTrx, institutionId: string): Promise<string[]>;
  setIn(tx: DbOrTrx, institutionId: string, categories: readonly string[]): Promise<unknown>;
}

export interface InstitutionChangeDeps {
  transaction: TransactionRunner;
  institutions: InstitutionStore;
  changes: InstitutionChangeStore;
  directory: Pick<InstitutionService, 'forget'>;
  categories: DepartmentCategoryPort;
  clock: Clock;
}

const fieldError = (field: string, code: string, message: string) => unprocessable(code, message, [{ field, code, message }]);

/**
 * 机构入驻与变更 with maker-checker: one admin proposes (create, edit, suspend, reinstate), a
 * different admin approves, and only the approval changes the institution, in the same
 * transaction that writes the audit row (before / after). The proposer cannot approve.
 */
export class InstitutionChangeService {
  constructor(private readonly deps: InstitutionChangeDeps) {}

  async propose(principal: Principal, action: ChangeAction, institutionId: string | null, proposal: ChangeProposal): Promise<InstitutionChange> {
    const { transaction, institutions, changes, clock } = this.deps;
    const id = await transaction(async (tx) => {
      if (action === 'create') {
        if (!proposal.profile) throw fieldError('profile', 'REQUIRED', '请填写机构信息');
        await this.checkProfile(tx, proposal.profile, proposal.categories, null);
      } else {
        if (!institutionId) throw fieldError('institutionId', 'REQUIRED', '请指定机构');
        const current = await institutions.lock(tx, institutionId);
        if (!current) throw notFound('INSTITUTION_NOT_FOUND', '未找到该机构');
        // Suspending the operator would lock every platform admin out; its admins change through invitations and 停用.
        if (current.type === PLATFORM_OPERATOR) throw conflict('OPERATOR_FIXED', '平台运营方不通过机构变更流程修改');
        if (await changes.hasPending(tx, institutionId)) throw conflict('CHANGE_PENDING', '该机构已有待审核的变更，请先审核或驳回');
        if (action === 'suspend' && current.status === 'suspended') throw conflict('ALREADY_SUSPENDED', '该机构已停用');
        if (action === 'reinstate' && current.status === 'active') throw conflict('NOT_SUSPENDED', '该机构未停用');
        if (action === 'update') {
          if (!proposal.profile) throw fieldError('profile', 'REQUIRED', '请填写机构信息');
          if (proposal.profile.type !== current.type) throw fieldError('profile.type', 'TYPE_IMMUTABLE', '机构类型不能修改');
          await this.checkProfile(tx, proposal.profile, proposal.categories, institutionId);
        }
      }
      return changes.insert(tx, { institutionId, action, proposal, proposedBy: principal.userId, proposedAt: clock.now() });
    });
    return (await transaction((tx) => changes.find(tx, id)))!;
  }

  async approve(principal: Principal, changeId: string): Promise<InstitutionChange> {
    const { transaction, changes, clock, directory } = this.deps;
    const institutionId = await transaction(async (tx) => {
      const change = await this.pending(tx, changeId);
      if (change.proposedBy === principal.userId) throw forbidden('SAME_PROPOSER', '提交变更的管理员不能审核自己的申请，请由另一位管理员审核');
      const { before, after } = await this.apply(tx, change);
      await changes.decide(tx, changeId, { status: 'approved', decidedBy: principal.userId, decidedAt: clock.now(), institutionId: after.id, before, after });
      return after.id;
    });
    directory.forget(institutionId);
    return (await transaction((tx) => changes.find(tx, changeId)))!;
  }

  /** Turns a proposal down (the proposer may withdraw their own); the institution is untouched. */
  async reject(principal: Principal, changeId: string): Promise<InstitutionChange> {
    const { transaction, changes, clock } = this.deps;
    await transaction(async (tx) => {
      const change = await this.pending(tx, changeId);
      await changes.decide(tx, changeId, { status: 'rejected', decidedBy: principal.userId, decidedAt: clock.now(), institutionId: change.institutionId, before: null, after: null });
    });
    return (await transaction((tx) => changes.find(tx, changeId)))!;
  }

  list(filter: { institutionId?: string; status?: 'pending' | 'approved' | 'rejected' }): Promise<InstitutionChange[]> {
    return this.deps.transaction((tx) => this.deps.changes.list(tx, { ...filter, limit: 200 }));
  }

  private async pending(tx: DbOrTrx, changeId: string): Promise<InstitutionChange> {
    const change = await this.deps.changes.find(tx, changeId, true);
    if (!change) throw notFound('CHANGE_NOT_FOUND', '未找到该变更申请');
    if (change.status !== 'pending') throw conflict('CHANGE_DECIDED', '该变更申请已处理');
    return change;
  }

  private async apply(tx: DbOrTrx, change: InstitutionChange): Promise<{ before: InstitutionSnapshot | null; after: InstitutionSnapshot }> {
    const { institutions, categories, clock } = this.deps;
    const { profile, categories: wanted } = change.proposal;
    if (change.action === 'create') {
      await this.checkProfile(tx, profile!, wanted, null);
      const created = await institutions.insert(tx, profile!);
      if (profile!.type === 'data_source') await categories.setIn(tx, created.id, wanted ?? []);
      return { before: null, after: await this.snapshot(tx, created) };
    }
    const current = await institutions.lock(tx, change.institutionId!);
    if (!current) throw notFound('INSTITUTION_NOT_FOUND', '未找到该机构');
    const before = await this.snapshot(tx, current);
    let updated: InstitutionRecord;
    if (change.action === 'update') {
      await this.checkProfile(tx, profile!, wanted, current.id);
      updated = await institutions.update(tx, current.id, { ...profile!, type: current.type }, clock.now());
      if (current.type === 'data_source' && wanted) await categories.setIn(tx, current.id, wanted);
    } else {
      updated = await institutions.update(tx, current.id, { status: change.action === 'suspend' ? 'suspended' : 'active' }, clock.now());
    }
    return { before, after: await this.snapshot(tx, updated) };
  }

  private async snapshot(tx: DbOrTrx, institution: InstitutionRecord): Promise<InstitutionSnapshot> {
    return institution.type === 'data_source' ? { ...institution, categories: await this.deps.categories.categoriesOf(tx, institution.id) } : institution;
  }

  /** Rules a profile must meet, checked when proposed and again when approved. */
  private async checkProfile(tx: DbOrTrx, profile: InstitutionProfile, wanted: string[] | undefined, selfId: string | null): Promise<void> {
    const { institutions } = this.deps;
    if (profile.type === 'bank' && !profile.financialCode) throw fieldError('profile.financialCode', 'REQUIRED', '银行须填写金融机构编码');
    if (profile.type !== 'bank' && (profile.financialCode || profile.parentId)) {
      throw fieldError(profile.parentId ? 'profile.parentId' : 'profile.financialCode', 'BANKS_ONLY', '只有银行可填写金融机构编码和上级机构');
    }
    if (wanted && profile.type !== 'data_source') throw fieldError('categories', 'DEPARTMENTS_ONLY', '只有数据源部门可设置报送类别');
    if (profile.parentId) {
      if (profile.parentId === selfId) throw fieldError('profile.parentId', 'PARENT_SELF', '上级机构不能是本机构');
      const parent = await institutions.findById(tx, profile.parentId);
      if (parent?.type !== 'bank') throw fieldError('profile.parentId', 'PARENT_NOT_BANK', '上级机构须为平台上的银行');
      for (let up = parent; up.parentId; ) {
        if (up.parentId === selfId) throw fieldError('profile.parentId', 'PARENT_CYCLE', '上级机构不能是本机构的下级');
        const next = await institutions.findById(tx, up.parentId);
        if (!next) break;
        up = next;
      }
    }
    const clash = await institutions.findClash(tx, profile, selfId);
    if (clash) {
      const field = clash.code === profile.code ? 'code' : clash.uscc === profile.uscc ? 'uscc' : 'financialCode';
      const label = { code: '机构代码', uscc: '统一社会信用代码', financialCode: '金融机构编码' }[field];
      throw conflict('INSTITUTION_EXISTS', `${label}已被“${clash.name}”使用`, [{ field: `profile.${field}`, code: 'INSTITUTION_EXISTS', message: `${label}已被使用` }]);
    }
  }
}
