import { describe, expect, it } from 'vitest';
import { bankRows, districtRows, sourceRows } from './drill-down.js';
import { KPI_CATALOGUE } from './kpi-catalogue.js';
import { computeFigures, monthEnd, monthsBack, type FigureScope } from './kpi-figures.js';
import { CONFIGURED, CONNECTED, handMadeFacts, NOW } from './hand-made-facts.js';
import { bankService, funnel, overdueApplications } from './service-figures.js';

const scope = (month: string, districtCode?: string): FigureScope => ({ month, currentMonth: '2026-11', districtCode, configuredBanks: CONFIGURED, connectedBanks: CONNECTED });
const byCode = (month: string, districtCode?: string) => new Map(computeFigures(handMadeFacts(), scope(month, districtCode)).map((f) => [f.code, f]));

describe('KPI figures on the hand-made city', () => {
  const city = byCode('2026-11');

  it.each([
    ['registration_share', '0.150000', '60', '400'],
    ['authorisation_share_ever', '0.050000', '20', '400'],
    ['authorisation_share_active', '0.040000', '16', '400'],
    ['bank_access_share', '0.250000', '1', '4'],
    ['coverage_tax', '0.750000', '300', '400'],
    ['coverage_water', '0.250000', '100', '400'],
    ['coverage_gas', '0.000000', '0', '400'],
    ['coverage_real_estate', '0.550000', '220', '400'],
    ['coverage_rnd', '0.750000', '6', '8'],
    ['publicity_on_time', '0.750000', '6', '8'],
    ['uscc_error_rate', '0.000050', '1', '20000'],
    ['commitment_fulfilment_share', '0.750000', '30', '40'],
    ['inclusive_balance', '1300000.00', '1300000.00', null],
    ['inclusive_share_of_city', '0.100000', '1300000.00', '13000000.00'],
    ['credit_loan_share', '0.230769', '300000.00', '1300000.00'],
    ['guarantee_share', '0.023474', '500000.00', '21300000.00'],
    ['first_loan_count', '1', '1', null],
    ['first_loan_amount', '500000.00', '500000.00', null],
    ['average_rate', '3.4878', '71500000.00', '20500000.00'],
    ['online_disbursement_share', '0.975610', '20000000.00', '20500000.00'],
    ['precredit_model_banks', '1', '1', null],
  ])('%s city-wide in 2026-11 is %s (%s / %s)', (code, value, numerator, denominator) => {
    expect(city.get(code)).toMatchObject({ value, numerator, denominator });
  });

  it('judges the data coverage figures against seed 002 (不动产 above 50 %, 科技研发 100 %)', () => {
    expect(city.get('coverage_real_estate')).toMatchObject({ met: true, target: { comparator: 'gt', value: '0.50' } });
    expect(city.get('coverage_rnd')).toMatchObject({ met: false, target: { comparator: 'gte', value: '1.00' } });
  });

  it('narrows district figures and keeps city-wide ones city-wide', () => {
    const a = byCode('2026-11', '420202');
    expect(a.get('registration_share')).toMatchObject({ value: '0.300000', numerator: '30', denominator: '100' });
    expect(a.get('inclusive_balance')?.value).toBe('1300000.00');
    expect(a.get('online_disbursement_share')).toMatchObject({ value: '0.000000', numerator: '0.00', denominator: '500000.00' });
    expect(a.get('bank_access_share')?.value).toBe('0.250000');
    expect(byCode('2026-11', '420203').get('registration_share')?.value).toBe('0.100000');
  });

  it('computes a past month as of its end and leaves "now only" figures empty', () => {
    const october = byCode('2026-10');
    expect(october.get('registration_share')).toMatchObject({ value: '0.025000', numerator: '10' });
    expect(october.get('inclusive_balance')?.value).toBe('1000000.00');
    expect(october.get('average_rate')?.value).toBe('4.0000');
    for (const code of ['authorisation_share_active', 'bank_access_share', 'coverage_tax', 'coverage_real_estate', 'coverage_rnd', 'commitment_fulfilment_share']) {
      expect(october.get(code)?.value).toBeNull();
    }
  });

  it('shows the target in force at the end of the month, with its source, and whether it is met', () => {
    expect(city.get('registration_share')?.target).toMatchObject({ value: '0.25', source: '2026 年新目标', comparator: 'gt' });
    expect(byCode('2026-10').get('registration_share')?.target).toMatchObject({ value: '0.20', source: '黄信用〔2023〕1号' });
    expect(city.get('registration_share')?.met).toBe(false);
    expect(city.get('uscc_error_rate')?.met).toBe(true);
    expect(city.get('bank_access_share')?.met).toBe(false);
    expect(city.get('first_loan_count')?.target).toBeNull();
    expect(city.get('first_loan_count')?.met).toBeNull();
  });

  it('counts months back across a year boundary', () => {
    expect(monthsBack('2026-02', 3)).toEqual(['2025-12', '2026-01', '2026-02']);
    expect(monthEnd('2026-02')).toBe('2026-02-28');
  });
});

describe('funnel, bank service and overdue escalation', () => {
  const facts = handMadeFacts();

  it('counts each funnel stage over the period', () => {
    expect(funnel(facts, { from: '2026-10', to: '2026-11' })).toEqual([
      { stage: 'registered', count: 60, amount: null },
      { stage: 'authorised', count: 20, amount: null },
      { stage: 'applied', count: 12, amount: '5100000.00' },
      { stage: 'accepted', count: 9, amount: null },
      { stage: 'approved', count: 4, amount: '2000000.00' },
      { stage: 'disbursed', count: 3, amount: '1500000.00' },
    ]);
    expect(funnel(facts, { from: '2026-10', to: '2026-11', districtCode: '420203' })[2]).toEqual({ stage: 'applied', count: 2, amount: '100000.00' });
  });

  it('escalates to the bank past the limit and to the office past twice the limit, in working hours', () => {
    const open = [
      { id: 'a1', bankId: 'bank-x', status: 'SUBMITTED', submittedAt: NOW, waitedSeconds: 25 * 3600 },
      { id: 'a2', bankId: 'bank-y', status: 'ACCEPTED', submittedAt: NOW, waitedSeconds: 300 * 3600 },
      { id: 'a3', bankId: 'bank-x', status: 'UNDER_REVIEW', submittedAt: NOW, waitedSeconds: 100 * 3600 },
    ];
    const overdue = overdueApplications(open, facts.banks, { acceptHours: 24, decisionHours: 120 });
    expect(overdue.map((o) => [o.id, o.overdueFor, o.escalation, o.bankName, o.waitedWorkHours])).toEqual([
      ['a1', 'acceptance', 'bank', '甲银行', 25],
      ['a2', 'decision', 'office', '乙银行', 300],
    ]);
    const counts = new Map<string, number>();
    for (const o of overdue) counts.set(o.bankId, (counts.get(o.bankId) ?? 0) + 1);
    const rows = bankService(facts, { from: '2026-10', to: '2026-11' }, counts, CONFIGURED, CONNECTED);
    expect(rows.find((r) => r.bankId === 'bank-x')).toMatchObject({
      connected: true, adapterConfigured: true, submitted: 10, acceptanceRate: '0.800000', approvalRate: '0.400000',
      avgWorkHoursToAcceptance: '10.0', avgWorkDaysToDecision: '2.00', overdue: 1,
    });
    expect(rows.find((r) => r.bankId === 'bank-y')).toMatchObject({ connected: false, adapterConfigured: true, overdue: 1 });
    expect(rows.find((r) => r.bankId === 'bank-z')).toMatchObject({ connected: false, adapterConfigured: false, acceptanceRate: null });
  });
});

describe('drill-down', () => {
  const facts = handMadeFacts();
  const def = (code: string) => KPI_CATALOGUE.find((k) => k.code === code)!;

  it('lists banks with the connection that really works', () => {
    const rows = bankRows(def('bank_access_share'), facts, [], scope('2026-11'));
    expect(rows.map((r) => [r.name, r.connected])).toEqual([['甲银行', true], ['乙银行', false], ['丙银行', false], ['丁银行', false]]);
  });

  it('lists districts, never enterprises, for registration', () => {
    expect(districtRows(def('registration_share'), facts, scope('2026-11')).map((r) => [r.name, r.value])).toEqual([
      ['黄石港区', '0.300000'],
      ['西塞山区', '0.100000'],
    ]);
  });

  it('lists the reporting departments for the USCC error rate', () => {
    const rows = sourceRows(def('uscc_error_rate'), [
      { institutionId: 's1', name: '市税务局', category: 'tax_payments', rowsAccepted: 90, monthRowsRead: 100, monthUsccErrors: 2 },
      { institutionId: 's1', name: '市税务局', category: 'tax_grades', rowsAccepted: 10, monthRowsRead: 100, monthUsccErrors: 0 },
    ]);
    expect(rows).toEqual([{ id: 's1', name: '市税务局', value: '0.010000', numerator: '2', denominator: '200' }]);
  });
});
