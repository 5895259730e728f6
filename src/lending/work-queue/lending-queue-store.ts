import type { DbOrTrx } from '../../db/database.js';
import { BANK_WORK_STATUSES } from '../assignment/assignment.js';
import type { QueueEntry, QueueList } from './lending-queue.js';

/** The lending work queues (待办), each a query over the applications' real state. */
export interface LendingQueueStore {
  /** Open applications of these banks (the officer's, and for a branch officer the banks above) assigned to the officer. */
  assignedTo(tx: DbOrTrx, bankIds: string[], officerId: string, limit: number): Promise<QueueList>;
  /** Applications of the bank in `statuses` that no officer has. */
  unassigned(tx: DbOrTrx, bankId: string, statuses: readonly string[], limit: number): Promise<QueueList>;
  /** Applications back with the bank after the SME's answer, assigned to the officer or to nobody. */
  answered(tx: DbOrTrx, bankId: string, officerId: string | null, limit: number): Promise<QueueList>;
  /** Answered applications of these banks assigned to the branch or to the officer: a branch officer's answered line. */
  answeredAtBranch(tx: DbOrTrx, bankIds: string[], branchId: string, officerId: string, limit: number): Promise<QueueList>;
  /** The enterprise's applications waiting for its material. */
  materialRequested(tx: DbOrTrx, enterpriseId: string, limit: number): Promise<QueueList>;
}

const STATUSES = BANK_WORK_STATUSES.map((s) => `'${s}'`).join(',');
const SELECT = `la.id as "applicationId", e.name as "enterpriseName", la.status, la.updated_at as since, count(*) over () as total`;

async function page(tx: DbOrTrx, where: string, args: (string | string[])[], limit: number): Promise<QueueList> {
  const result = await tx.raw(
    `select ${SELECT} from loan_applications la join enterprises e on e.id = la.enterprise_id
     left join application_assignments a on a.application_id = la.id
     where ${where} order by la.updated_at, la.id limit ?`,
    [...args, limit],
  );
  const rows = result.rows as (QueueEntry & { total: number | string })[];
  return { total: Number(rows[0]?.total ?? 0), entries: rows.map(({ total: _total, ...r }) => ({ ...r, since: new Date(r.since) })) };
}

const LAST_MOVE_IS_ANSWER = `(select ev.action from loan_application_events ev where ev.application_id = la.id order by ev.id desc limit 1) = 'supply_material'`;

export const lendingQueueStore: LendingQueueStore = {
  assignedTo: (tx, bankIds, officerId, limit) => page(tx, `la.bank_id = any(?::uuid[]) and la.status in (${STATUSES}) and a.officer_id = ?`, [bankIds, officerId], limit),
  unassigned: (tx, bankId, statuses, limit) =>
    page(tx, `la.bank_id = ? and la.status = any(?::text[]) and a.application_id is null`, [bankId, [...statuses]], limit),
  answered: (tx, bankId, officerId, limit) =>
    officerId
      ? page(tx, `la.bank_id = ? and la.status = 'UNDER_REVIEW' and (a.officer_id = ? or a.application_id is null) and ${LAST_MOVE_IS_ANSWER}`, [bankId, officerId], limit)
      : page(tx, `la.bank_id = ? and la.status = 'UNDER_REVIEW' and ${LAST_MOVE_IS_ANSWER}`, [bankId], limit),
  answeredAtBranch: (tx, bankIds, branchId, officerId, limit) =>
    page(tx, `la.bank_id = any(?::uuid[]) and la.status = 'UNDER_REVIEW' and (a.branch_id = ? or a.officer_id = ?) and ${LAST_MOVE_IS_ANSWER}`, [bankIds, branchId, officerId], limit),
  materialRequested: (tx, enterpriseId, limit) => page(tx, `la.enterprise_id = ? and la.status = 'ACTION_REQUIRED'`, [enterpriseId], limit),
};
