import { describe, expect, it } from 'vitest';
import { APPLICATION_STATUSES, bankPathTo, OPEN_STATUSES, transitionFor } from './application-status.js';

describe('transition table', () => {
  it('allows the main line and nothing that skips it', () => {
    expect(transitionFor('submit', 'DRAFT', 'enterprise')).toBe('SUBMITTED');
    expect(transitionFor('approve', 'UNDER_REVIEW', 'bank')).toBe('APPROVED');
    expect(transitionFor('approve', 'SUBMITTED', 'bank')).toBeUndefined();
    expect(transitionFor('disburse', 'APPROVED', 'bank')).toBeUndefined();
  });

  it('lets only the right party act', () => {
    expect(transitionFor('accept', 'SUBMITTED', 'enterprise')).toBeUndefined();
    expect(transitionFor('withdraw', 'SUBMITTED', 'bank')).toBeUndefined();
    expect(transitionFor('expire', 'SUBMITTED', 'system')).toBe('EXPIRED');
  });

  it("sends the application back to the bank on the SME's answer to a request for material, and only then", () => {
    for (const status of APPLICATION_STATUSES) {
      expect(transitionFor('supply_material', status, 'enterprise')).toBe(status === 'ACTION_REQUIRED' ? 'UNDER_REVIEW' : undefined);
    }
    expect(transitionFor('supply_material', 'ACTION_REQUIRED', 'bank')).toBeUndefined();
  });

  it('withdraws and expires from every open state and from no other', () => {
    for (const status of APPLICATION_STATUSES) {
      const open = OPEN_STATUSES.includes(status);
      expect(transitionFor('withdraw', status, 'enterprise') === 'WITHDRAWN').toBe(open);
      expect(transitionFor('expire', status, 'system') === 'EXPIRED').toBe(open);
    }
  });
});

describe('bankPathTo (out-of-order bank events)', () => {
  it('walks every intermediate step to a later status', () => {
    expect(bankPathTo('ACCEPTED', 'DISBURSED')?.map((s) => s.action)).toEqual(['start_review', 'approve', 'contract', 'disburse']);
  });

  it('does not detour through ACTION_REQUIRED', () => {
    expect(bankPathTo('SUBMITTED', 'APPROVED')?.map((s) => s.to)).toEqual(['ACCEPTED', 'UNDER_REVIEW', 'APPROVED']);
    expect(bankPathTo('ACTION_REQUIRED', 'APPROVED')?.map((s) => s.to)).toEqual(['UNDER_REVIEW', 'APPROVED']);
  });

  it('finds no path backwards or across branches', () => {
    expect(bankPathTo('DISBURSED', 'APPROVED')).toBeUndefined();
    expect(bankPathTo('REJECTED', 'APPROVED')).toBeUndefined();
    expect(bankPathTo('APPROVED', 'REJECTED')).toBeUndefined();
    expect(bankPathTo('WITHDRAWN', 'ACCEPTED')).toBeUndefined();
  });

  it('is empty when already there', () => {
    expect(bankPathTo('DISBURSED', 'DISBURSED')).toEqual([]);
  });
});
