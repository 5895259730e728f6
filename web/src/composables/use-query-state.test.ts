import { describe, expect, it } from 'vitest';
import { ApiProblem } from '@/api/problem';
import { useRequest } from './use-request';
import { addressValuesRefused, lastPage } from './use-query-state';

const refusal = (...fields: string[]) =>
  new ApiProblem({ status: 400, code: 'VALIDATION_FAILED', detail: '参数有误', errors: fields.map((field) => ({ field, code: 'INVALID', message: '无效的值' })) });

describe('a filter taken from the address', () => {
  it('is dropped when the platform refuses it and the page still holds it', () => {
    expect(addressValuesRefused(refusal('status'), { status: '已办', page: '2' }, { status: '已办', page: 2 })).toEqual(['status']);
  });

  it('is the person’s own once they chose another value, and its refusal is said as any other', () => {
    expect(addressValuesRefused(refusal('status'), { status: 'SUBMITTED' }, { status: 'APPROVED' })).toEqual([]);
  });

  it('is matched under the name the API gives it', () => {
    expect(addressValuesRefused(refusal('bankId'), { bank: 'x' }, { bank: 'x' }, { bank: 'bankId' })).toEqual(['bank']);
    expect(addressValuesRefused(refusal('bank'), { bank: 'x' }, { bank: 'x' }, { bank: 'bankId' })).toEqual([]);
  });

  it('is kept when the refusal is not of a filter (a conflict, a refused right, another field)', () => {
    expect(addressValuesRefused(new ApiProblem({ status: 403, code: 'FORBIDDEN', detail: '无权' }), { status: 'x' }, { status: 'x' })).toEqual([]);
    expect(addressValuesRefused(refusal('pageSize'), { status: 'x' }, { status: 'x' })).toEqual([]);
  });
});

describe('useRequest outside a page with a query state', () => {
  it('says a refusal as before', async () => {
    const list = useRequest(() => Promise.reject(refusal('status')));
    expect(await list.run()).toBeUndefined();
    expect(list.problem.value?.status).toBe(400);
  });
});

describe('a page number from the address', () => {
  it('is past the list when the list ends before it', () => {
    expect(lastPage(25, 10)).toBe(3);
    expect(lastPage(30, 10)).toBe(3);
    expect(lastPage(0, 10)).toBe(1);
    expect(lastPage(undefined, 10)).toBeUndefined();
  });
});
