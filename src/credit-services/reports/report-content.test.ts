import { describe, expect, it } from 'vitest';
import type { PdfBlock } from '../../platform/pdf/pdf-document.js';
import type { CreditProfile } from '../../profiles/credit-profile.js';
import { reportContent } from './report-content.js';

const record = (id: number, sourceName: string, receivedAt: string) => ({
  id,
  category: 'penalties',
  categoryLabel: '行政处罚',
  recordKey: `K${id}`,
  businessDate: null,
  sourceInstitutionId: 'i',
  sourceName,
  batchId: 'b',
  receivedAt,
  publishedOnTime: true,
  underObjection: false,
});

const profile: CreditProfile = {
  uscc: '91420202MA4K2XLL0B',
  version: 7,
  inputsHash: 'h',
  asOf: '2026-03-01',
  builtAt: new Date('2026-03-01T00:00:00Z'),
  reason: 'first_read',
  sections: [
    {
      scope: 'penalties',
      label: '行政处罚',
      indicators: [{ code: 'penalties_36_months', label: '近36个月行政处罚次数', value: 2, unit: '次', recordIds: [1, 2] }],
      series: [],
      records: [record(1, '黄石市市场监督管理局', '2026-01-05T02:00:00.000Z'), record(2, '黄石市市场监督管理局', '2026-02-10T02:00:00.000Z')],
    },
    { scope: 'honours', label: '荣誉表彰及政策支持', indicators: [], series: [], records: [] },
  ],
};

const input = {
  verificationCode: 'ABCD-EFGH-JKMN-PQRS',
  issuedAt: new Date('2026-03-02T01:30:00Z'),
  enterpriseName: '示例科技有限公司',
  profile,
  institutionName: null,
  districts: new Map([['420281', '大冶市']]),
  leftOut: [
    { categoryLabel: '行政处罚', scope: 'penalties' as const, recordKey: 'K9', status: 'repaired' as const, changedAt: new Date('2026-02-20T03:00:00Z'), sourceName: '黄石市市场监督管理局' },
  ],
};

const tables = (blocks: readonly PdfBlock[]) => blocks.filter((b) => b.kind === 'table');

describe('reportContent', () => {
  it('names the profile version, the issue time in Beijing time, and the code on every page', () => {
    const content = reportContent(input);
    const info = content.blocks.find((b) => b.kind === 'fields')!;
    expect(info.kind === 'fields' && Object.fromEntries(info.rows)).toMatchObject({
      报告验证码: 'ABCD-EFGH-JKMN-PQRS',
      出具时间: '2026-03-02 09:30（北京时间）',
      信用画像版本: '第 7 版（数据截至 2026-03-01）',
      报告用途: '企业自行查询（免费）',
    });
    expect(content.footer).toContain('ABCD-EFGH-JKMN-PQRS');
    expect(content.issuedAt).toBe(input.issuedAt);
  });

  it('groups each section’s records by source with the count and the latest receipt date', () => {
    const [sources] = tables(reportContent(input).blocks);
    expect(sources).toEqual({ kind: 'table', columns: ['数据来源单位', '数据类别', '记录数', '最近报送日期'], rows: [['黄石市市场监督管理局', '行政处罚', '2', '2026-02-10']] });
    expect(reportContent(input).blocks).toContainEqual({ kind: 'paragraph', text: '本类别暂无政府部门报送的记录。' });
  });

  it('lists repaired and withdrawn records as left out, and says so when there are none', () => {
    const [, leftOut] = tables(reportContent(input).blocks);
    expect(leftOut!.kind === 'table' && leftOut!.rows).toEqual([['行政处罚', 'K9', '已信用修复', '2026-02-20', '黄石市市场监督管理局']]);
    const none = reportContent({ ...input, leftOut: [] }).blocks;
    const heading = none.findIndex((b) => b.kind === 'heading' && b.text === '三、未纳入本报告的记录');
    expect(none[heading + 1]).toEqual({ kind: 'paragraph', text: '无。' });
  });

  it('names coded values, the district by the city’s districts, and prints no code', () => {
    const coded = (code: string, label: string, value: string) => ({ code, label, value, unit: null, recordIds: [] });
    const sections: CreditProfile['sections'] = [
      { scope: 'register', label: '登记注册', indicators: [coded('district_code', '所属区县代码', '420281')], series: [], records: [] },
      { scope: 'import_export', label: '进出口', indicators: [coded('customs_grade', '海关信用等级', 'advanced_certified')], series: [], records: [] },
      { scope: 'social_security', label: '社会保险', indicators: [coded('insured_headcount_trend', '参保人数趋势', 'up')], series: [], records: [] },
    ];
    const rows = reportContent({ ...input, profile: { ...profile, sections } }).blocks.flatMap((b) => (b.kind === 'fields' ? b.rows : []));
    expect(rows).toEqual(expect.arrayContaining([['所属区县', '大冶市'], ['海关信用等级', '高级认证企业'], ['参保人数趋势', '上升']]));
    expect(rows.flat().join(' ')).not.toMatch(/420281|advanced_certified|\bup\b|区县代码/);
  });
});
