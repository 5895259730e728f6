import { describe, expect, it } from 'vitest';
import type { ConsentGrantView } from '../consents/consent.js';
import type { Guarantee } from '../guarantees/guarantee.js';
import type { QueueList } from '../lending/work-queue/lending-queue.js';
import type { LendingQueueService } from '../lending/work-queue/lending-queue-service.js';
import type { OversightService } from '../oversight/oversight-service.js';
import { FakeClock } from '../platform/clock.js';
import type { Principal } from '../platform/roles.js';
import type { PrecreditResult } from '../precredit/whitelist.js';
import { WorkQueueService, type WorkQueueDeps } from './work-queue-service.js';

type OverdueAlert = Awaited<ReturnType<OversightService['pendingAlerts']>>['items'][number];

const clock = new FakeClock(new Date('2026-11-25T02:00:00Z'));
const day = 86_400_000;
const at = (days: number) => new Date(clock.now().getTime() + days * day);
const list = (ids: string[]): QueueList => ({ total: ids.length, entries: ids.map((id) => ({ applicationId: id, enterpriseName: `企业${id}`, status: 'SUBMITTED', since: at(-1) })) });

/** Fakes holding the state each feature would hold; the service only reads them. */
function service(state: { grants?: Partial<ConsentGrantView>[]; results?: Partial<PrecreditResult>[]; guarantees?: Partial<Guarantee>[]; alerts?: Partial<OverdueAlert>[] } = {}) {
  const lending = {
    forBank: async (p: Principal) =>
      p.position === 'institution_admin'
        ? [
            { code: 'unassigned' as const, list: list(['a1', 'a2']) },
            { code: 'material_answered' as const, list: list([]) },
          ]
        : [
            { code: 'assigned_to_me' as const, list: list(['a1']) },
            { code: 'new_unassigned' as const, list: list(['a2']) },
            { code: 'material_answered' as const, list: list([]) },
          ],
    forEnterprise: async () => [{ code: 'material_requested' as const, list: list(['a3']) }],
  } as unknown as LendingQueueService;
  const deps: WorkQueueDeps = {
    clock,
    lending,
    assignments: {
      workload: async () => ({
        unassigned: 2,
        officers: [
          { officerId: 'o1', officerName: '甲', position: 'officer', institutionId: 'bank', open: 1 },
          { officerId: 'o2', officerName: '乙', position: 'reviewer', institutionId: 'bank', open: 3 },
        ],
        branches: [{ branchId: 'bank', name: '本行', parentId: null, open: 4 }],
        byBranchAndOfficer: [
          { branchId: 'bank', officerId: 'o1', open: 1 },
          { branchId: 'bank', officerId: 'o2', open: 3 },
        ],
      }),
    },
    guarantees: { queue: async (_p, filter) => (state.guarantees ?? []).filter((g) => g.status === filter.status) as Guarantee[] },
    consents: { listForEnterprise: async () => (state.grants ?? []) as ConsentGrantView[] },
    whitelist: { forEnterprise: async () => (state.results ?? []) as PrecreditResult[] },
    oversight: {
      pendingAlerts: async (audience) => {
        const items = (state.alerts ?? []).filter((a) => a.audience === audience.audience) as OverdueAlert[];
        return { total: items.length, items };
      },
    },
  };
  return new WorkQueueService(deps);
}

const person = (role: Principal['role'], extra: Partial<Principal> = {}): Principal => ({ userId: 'u1', role, institutionId: 'i1', enterpriseId: role === 'enterprise' ? 'e1' : null, ...extra });

describe('WorkQueueService', () => {
  it("lists an SME's grants ending within 7 days and pre-credit results re-evaluated within 7 days, nothing older or later", async () => {
    const queues = await service({
      grants: [
        { id: 'g-soon', granteeName: '甲银行', validUntil: at(3) },
        { id: 'g-later', granteeName: '乙银行', validUntil: at(30) },
      ],
      results: [
        { bankId: 'b1', bankName: '甲银行', evaluatedAt: at(-2) },
        { bankId: 'b2', bankName: '乙银行', evaluatedAt: at(-10) },
      ],
    }).forPrincipal(person('enterprise'));
    expect(queues.map((q) => [q.code, q.count])).toEqual([
      ['material_requested', 1],
      ['grants_expiring', 1],
      ['whitelist_changes', 1],
    ]);
    expect(queues[1]!.entries.map((e) => e.ref)).toEqual([{ kind: 'consent', id: 'g-soon' }]);
  });

  it("gives the institution admin the unassigned, the busiest officers first, and the bank's overdue alerts", async () => {
    const alerts = [{ audience: 'bank' as const, id: 'x', applicationId: 'a9', bankName: '甲银行', raisedAt: at(-1) }];
    const queues = await service({ alerts }).forPrincipal(person('bank_officer', { position: 'institution_admin' }));
    expect(queues.map((q) => q.code)).toEqual(['unassigned', 'material_answered', 'workload', 'overdue_sla']);
    const workload = queues.find((q) => q.code === 'workload')!;
    expect(workload.count).toBe(4);
    expect(workload.entries.map((e) => e.title)).toEqual(['乙：3 件', '甲：1 件']);
    expect(queues.find((q) => q.code === 'overdue_sla')!.entries[0]!.ref).toEqual({ kind: 'loan_application', id: 'a9' });
  });

  it('gives an officer their own lines, the guarantee officer pending decisions, the office its escalations', async () => {
    const svc = service({
      guarantees: [
        { id: 'g1', status: 'pending', route: 'guarantee_first', applicationStatus: 'GUARANTEE_REVIEW', enterpriseName: '企业甲', productName: '科担贷', createdAt: at(-1) },
        { id: 'g2', status: 'granted', route: 'guarantee_first', applicationStatus: 'SUBMITTED', enterpriseName: '企业乙', productName: '科担贷', createdAt: at(-1) },
        // Nothing for the officer to decide: the SME withdrew; the bank decides first (见贷即保).
        { id: 'g3', status: 'pending', route: 'guarantee_first', applicationStatus: 'WITHDRAWN', enterpriseName: '企业丙', productName: '科担贷', createdAt: at(-1) },
        { id: 'g4', status: 'pending', route: 'loan_first', applicationStatus: 'UNDER_REVIEW', enterpriseName: '企业丁', productName: '科担贷批量担保', createdAt: at(-1) },
      ],
      alerts: [{ audience: 'office', id: 'o1', applicationId: 'a1', bankName: '甲银行', raisedAt: at(-1) }],
    });
    expect((await svc.forPrincipal(person('bank_officer', { position: 'officer' }))).map((q) => q.code)).toEqual(['assigned_to_me', 'new_unassigned', 'material_answered', 'overdue_sla']);
    expect(await svc.forPrincipal(person('guarantee_officer'))).toMatchObject([{ code: 'guarantee_pending', count: 1, entries: [{ ref: { kind: 'guarantee', id: 'g1' } }] }]);
    expect(await svc.forPrincipal(person('financial_office'))).toMatchObject([{ code: 'open_escalations', count: 1, entries: [{ ref: { kind: 'alert', id: 'o1' } }] }]);
    expect(await svc.forPrincipal(person('data_source'))).toEqual([]);
  });
});
