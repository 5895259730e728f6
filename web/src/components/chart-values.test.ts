import { describe, expect, it } from 'vitest';
import { chartHasValues, chartPlace } from './chart-values';

describe('chartHasValues', () => {
  it('finds nothing to draw when every value is zero or missing', () => {
    // The demo's 担保业务月报 in a month without business: two bar series of zeros.
    expect(chartHasValues({ series: [{ type: 'bar', data: [0, 0] }, { type: 'bar', data: [0, 0] }] })).toBe(false);
    expect(chartHasValues({ series: [{ type: 'line', data: [null, null] }] })).toBe(false);
    expect(chartHasValues({ series: [{ type: 'pie', data: [{ value: 0, name: '已用' }, { value: 0, name: '剩余' }] }] })).toBe(false);
    expect(chartHasValues({ series: [{ type: 'bar', data: [['一月', 0], ['二月', '0']] }] })).toBe(false);
    expect(chartHasValues({ series: [] })).toBe(false);
    expect(chartHasValues({})).toBe(false);
  });

  it('finds something to draw when one value is not zero', () => {
    expect(chartHasValues({ series: [{ type: 'bar', data: [0, 0] }, { type: 'bar', data: [0, 3.5] }] })).toBe(true);
    expect(chartHasValues({ series: [{ type: 'bar', data: [{ value: -2 }] }] })).toBe(true);
    expect(chartHasValues({ series: { type: 'line', data: [null, 0.12] } })).toBe(true);
    expect(chartHasValues({ series: [{ type: 'bar', data: [['一月', 0], ['二月', 4]] }] })).toBe(true);
  });

  it('counts zero as a reading where the chart says so, and a missing value still as nothing', () => {
    // 银行服务时效: accepted within the hour is 0 hours; a bank without applications is null.
    expect(chartHasValues({ series: [{ type: 'bar', data: [0, null] }] }, { zeroIsReading: true })).toBe(true);
    expect(chartHasValues({ series: [{ type: 'bar', data: [null, null] }] }, { zeroIsReading: true })).toBe(false);
  });

  it('counts a gauge at zero as a reading', () => {
    expect(chartHasValues({ series: [{ type: 'gauge', data: [{ value: 0 }] }] })).toBe(true);
    expect(chartHasValues({ series: [{ type: 'gauge', data: [] }] })).toBe(false);
  });
});

describe('chartPlace', () => {
  it('says the figures are loading, not that there are none, while they load', () => {
    // 银行服务时效 before its answer: no series yet, and 暂无… would claim there is nothing.
    expect(chartPlace({}, { loading: true })).toBe('loading');
    expect(chartPlace({ series: [{ type: 'bar', data: [0, 0] }] }, { loading: true })).toBe('loading');
    expect(chartPlace({}, { loading: false })).toBe('empty');
  });

  it('keeps figures already drawn while newer ones load', () => {
    expect(chartPlace({ series: [{ type: 'bar', data: [2] }] }, { loading: true })).toBe('chart');
    expect(chartPlace({ series: [{ type: 'bar', data: [0] }] }, { loading: false, zeroIsReading: true })).toBe('chart');
  });
});
