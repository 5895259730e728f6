import { describe, expect, it } from 'vitest';
import { providerLabel, shownSections } from './profile-sections';

const indicator = (value: string | number | boolean | null, unit: string | null) => ({ code: 'x', label: 'x', value, unit, recordIds: [] });

describe('shownSections', () => {
  it('shows the allowed scopes that have data, in order, with the register entry in Chinese', () => {
    const sections = shownSections({
      uscc: '91420200MA4KXXXX0X',
      grantId: '00000000-0000-0000-0000-000000000000',
      accessLogId: 1,
      purpose: 'loan_application',
      scopes: ['register', 'tax', 'honours'],
      unavailableScopes: ['honours'],
      data: {
        tax: { scope: 'tax', indicators: [indicator('12000.5', '元')], records: [{}, {}] },
        register: { uscc: '91420200MA4KXXXX0X', name: '黄石某公司', entityType: 'enterprise', status: 'operating', registeredCapital: '5000000.00', indicators: [] },
      },
    });
    expect(sections.map((s) => s.scope)).toEqual(['register', 'tax']);
    expect(sections[0]!.register).toMatchObject({ 企业名称: '黄石某公司', 主体类型: '企业', 登记状态: '在业', 注册资本: '500 万元' });
    expect(sections[1]).toMatchObject({ records: 2, register: null, thirdParty: [] });
  });

  it('carries the third_party section’s provider facts, and names a provider in Chinese', () => {
    const fact = { provenance: 'third_party', provider: 'simulated-provider', category: 'intellectual_property', categoryLabel: '知识产权', recordKey: 'ZL1', fetchedAt: '2026-12-01T00:00:00.000Z', payload: {} };
    const [section] = shownSections({
      uscc: '91420200MA4KXXXX0X',
      grantId: '00000000-0000-0000-0000-000000000000',
      accessLogId: 1,
      purpose: 'loan_application',
      scopes: ['third_party'],
      unavailableScopes: [],
      data: { third_party: { scope: 'third_party', indicators: [indicator(1, '条')], records: [], thirdParty: [fact] } },
    });
    expect(section).toMatchObject({ scope: 'third_party', records: 0, thirdParty: [fact] });
    expect(providerLabel('simulated-provider')).toBe('商业数据服务商（模拟）');
    expect(providerLabel('qxb')).toBe('商业数据服务商');
  });
});
