import { describe, expect, it } from 'vitest';
import { describeReason } from './profile-reason';

describe('describeReason', () => {
  it.each([
    ['first_read', '首次查看时生成'],
    ['records_changed', '数据更新后重新生成'],
    ['no_data', '尚无部门报送的数据'],
    ['objection_filed', '提出异议后重新生成'],
    ['objection_closed', '异议办结后重新生成'],
    ['self_reported', '自愿填报信息变更后重新生成'],
    ['third_party', '第三方数据更新后重新生成'],
    ['repair:鄂信修〔2026〕9号', '信用修复（鄂信修〔2026〕9号）后重新生成'],
    ['withdrawal:撤〔2026〕1号', '信息撤销（撤〔2026〕1号）后重新生成'],
    ['something_new', '重新生成'],
  ])('%s → %s', (reason, text) => expect(describeReason(reason)).toBe(text));
});
