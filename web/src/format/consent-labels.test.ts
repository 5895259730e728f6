import { describe, expect, it } from 'vitest';
import type { Consent } from '@/api/consents-api';
import { endedByText, frequencyText, validityText } from './consent-labels';

const consent = (over: Partial<Consent>): Consent =>
  ({
    enterprise: { id: 'e', uscc: 'u', name: '黄石某公司' },
    grantee: { id: 'i', name: '某银行', type: 'bank' },
    fetchType: 'ONETIME',
    frequency: null,
    endedBy: null,
    ...over,
  }) as Consent;

describe('consent labels', () => {
  it('says who ended a grant, by name when the platform knows it', () => {
    expect(endedByText(consent({ endedBy: { kind: 'enterprise', id: 'u1', name: '张会计' } }))).toBe('黄石某公司 张会计（企业撤销）');
    expect(endedByText(consent({ endedBy: { kind: 'institution', id: 'c1', name: '风控系统' } }))).toBe('某银行 风控系统（机构终止）');
    expect(endedByText(consent({ endedBy: { kind: 'institution', id: 'c1', name: '风控系统', machineClient: true } }))).toBe('某银行 机器客户端 风控系统（机构终止）');
    expect(endedByText(consent({ endedBy: { kind: 'system', id: 'expiry', name: null } }))).toBe('平台（有效期届满自动结束）');
    expect(endedByText(consent({}))).toBe('—');
  });

  it('does not name the party twice when the person bears its name (a self-registered enterprise account)', () => {
    expect(endedByText(consent({ endedBy: { kind: 'enterprise', id: 'u1', name: '黄石某公司' } }))).toBe('黄石某公司（企业撤销）');
    expect(endedByText(consent({ endedBy: { kind: 'institution', id: 'u2', name: '某银行' } }))).toBe('某银行（机构终止）');
  });

  it('states the frequency cap of a periodic grant', () => {
    expect(frequencyText(consent({}))).toBe('一次性查询');
    expect(frequencyText(consent({ fetchType: 'PERIODIC', frequency: { unit: 'DAY', value: 3 } }))).toBe('定期查询（每天最多 3 次）');
  });
});

describe('validityText', () => {
  it('shows the last day of the grant, as chosen: validUntil is 00:00 after it', () => {
    expect(validityText({ validFrom: '2026-12-06T15:07:00.000Z', validUntil: '2027-03-06T16:00:00.000Z' })).toBe('2026-12-06 至 2027-03-06');
    expect(validityText({ validFrom: '2026-12-06T15:07:00.000Z', validUntil: '2027-01-05T06:00:00.000Z' })).toBe('2026-12-06 至 2027-01-05');
  });
});
