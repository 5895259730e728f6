import type { DbOrTrx } from '../../db/database.js';
import { BANK_WORK_STATUSES, type Assignment, type AssignmentEntry, type OfficerLoad } from './assignment.js';

/** A person of the bank who may be assigned applications. */
export interface BankPerson {
  id: string;
  displayName: string;
  position: OfficerLoad['position'];
}

export interface AssignmentStore {
  find(tx: DbOrTrx, applicationId: string): Promise<Assignment | undefined>;
  /** Writes the current assignment and its history row. */
  save(tx: DbOrTrx, entry: Omit<AssignmentEntry, 'officerName'>): Promise<void>;
  history(tx: DbOrTrx, applicationId: string): Promise<AssignmentEntry[]>;
  /** An active person of the bank, with the role of its officers; undefined otherwise. */
  bankPerson(tx: DbOrTrx, bankId: string, userId: string): Promise<BankPerson | undefined>;
  /** Every active officer and reviewer of the bank with their open assigned applications. */
  workload(tx: DbOrTrx, bankId: string): Promise<OfficerLoad[]>;
  unassignedCount(tx: DbOrTrx, bankId: string): Promise<number>;
}

const STATUSES = BANK_WORK_STATUSES.map((s) => `'${s}'`).join(',');
const ENTRY = `h.application_id as "applicationId", h.branch, h.officer_id as "officerId", u.display_name as "officerName",
  h.assigned_by as "assignedBy", h.assigned_at as "assignedAt", h.previous_officer_id as "previousOfficerId", h.how`;

export const assignmentStore: AssignmentStore = {
  async find(tx, applicationId) {
    const result = await tx.raw(
      `select a.application_id as "applicationId", a.branch, a.officer_id as "officerId", u.display_name as "officerName",
              a.assigned_by as "assignedBy", a.assigned_at as "assignedAt"
       from application_assignments a join users u on u.id = a.officer_id where a.application_id = ?`,
      [applicationId],
    );
    const row = (result.rows as Assignment[])[0];
    return row && { ...row, assignedAt: new Date(row.assignedAt) };
  },

  async save(tx, e) {
    await tx.raw(
      `insert into application_assignments (application_id, branch, officer_id, assigned_by, assigned_at) values (?, ?, ?, ?, ?)
       on conflict (application_id) do update set branch = excluded.branch, officer_id = excluded.officer_id,
         assigned_by = excluded.assigned_by, assigned_at = excluded.assigned_at`,
      [e.applicationId, e.branch, e.officerId, e.assignedBy, e.assignedAt],
    );
    await tx('application_assignment_history').insert({
      application_id: e.applicationId,
      branch: e.branch,
      officer_id: e.officerId,
      previous_officer_id: e.previousOfficerId,
      how: e.how,
      assigned_by: e.assignedBy,
      assigned_at: e.assignedAt,
    });
  },

  async history(tx, applicationId) {
    const result = await tx.raw(
      `select ${ENTRY} from application_assignment_history h join users u on u.id = h.officer_id where h.application_id = ? order by h.id`,
      [applicationId],
    );
    return (result.rows as AssignmentEntry[]).map((r) => ({ ...r, assignedAt: new Date(r.assignedAt) }));
  },

  async bankPerson(tx, bankId, userId) {
    const result = await tx.raw(
      `select id, display_name as "displayName", position from users
       where id = ? and institution_id = ? and role = 'bank_officer' and status = 'active' and position is not null`,
      [userId, bankId],
    );
    return (result.rows as BankPerson[])[0];
  },

  async workload(tx, bankId) {
    const result = await tx.raw(
      `select u.id as "officerId", u.display_name as "officerName", u.position,
              count(la.id)::int as open
       from users u
       left join application_assignments a on a.officer_id = u.id
       left join loan_applications la on la.id = a.application_id and la.status in (${STATUSES})
       where u.institution_id = ? and u.role = 'bank_officer' and u.status = 'active' and u.position in ('officer', 'reviewer')
       group by u.id, u.display_name, u.position
       order by u.display_name, u.id`,
      [bankId],
    );
    return (result.rows as OfficerLoad[]).map((r) => ({ ...r, open: Number(r.open) }));
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
