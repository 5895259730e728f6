import type { Db } from '../../db/database.js';
import { isInstitutionAdmin, type Principal } from '../../platform/roles.js';
import type { BankAccess } from '../applications/bank-access.js';
import { BANK_WORK_STATUSES } from '../assignment/assignment.js';
import type { QueueList } from './lending-queue.js';
import type { LendingQueueStore } from './lending-queue-store.js';

/** How many entries each list carries; the count is always the full one. */
export const QUEUE_ENTRIES = 5;

export type LendingQueueCode = 'assigned_to_me' | 'new_unassigned' | 'material_answered' | 'unassigned' | 'material_requested';

/**
 * The lending part of each role's 待办事项, read from the applications as they are (no stored
 * to-do rows that could drift): a bank officer's assigned, new and answered applications; the
 * institution admin's unassigned ones (a branch person only what is assigned to the branch or to them); the SME's requests for material.
 */
export class LendingQueueService {
  constructor(private readonly deps: { db: Db; store: LendingQueueStore; access: Pick<BankAccess, 'reach'> }) {}

  async forBank(principal: Principal): Promise<{ code: LendingQueueCode; list: QueueList }[]> {
    const { db, store } = this.deps;
    const { bankId, assignedAbove: above } = await this.deps.access.reach(db, principal);
    if (above) {
      // A branch person sees only what is assigned to the branch or to them (decision 0037): no unassigned lines.
      const bankIds = [bankId, ...above.bankIds];
      const [mine, answered] = await Promise.all([
        store.assignedTo(db, bankIds, principal.userId, QUEUE_ENTRIES),
        store.answeredAtBranch(db, bankIds, above.branchId, principal.userId, QUEUE_ENTRIES),
      ]);
      return [
        { code: 'assigned_to_me', list: mine },
        { code: 'material_answered', list: answered },
      ];
    }
    if (isInstitutionAdmin(principal)) {
      const [unassigned, answered] = await Promise.all([store.unassigned(db, bankId, BANK_WORK_STATUSES, QUEUE_ENTRIES), store.answered(db, bankId, null, QUEUE_ENTRIES)]);
      return [
        { code: 'unassigned', list: unassigned },
        { code: 'material_answered', list: answered },
      ];
    }
    const [mine, fresh, answered] = await Promise.all([
      store.assignedTo(db, [bankId], principal.userId, QUEUE_ENTRIES),
      store.unassigned(db, bankId, ['SUBMITTED', 'ACCEPTED'], QUEUE_ENTRIES),
      store.answered(db, bankId, principal.userId, QUEUE_ENTRIES),
    ]);
    return [
      { code: 'assigned_to_me', list: mine },
      { code: 'new_unassigned', list: fresh },
      { code: 'material_answered', list: answered },
    ];
  }

  async forEnterprise(enterpriseId: string): Promise<{ code: LendingQueueCode; list: QueueList }[]> {
    return [{ code: 'material_requested', list: await this.deps.store.materialRequested(this.deps.db, enterpriseId, QUEUE_ENTRIES) }];
  }
}
