import type { ConsentService } from '../consents/consent-service.js';
import { awaitsDecision } from '../guarantees/guarantee.js';
import type { GuaranteeService } from '../guarantees/guarantee-service.js';
import type { AssignmentService } from '../lending/assignment/assignment-service.js';
import type { LendingQueueService } from '../lending/work-queue/lending-queue-service.js';
import { QUEUE_ENTRIES } from '../lending/work-queue/lending-queue-service.js';
import type { QueueList } from '../lending/work-queue/lending-queue.js';
import type { OversightService } from '../oversight/oversight-service.js';
import type { Clock } from '../platform/clock.js';
import { isInstitutionAdmin, type Principal } from '../platform/roles.js';
import type { WhitelistService } from '../precredit/whitelist-service.js';
import type { WorkQueue } from './work-queue.js';

/** A grant ending within this many days is listed; a pre-credit result re-evaluated within as many days is a change. */
export const SOON_DAYS = 7;
const DAY_MS = 86_400_000;

export interface WorkQueueDeps {
  clock: Clock;
  lending: LendingQueueService;
  assignments: Pick<AssignmentService, 'workload'>;
  guarantees: Pick<GuaranteeService, 'queue'>;
  consents: Pick<ConsentService, 'listForEnterprise'>;
  whitelist: Pick<WhitelistService, 'forEnterprise'>;
  oversight: Pick<OversightService, 'pendingAlerts'>;
}

const fromLending = (code: WorkQueue['code'], list: QueueList): WorkQueue => ({
  code,
  count: list.total,
  entries: list.entries.map((e) => ({ ref: { kind: 'loan_application', id: e.applicationId }, title: e.enterpriseName, since: e.since })),
});

/**
 * 待办事项 per role, computed on every read from the state the features hold (applications and
 * their assignment, guarantees, consent grants, pre-credit results, overdue alerts), so a list
 * never drifts from what it summarises.
 */
export class WorkQueueService {
  constructor(private readonly deps: WorkQueueDeps) {}

  async forPrincipal(principal: Principal): Promise<WorkQueue[]> {
    switch (principal.role) {
      case 'bank_officer':
        return this.bank(principal);
      case 'guarantee_officer':
        return this.guarantee(principal);
      case 'enterprise':
        return this.enterprise(principal);
      case 'financial_office':
        return [await this.alerts('open_escalations', { audience: 'office' })];
      default:
        return [];
    }
  }

  private async bank(principal: Principal): Promise<WorkQueue[]> {
    const lending = (await this.deps.lending.forBank(principal)).map((q) => fromLending(q.code, q.list));
    const overdue = await this.alerts('overdue_sla', { audience: 'bank', bankId: principal.institutionId! });
    if (!isInstitutionAdmin(principal)) return [...lending, overdue];
    const load = await this.deps.assignments.workload(principal);
    const busiest = [...load.officers].sort((a, b) => b.open - a.open).slice(0, QUEUE_ENTRIES);
    const workload: WorkQueue = {
      code: 'workload',
      count: load.officers.reduce((n, o) => n + o.open, 0),
      entries: busiest.map((o) => ({ ref: { kind: 'officer', id: o.officerId }, title: `${o.officerName}：${o.open} 件`, since: this.deps.clock.now() })),
    };
    return [...lending, workload, overdue];
  }

  private async guarantee(principal: Principal): Promise<WorkQueue[]> {
    const pending = (await this.deps.guarantees.queue(principal, { status: 'pending' })).filter(awaitsDecision);
    return [
      {
        code: 'guarantee_pending',
        count: pending.length,
        entries: pending.slice(0, QUEUE_ENTRIES).map((g) => ({ ref: { kind: 'guarantee', id: g.id }, title: `${g.enterpriseName}（${g.productName}）`, since: g.createdAt })),
      },
    ];
  }

  private async enterprise(principal: Principal): Promise<WorkQueue[]> {
    const now = this.deps.clock.now().getTime();
    const [lending, grants, results] = await Promise.all([
      this.deps.lending.forEnterprise(principal.enterpriseId!),
      this.deps.consents.listForEnterprise(principal, 'ACTIVE', 500),
      this.deps.whitelist.forEnterprise(principal.enterpriseId!),
    ]);
    const expiring = grants.filter((g) => g.validUntil.getTime() - now <= SOON_DAYS * DAY_MS).sort((a, b) => a.validUntil.getTime() - b.validUntil.getTime());
    const changed = results.filter((r) => now - r.evaluatedAt.getTime() <= SOON_DAYS * DAY_MS);
    return [
      ...lending.map((q) => fromLending(q.code, q.list)),
      {
        code: 'grants_expiring',
        count: expiring.length,
        entries: expiring.slice(0, QUEUE_ENTRIES).map((g) => ({ ref: { kind: 'consent', id: g.id }, title: g.granteeName, since: g.validUntil })),
      },
      {
        code: 'whitelist_changes',
        count: changed.length,
        entries: changed.slice(0, QUEUE_ENTRIES).map((r) => ({ ref: { kind: 'precredit', id: r.bankId }, title: r.bankName, since: r.evaluatedAt })),
      },
    ];
  }

  private async alerts(code: 'overdue_sla' | 'open_escalations', audience: Parameters<OversightService['pendingAlerts']>[0]): Promise<WorkQueue> {
    const { total, items } = await this.deps.oversight.pendingAlerts(audience);
    return {
      code,
      count: total,
      entries: items.slice(0, QUEUE_ENTRIES).map((a) => ({
        ref: code === 'overdue_sla' ? { kind: 'loan_application', id: a.applicationId } : { kind: 'alert', id: a.id },
        title: a.bankName,
        since: a.raisedAt,
      })),
    };
  }
}
