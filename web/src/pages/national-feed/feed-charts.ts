import type { Schemas } from '@/api/schemas';
import { formatMonth } from '@/format/date';

type Submission = Schemas['NationalFeedSubmission'];

const PALETTE = ['#b22a22', '#e6a23c', '#409eff', '#67c23a', '#909399', '#8e44ad', '#16a085'];

/** The newest revision of each month, oldest month first, at most `months` of them. */
export function latestPerMonth(submissions: readonly Submission[], months: number): Submission[] {
  const byMonth = new Map<string, Submission>();
  for (const s of submissions) if (s.status !== 'failed' && s.status !== 'building' && (byMonth.get(s.month)?.revision ?? 0) < s.revision) byMonth.set(s.month, s);
  return [...byMonth.values()].sort((a, b) => a.month.localeCompare(b.month)).slice(-months);
}

/** Records per type and month (grouped bars): how the months compare. */
export function countsOption(latest: readonly Submission[], recordTypes: ReadonlyMap<string, string>) {
  const types = [...recordTypes.entries()].filter(([type]) => type !== 'platform_stats');
  return {
    animationDuration: 400,
    color: PALETTE,
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v} 条` },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 56, right: 16, top: 64, bottom: 32 },
    xAxis: { type: 'category', data: latest.map((s) => `${formatMonth(s.month)}（第${s.revision}版）`) },
    yAxis: { type: 'value', name: '条' },
    series: types.map(([type, label]) => ({ name: label, type: 'bar', data: latest.map((s) => s.counts[type] ?? 0) })),
  };
}

/** Receipts per revision: accepted and rejected rows stacked. */
export function receiptsOption(submissions: readonly Submission[]) {
  const receipted = submissions.filter((s) => s.status === 'receipted').slice(0, 8).reverse();
  return {
    animationDuration: 400,
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v} 条` },
    legend: { top: 0, data: ['已接收', '被拒收'] },
    grid: { left: 56, right: 16, top: 64, bottom: 32 },
    xAxis: { type: 'category', data: receipted.map((s) => `${formatMonth(s.month)} 第${s.revision}版`) },
    yAxis: { type: 'value', name: '条' },
    series: [
      { name: '已接收', type: 'bar', stack: 'receipt', data: receipted.map((s) => s.acceptedRows ?? 0), itemStyle: { color: '#67c23a' } },
      { name: '被拒收', type: 'bar', stack: 'receipt', data: receipted.map((s) => s.rejectedRows ?? 0), itemStyle: { color: '#b22a22' } },
    ],
  };
}

/** One revision's rows per record type. */
export function revisionOption(submission: Submission, recordTypes: ReadonlyMap<string, string>) {
  const types = [...recordTypes.entries()];
  return {
    animationDuration: 400,
    tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${v} 条` },
    grid: { left: 56, right: 16, top: 24, bottom: 56 },
    xAxis: { type: 'category', data: types.map(([, label]) => label), axisLabel: { interval: 0, rotate: 20 } },
    yAxis: { type: 'value', name: '条' },
    series: [{ type: 'bar', data: types.map(([type]) => submission.counts[type] ?? 0), itemStyle: { color: '#409eff' }, label: { show: true, position: 'top' } }],
  };
}
