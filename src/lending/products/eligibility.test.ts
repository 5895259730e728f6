import { describe, expect, it } from 'vitest';
import { evaluateEligibility, evaluateFilter } from './eligibility.js';

describe('eligibility filters', () => {
  const profile = { yearsEstablished: 3, registeredCapital: '5000000.00', entityType: 'enterprise', hasTaxArrears: false };

  it('compares numbers, including decimal strings', () => {
    expect(evaluateFilter({ field: 'yearsEstablished', operator: 'gte', value: 2 }, profile)).toBe('met');
    expect(evaluateFilter({ field: 'yearsEstablished', operator: 'gt', value: 3 }, profile)).toBe('unmet');
    expect(evaluateFilter({ field: 'registeredCapital', operator: 'lt', value: '10000000' }, profile)).toBe('met');
  });

  it('matches sets and booleans', () => {
    expect(evaluateFilter({ field: 'entityType', operator: 'in', value: ['enterprise', 'farmer_cooperative'] }, profile)).toBe('met');
    expect(evaluateFilter({ field: 'entityType', operator: 'notIn', value: ['enterprise'] }, profile)).toBe('unmet');
    expect(evaluateFilter({ field: 'hasTaxArrears', operator: 'eq', value: false }, profile)).toBe('met');
  });

  it('treats a missing indicator or an order on text as unknown, never as a pass', () => {
    expect(evaluateFilter({ field: 'taxCreditGrade', operator: 'eq', value: 'A' }, profile)).toBe('unknown');
    expect(evaluateFilter({ field: 'entityType', operator: 'gt', value: 2 }, profile)).toBe('unknown');
  });

  it('gives one verdict for all filters', () => {
    expect(evaluateEligibility([], profile).verdict).toBe('likely');
    expect(evaluateEligibility([{ field: 'yearsEstablished', operator: 'gte', value: 5 }, { field: 'x', operator: 'eq', value: 1 }], profile)).toMatchObject({
      verdict: 'unlikely',
      unmet: [{ field: 'yearsEstablished' }],
      unknown: [{ field: 'x' }],
    });
    expect(evaluateEligibility([{ field: 'x', operator: 'eq', value: 1 }], profile).verdict).toBe('unknown');
  });
});
