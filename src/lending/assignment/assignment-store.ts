import type { DbOrTrx } from '../../db/database.js';
import { BANK_WORK_STATUSES, type Assignment, type AssignmentEntry, type BranchLoad, type BranchOfficerLoad, type OfficerLoad } from './assignment.js';

/** A person of the bank or one of its branches who may be assigned applications. */
export interface BankPerson {
  id: string;
  displayName: string;
  position: OfficerLoad['position'];
  institutionId: string;
}

/** An active institution of a bank's branch tree. */
export interface Branch {
  id: string;
  name: string;
}

export interface AssignmentStore {
  find(tx: DbOrTrx, applicationId: string): Promise<Assignment | undefined>;
  /** Writes the current assignment and its history row. */
  save(tx: DbOrTrx, entry: Omit<AssignmentEntry, 'officerName' | 'branchName'>): Promise<void>;
  history(tx: DbOrTrx, applicationId: string): Promise<AssignmentEntry[]>;
  /** `branchId` if it is the active bank itself or an active bank institution below it; undefined otherwise. */
  branchOf(tx: DbOrTrx, bankId: string, branchId: string): Promise<Branch | undefined>;
  /** An active person of one of `institutionIds`, with the role of its officers; undefined otherwise. */
  bankPerson(tx: DbOrTrx, institutionIds: string[], userId: string): Promise<BankPerson | undefined>;
  /** Every active officer and reviewer of the bank's tree with their open assigned applications. */
  workload(tx: DbOrTrx, bankId: string): Promise<OfficerLoad[]>;
  /** The bank's tree (active nodes, and suspended ones still holding open work), bank first. */
  branchLoads(tx: DbOrTrx, bankId: string): Promise<BranchLoad[]>;
  branchOfficerLoads(tx: DbOrTrx, bankId: string): Promise<BranchOfficerLoad[]>;
  unassignedCount(tx: DbOrTrx, bankId: string): Promise<number>;
}

const STATUSES = BANK_WORK_STATUSES.map((s) => `'${s}'`).join(',');
/** The bank (depth 0) and every bank institution below it; `?` is the bank's id. */
const TREE = `with recursive tree (id, name, parent_id, status, depth, path) as (
    select i.id, i.name, i.parent_id, i.status, 0, array[i.name] from institutions i where i.id = ? and i.type = 'bank'
    union all
    select c.id, c.name, c.parent_id, c.status, t.depth + 1, t.path || c.name
    from institutions c join tree t on c.parent_id = t.id where c.type = 'bank' and t.depth < 16
  )`;
const ENTRY = `h.application_id as "applicationId", h.branch_id as "branchId", b.name as "branchName", h.officer_id as "officerId",
  u.display_name as "officerName", h.assigned_by as "assignedBy", h.assigned_at as "assignedAt", h.previous_officer_id as "previousOfficerId", h.how`;

export const assignmentStore: AssignmentStore = {
  async find(tx, applicationId) {
    const result = await tx.raw(
      `select a.application_id as "applicationId", a.branch_id as "branchId", b.name as "branchName", a.officer_id as "officerId",
              u.display_name as "officerName", a.assigned_by as "assignedBy", a.assigned_at as "assignedAt"
       from application_assignments a join users u on u.id = a.officer_id left join institutions b on b.id = a.branch_id
       where a.application_id = ?`,
      [applicationId],
    );
    const row = (result.rows as Assignment[])[0];
    return row && { ...row, assignedAt: new Date(row.assignedAt) };
  },

  async save(tx, e) {
    await tx.raw(
      `insert into application_assignments (application_id, branch_id, officer_id, assigned_by, assigned_at) values (?, ?, ?, ?, ?)
       on conflict (application_id) do update set branch_id = excluded.branch_id, officer_id = excluded.officer_id,
         assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at`,
      [e.applicationId, e.branchId, e.officerId, e.assignedBy, e.assignedAt],
    );
    await tx('application_assignment_history').insert({
      application_id: e.applicationId,
      branch_id: e.branchId,
      officer_id: e.officerId,
      previous_officer_id: e.previousOfficerId,
      how: e.how,
      assigned_by: e.assignedBy,
      assigned_at: e.assignedAt,
    });
  },

  async history(tx, applicationId) {
    const result = await tx.raw(
      `select ${ENTRY} from application_assignment_history h join users u on u.id = h.officer_id
       left join institutions b on b.id = h.branch_id where h.application_id = ? order by h.id`,
      [applicationId],
    );
    return (result.rows as AssignmentEntry[]).map((r) => ({ ...r, assignedAt: new Date(r.assignedAt) }));
  },

  async branchOf(tx, bankId, branchId) {
    const result = await tx.raw(`${TREE} select id, name from tree where id = ? and status = 'active'`, [bankId, branchId]);
    return (result.rows as Branch[])[0];
  },

  async bankPerson(tx, institutionIds, userId) {
    const result = await tx.raw(
      `select id, display_name as "displayName", position, institution_id as "institutionId" from users
       where id = ? and institution_id in (${institutionIds.map(() => '?').join(',')}) and role = 'bank_officer' and status = 'active' and position is not null`,
      [userId, ...institutionIds],
    );
    return (result.rows as BankPerson[])[0];
  },

  async workload(tx, bankId) {
    const result = await tx.raw(
      `${TREE}
       select u.id as "officerId", u.display_name as "officerName", u.position, u.institution_id as "institutionId",
              count(la.id)::int as open
       from users u
       join tree on tree.id = u.institution_id
       left join application_assignments a on a.officer_id = u.id
       left join loan_applications la on la.id = a.application_id and la.status in (${STATUSES})
       where u.role = 'bank_officer' and u.status = 'active' and u.position in ('officer', 'reviewer')
       group by u.id, u.display_name, u.position, u.institution_id
       order by u.display_name, u.id`,
      [bankId],
    );
    return (result.rows as OfficerLoad[]).map((r) => ({ ...r, open: Number(r.open) }));
  },

  async branchLoads(tx, bankId) {
    const result = await tx.raw(
      `${TREE}
       select tree.id as "branchId", tree.name, tree.parent_id as "parentId", count(la.id)::int as open
       from tree
       left join application_assignments a on a.branch_id = tree.id
       left join loan_applications la on la.id = a.application_id and la.bank_id = ? and la.status in (${STATUSES})
       group by tree.id, tree.name, tree.parent_id, tree.status, tree.path
       having tree.status = 'active' or count(la.id) > 0
       order by tree.path`,
      [bankId, bankId],
    );
    return (result.rows as BranchLoad[]).map((r) => ({ ...r, open: Number(r.open) }));
  },

  async branchOfficerLoads(tx, bankId) {
    const result = await tx.raw(
      `select a.branch_id as "branchId", a.officer_id as "officerId", count(*)::int as open
       from application_assignments a join loan_applications la on la.id = a.application_id
       where la.bank_id = ? and la.status in (${STATUSES})
       group by a.branch_id, a.officer_id
       order by a.branch_id nulls last, a.officer_id`,
      [bankId],
    );
    return (result.rows as BranchOfficerLoad[]).map((r) => ({ ...r, open: Number(r.open) }));
  },

  async unassignedCount(tx, bankId) {
    const result = await tx.raw(
      `select count(*)::int as n from loan_applications la
       where la.bank_id = ? and la.status in (${STATUSES})
         and not exists (select 1 from application_assignments a where a.application_id = la.id)`,
      [bankId],
    );
    return Number((result.rows as { n: number }[])[0]!.n);
  },
};
