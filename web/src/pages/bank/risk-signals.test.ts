import { describe, expect, it } from 'vitest';
import { riskSignals } from './risk-signals';

const section = (...indicators: [string, string | number | boolean | null][]) => ({
  indicators: indicators.map(([code, value]) => ({ code, label: code, value, unit: null })),
});

describe('riskSignals', () => {
  it('names every knockout the sections show, penalties within 12 months only', () => {
    const data = {
      credit_lists: section(['on_serious_dishonesty_list', true], ['current_list_types', '严重违法失信名单；经营异常名录']),
      judicial: section(['dishonest_executed_person', false], ['open_execution_cases', 2]),
      penalties: section(['latest_penalty_date', '2026-03-01'], ['penalties_36_months', 1]),
      register: section(['registration_status', '存续']),
      tax: section(['tax_arrears_latest', '0.00'], ['latest_tax_grade', 'B']),
    };
    const signals = riskSignals(data, '2026-12-05');
    expect(signals.knockouts).toEqual([
      '列入严重失信主体名单（严重违法失信名单；经营异常名录）',
      '列入经营异常名录',
      '近12个月受过行政处罚（最近一次 2026-03-01）',
      '有 2 件未结执行案件',
    ]);
    expect(signals.unchecked).toEqual([]);
    expect(signals.key.map((k) => k.code)).toEqual(['latest_tax_grade', 'penalties_36_months', 'open_execution_cases']);
    expect(riskSignals({ penalties: section(['latest_penalty_date', '2025-12-05']) }, '2026-12-05').knockouts).toEqual([]);
  });

  it('says which checks a narrow grant left unmade instead of reporting them clean', () => {
    const signals = riskSignals({ tax: section(['tax_arrears_latest', '1200.00']) }, '2026-12-05');
    expect(signals.knockouts).toEqual(['最近所属期欠税 1,200.00 元']);
    expect(signals.unchecked).toEqual(['严重失信主体名单', '经营异常名录', '失信被执行人', '近12个月行政处罚', '登记状态', '未结执行案件']);
  });
});
