import { describe, expect, it } from 'vitest';
import type { CreditRecord } from '../ingestion/records/credit-record.js';
import { assembleProfile } from './profile-assembler.js';

const USCC = '91420202MA4K2XLL0B';
let nextId = 1;

function record(category: string, payload: Record<string, unknown>, extra: Partial<CreditRecord> = {}): CreditRecord {
  return {
    id: nextId++,
    category,
    recordKey: `${category}-${nextId}`,
    uscc: USCC,
    formatVersion: 1,
    payload,
    businessDate: null,
    publicityEnd: null,
    publishedOnTime: null,
    status: 'active',
    statusChangedAt: null,
    disputed: false,
    sourceInstitutionId: '00000000-0000-0000-0000-000000000001',
    sourceName: '黄石市税务局',
    batchId: '00000000-0000-0000-0000-000000000002',
    receivedAt: new Date('2026-11-20T02:00:00Z'),
    firstBatchId: '00000000-0000-0000-0000-000000000002',
    firstReceivedAt: new Date('2026-11-20T02:00:00Z'),
    ...extra,
  };
}

const value = (p: ReturnType<typeof assembleProfile>, code: string) => p.sections.flatMap((s) => s.indicators).find((i) => i.code === code)!;

describe('assembleProfile', () => {
  const asOf = '2026-11-25';
  const thisYear = record('tax_payments', { period: '2026-10', taxType: 'vat', amountPaid: '1100.00', arrearsAmount: '0.00' });
  const arrears = record('tax_payments', { period: '2026-03', taxType: 'vat', amountPaid: '100.10', arrearsAmount: '50.00' });
  const lastYear = record('tax_payments', { period: '2025-10', taxType: 'vat', amountPaid: '1000.00', arrearsAmount: '0.00' });
  const tooOld = record('tax_payments', { period: '2024-10', taxType: 'vat', amountPaid: '9999.00', arrearsAmount: '0.00' });
  const gradeOld = record('tax_grades', { year: 2024, grade: 'B' });
  const gradeNew = record('tax_grades', { year: 2025, grade: 'A' });
  const penalty = record('penalties', { decisionDate: '2025-06-01', fineAmountWan: '0.500000' }, { publicityEnd: '2026-12-31' });
  const permit = record('permits', { currentStatus: 'valid', validFrom: '2024-01-01', validTo: '2027-01-15' });
  const records = [thisYear, arrears, lastYear, tooOld, gradeOld, gradeNew, penalty, permit];
  const profile = assembleProfile({ uscc: USCC, asOf, entity: undefined, records });

  it('computes tax indicators over the right windows, each with its records', () => {
    expect(value(profile, 'latest_tax_grade')).toMatchObject({ value: 'A', recordIds: [gradeNew.id] });
    expect(value(profile, 'tax_paid_last_12_months')).toMatchObject({ value: '1200.10', unit: '元', recordIds: [thisYear.id, arrears.id] });
    expect(value(profile, 'tax_paid_previous_12_months')).toMatchObject({ value: '1000.00', recordIds: [lastYear.id] });
    expect(value(profile, 'tax_paid_yoy').value).toBe('20.0');
    expect(value(profile, 'tax_arrears_months_last_12')).toMatchObject({ value: 1, recordIds: [arrears.id] });
  });

  it('counts penalties in 36 months and permits expiring within 90 days', () => {
    expect(value(profile, 'penalties_36_months')).toMatchObject({ value: 1, recordIds: [penalty.id] });
    expect(value(profile, 'penalty_fines_36_months').value).toBe('0.500000');
    expect(value(profile, 'permits_expiring_90_days')).toMatchObject({ value: 1, recordIds: [permit.id] });
  });

  it('lists the used records with provenance and knows when a window moves next', () => {
    expect(profile.usedRecordIds).not.toContain(tooOld.id);
    const tax = profile.sections.find((s) => s.scope === 'tax')!;
    expect(tax.records.find((r) => r.id === thisYear.id)).toMatchObject({ sourceName: '黄石市税务局', receivedAt: '2026-11-20T02:00:00.000Z' });
    expect(profile.staleAfter).toBe('2026-12-01');
  });

  it('hashes its inputs: same records give the same hash, one record less another', () => {
    expect(assembleProfile({ uscc: USCC, asOf, entity: undefined, records: [...records].reverse() }).inputsHash).toBe(profile.inputsHash);
    expect(assembleProfile({ uscc: USCC, asOf, entity: undefined, records: records.slice(1) }).inputsHash).not.toBe(profile.inputsHash);
  });

  it('charts tax paid, insured headcount and utility bills by month over the last 24 months', () => {
    const social = (period: string, insuredHeadcount: number) =>
      record('social_security', { period, insuredHeadcount, contributionBase: '50000.00', amountDue: '8000.00', amountPaid: '8000.00', arrearsAmount: '0.00' });
    const bill = (period: string, paidOnTime: boolean) =>
      record('utilities', { period, utilityType: 'electricity', accountNo: 'E-1', paidOnTime, arrearsAmount: paidOnTime ? '0.00' : '12.00' });
    const sameMonthCit = record('tax_payments', { period: '2026-10', taxType: 'cit', amountPaid: '0.55', arrearsAmount: '0.00' });
    const people = [social('2026-09', 30), social('2026-10', 32)];
    const bills = [bill('2026-09', true), bill('2026-10', false), bill('2026-10', true)];
    const charted = assembleProfile({ uscc: USCC, asOf, entity: undefined, records: [...records, sameMonthCit, ...people, ...bills] });
    const series = (scope: string, code: string) => charted.sections.find((s) => s.scope === scope)!.series.find((c) => c.code === code)!;

    expect(series('tax', 'tax_paid_by_month')).toMatchObject({
      unit: '元',
      points: [
        { period: '2025-10', value: '1000.00', recordIds: [lastYear.id] },
        { period: '2026-03', value: '100.10', recordIds: [arrears.id] },
        { period: '2026-10', value: '1100.55', recordIds: [thisYear.id, sameMonthCit.id] },
      ],
    });
    expect(series('social_security', 'insured_headcount_by_month').points.map((x) => [x.period, x.value])).toEqual([
      ['2026-09', 30],
      ['2026-10', 32],
    ]);
    expect(series('utilities', 'utility_bills_on_time_by_month').points.map((x) => [x.period, x.value])).toEqual([
      ['2026-09', 1],
      ['2026-10', 1],
    ]);
    expect(series('utilities', 'utility_bills_late_by_month').points.map((x) => [x.period, x.value])).toEqual([['2026-10', 1]]);
    expect(charted.sections.find((s) => s.scope === 'penalties')!.series).toEqual([]);
    // Months older than 24 are not charted; charted records count as used by the version.
    expect(series('tax', 'tax_paid_by_month').points.some((x) => x.recordIds.includes(tooOld.id))).toBe(false);
    expect(charted.usedRecordIds).toEqual(expect.arrayContaining(people.map((r) => r.id)));
  });

  it('is stale from the first day a window moves: a permit expiring in 90 days, a penalty decided on 29 February', () => {
    const codes = (p: ReturnType<typeof assembleProfile>) => p.sections.flatMap((s) => s.indicators).map((i) => [i.code, i.value, i.recordIds]);
    const expiring = record('permits', { currentStatus: 'valid', validFrom: '2024-01-01', validTo: '2027-03-05' });
    const before = assembleProfile({ uscc: USCC, asOf: '2026-12-02', entity: undefined, records: [expiring] });
    expect(before.staleAfter).toBe('2026-12-05');
    expect(value(before, 'permits_expiring_90_days').value).toBe(0);
    const onTheDay = assembleProfile({ uscc: USCC, asOf: '2026-12-05', entity: undefined, records: [expiring] });
    expect(value(onTheDay, 'permits_expiring_90_days').value).toBe(1);
    expect(codes(assembleProfile({ uscc: USCC, asOf: '2026-12-04', entity: undefined, records: [expiring] }))).toEqual(codes(before));

    const leapDay = record('penalties', { decisionDate: '2024-02-29', fineAmountWan: '1.000000' });
    const inWindow = assembleProfile({ uscc: USCC, asOf: '2027-02-10', entity: undefined, records: [leapDay] });
    expect(inWindow.staleAfter).toBe('2027-03-01');
    expect(value(assembleProfile({ uscc: USCC, asOf: '2027-02-28', entity: undefined, records: [leapDay] }), 'penalties_36_months').value).toBe(1);
    expect(value(assembleProfile({ uscc: USCC, asOf: '2027-03-01', entity: undefined, records: [leapDay] }), 'penalties_36_months').value).toBe(0);
  });
});
