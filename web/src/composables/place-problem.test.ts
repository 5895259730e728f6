import { describe, expect, it } from 'vitest';
import { ApiProblem } from '@/api/problem';
import { placeProblem } from './place-problem';

const problem = (errors: { field: string; message: string }[], detail = '请求参数有误') =>
  new ApiProblem({ status: 400, code: 'VALIDATION_FAILED', detail, errors: errors.map((e) => ({ ...e, code: 'X' })) });

describe('placeProblem', () => {
  it('puts each error on the field it names and shows no extra message', () => {
    const placed = placeProblem(problem([{ field: 'uscc', message: '校验位不正确' }, { field: 'name', message: '不能为空' }]), ['uscc', 'name']);
    expect(placed).toEqual({ onFields: { uscc: '校验位不正确', name: '不能为空' }, message: undefined });
  });

  it('joins two errors on one field', () => {
    const placed = placeProblem(problem([{ field: 'password', message: '至少8位' }, { field: 'password', message: '须含数字' }]), ['password']);
    expect(placed.onFields).toEqual({ password: '至少8位；须含数字' });
  });

  it('turns errors for fields the form does not have into the message', () => {
    const placed = placeProblem(problem([{ field: 'uscc', message: 'a' }, { field: 'extra', message: '不支持的字段“extra”' }]), ['uscc']);
    expect(placed).toEqual({ onFields: { uscc: 'a' }, message: '不支持的字段“extra”' });
  });

  it('puts an error naming a part of a field on that field, unless the part is a field itself', () => {
    const placed = placeProblem(problem([{ field: 'header.3', message: '不支持的列“税额”' }, { field: 'frequency.value', message: '最多4次' }]), ['header', 'frequency', 'frequency.value']);
    expect(placed).toEqual({ onFields: { header: '不支持的列“税额”', 'frequency.value': '最多4次' }, message: undefined });
  });

  it('shows the detail when the problem names no field', () => {
    const placed = placeProblem(new ApiProblem({ status: 401, code: 'INVALID_CREDENTIALS', detail: '账号或密码错误' }), ['username', 'password']);
    expect(placed).toEqual({ onFields: {}, message: '账号或密码错误' });
  });
});
