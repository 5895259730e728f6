import { ratio, sumFen, yuan } from './decimal.js';
import type { ApplicationMonth, BankAccess, OversightFacts } from './oversight-facts.js';
import type { OverdueRow } from './oversight-store.js';

/**
 * The financing funnel and the bank service table, for a period of months and optionally one
 * district. Times are in working time (工作日计时: a working day counts 24 hours, rest days and
 * holidays of the working calendar count nothing), so a Friday-evening application accepted on
 * Monday morning waited hours, not days.
 */
export interface Period {
  from: string;
  to: string;
  districtCode?: string;
}

export interface FunnelStage {
  stage: 'registered' | 'authorised' | 'applied' | 'accepted' | 'approved' | 'disbursed';
  count: number;
  amount: string | null;
}

export function funnel(facts: OversightFacts, p: Period): FunnelStage[] {
  const inPeriod = <T extends { month: string; districtCode: string }>(rows: readonly T[]) =>
    rows.filter((r) => r.month >= p.from && r.month <= p.to && (!p.districtCode || r.districtCode === p.districtCode));
  const apps = inPeriod(facts.applications);
  const total = (f: (a: ApplicationMonth) => number) => apps.reduce((n, a) => n + f(a), 0);
  return [
    { stage: 'registered', count: inPeriod(facts.registrations).reduce((n, r) => n + r.count, 0), amount: null },
    { stage: 'authorised', count: inPeriod(facts.authorisations).reduce((n, r) => n + r.count, 0), amount: null },
    { stage: 'applied', count: total((a) => a.submitted), amount: yuan(sumFen(apps.map((a) => a.appliedAmount))) },
    { stage: 'accepted', count: total((a) => a.accepted), amount: null },
    { stage: 'approved', count: total((a) => a.approved), amount: yuan(sumFen(apps.map((a) => a.approvedAmount))) },
    { stage: 'disbursed', count: total((a) => a.disbursed), amount: yuan(sumFen(apps.map((a) => a.disbursedAmount))) },
  ];
}

export interface SlaThresholds {
  acceptHours: number;
  decisionHours: number;
}

export interface OverdueApplication {
  id: string;
  bankId: string;
  bankName: string;
  status: string;
  submittedAt: Date;
  overdueFor: 'acceptance' | 'decision';
  waitedWorkHours: number;
  /** Past the limit: the bank's institution admin is alerted; past twice the limit, the office too. */
  escalation: 'bank' | 'office';
}

export interface BankServiceRow {
  bankId: string;
  bankName: string;
  adapterConfigured: boolean;
  connected: boolean;
  lastExchangeAt: Date | null;
  submitted: number;
  accepted: number;
  decided: number;
  approved: number;
  /** 接单率 accepted / submitted; 获得率 approved / submitted. */
  acceptanceRate: string | null;
  approvalRate: string | null;
  avgWorkHoursToAcceptance: string | null;
  avgWorkDaysToDecision: string | null;
  overdue: number;
}

export function overdueApplications(open: readonly OverdueRow[], banks: readonly BankAccess[], t: SlaThresholds): OverdueApplication[] {
  const names = new Map(banks.map((b) => [b.id, b.name]));
  const result: OverdueApplication[] = [];
  for (const row of open) {
    const limit = (row.status === 'SUBMITTED' ? t.acceptHours : t.decisionHours) * 3600;
    if (row.waitedSeconds <= limit) continue;
    result.push({
      id: row.id,
      bankId: row.bankId,
      bankName: names.get(row.bankId) ?? '',
      status: row.status,
      submittedAt: row.submittedAt,
      overdueFor: row.status === 'SUBMITTED' ? 'acceptance' : 'decision',
      waitedWorkHours: Math.round((row.waitedSeconds / 3600) * 10) / 10,
      escalation: row.waitedSeconds > 2 * limit ? 'office' : 'bank',
    });
  }
  return result;
}

export function bankService(
  facts: OversightFacts,
  p: Period,
  overdueByBank: ReadonlyMap<string, number>,
  configured: ReadonlySet<string>,
  connected: ReadonlySet<string>,
): BankServiceRow[] {
  const apps = facts.applications.filter((r) => r.month >= p.from && r.month <= p.to && (!p.districtCode || r.districtCode === p.districtCode));
  return facts.banks.map((bank) => {
    const mine = apps.filter((a) => a.bankId === bank.id);
    const sum = (f: (a: ApplicationMonth) => number) => mine.reduce((n, a) => n + f(a), 0);
    const [submitted, accepted, decided, approved] = [sum((a) => a.submitted), sum((a) => a.accepted), sum((a) => a.decided), sum((a) => a.approved)];
    return {
      bankId: bank.id,
      bankName: bank.name,
      adapterConfigured: configured.has(bank.code),
      connected: connected.has(bank.id),
      lastExchangeAt: bank.lastExchangeAt,
      submitted,
      accepted,
      decided,
      approved,
      acceptanceRate: ratio(accepted, submitted),
      approvalRate: ratio(approved, submitted),
      avgWorkHoursToAcceptance: accepted ? (sum((a) => a.acceptWorkSeconds) / accepted / 3600).toFixed(1) : null,
      avgWorkDaysToDecision: decided ? (sum((a) => a.decisionWorkSeconds) / decided / 86400).toFixed(2) : null,
      overdue: overdueByBank.get(bank.id) ?? 0,
    };
  });
}
