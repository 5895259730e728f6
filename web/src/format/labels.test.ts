import { describe, expect, it } from 'vitest';
import type { Schemas } from '@/api/schemas';
import { personLabel } from './labels';

const bank = { type: 'bank' } as Schemas['Institution'];
const guarantor = { type: 'guarantee_company' } as Schemas['Institution'];

describe('personLabel', () => {
  it('names an institution administrator or reviewer by institution type and position', () => {
    expect(personLabel({ role: 'bank_officer', position: 'institution_admin', institution: bank })).toBe('银行 · 机构管理员');
    expect(personLabel({ role: 'guarantee_officer', position: 'reviewer', institution: guarantor })).toBe('融资担保机构 · 审核人员');
  });

  it('names everyone else by role', () => {
    expect(personLabel({ role: 'bank_officer', position: 'officer', institution: bank })).toBe('银行信贷人员');
    expect(personLabel({ role: 'enterprise', position: null, institution: null })).toBe('企业用户');
    expect(personLabel({ role: 'admin', position: 'institution_admin', institution: { type: 'platform_operator' } as Schemas['Institution'] })).toBe('平台运营管理员');
  });
});
