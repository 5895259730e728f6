import { describe, expect, it } from 'vitest';
import type { CreditRecord } from '../ingestion/credit-record.js';
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
});
