import { describe, expect, it } from 'vitest';
import { actorText, describeFilter } from './lending-labels';

describe('describeFilter', () => {
  it('names the indicator, the operator and the values in Chinese', () => {
    expect(describeFilter({ field: 'yearsEstablished', operator: 'gte', value: 2 })).toBe('成立年限（年） 不少于 2');
    expect(describeFilter({ field: 'entityType', operator: 'in', value: ['enterprise', 'individual_business'] })).toBe('主体类型 属于 企业、个体工商户');
  });

  it('keeps an indicator it has no label for as the API names it', () => {
    expect(describeFilter({ field: 'taxCreditGrade', operator: 'eq', value: 'A' })).toBe('taxCreditGrade 为 A');
  });
});

describe('actorText', () => {
  it('names a machine client as one, never as a person', () => {
    expect(actorText({ actorType: 'client', actorName: '信贷审批系统' })).toBe('机器客户端 信贷审批系统');
    expect(actorText({ actorType: 'client', actorName: null })).toBe('机器客户端');
    expect(actorText({ actorType: 'bank_officer', actorName: null })).toBe('银行信贷人员');
  });
});
