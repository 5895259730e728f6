import type { z } from 'zod';

/**
 * The platform's own wording for schema failures that carry no message of their own. Zod's
 * built-in texts quote regular expressions and type names; users read these, so they are ours.
 */
const TYPE_NAMES: Record<string, string> = {
  string: '文本',
  number: '数字',
  int: '整数',
  boolean: '布尔值（true 或 false）',
  object: '对象',
  array: '数组',
  date: '日期',
  bigint: '整数',
};

const FORMAT_NAMES: Record<string, string> = {
  uuid: 'UUID',
  guid: 'UUID',
  email: '电子邮箱地址',
  url: 'URL',
  date: '日期（YYYY-MM-DD）',
  datetime: '带时区的 ISO 8601 时间',
  time: '时间（HH:mm:ss）',
};

const SIZE_UNITS: Record<string, string> = { string: '个字符', array: '项', set: '项', file: '字节' };

type Issue = z.core.$ZodRawIssue;

export function platformMessage(issue: Issue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.input === undefined ? '必填' : `应为${TYPE_NAMES[issue.expected] ?? '正确类型'}`;
    case 'too_big': {
      const unit = SIZE_UNITS[issue.origin] ?? '';
      return unit ? `最多 ${String(issue.maximum)} ${unit}` : `不能大于 ${String(issue.maximum)}`;
    }
    case 'too_small': {
      const unit = SIZE_UNITS[issue.origin] ?? '';
      if (unit) return Number(issue.minimum) <= 1 ? '不能为空' : `至少 ${String(issue.minimum)} ${unit}`;
      return `不能小于 ${String(issue.minimum)}`;
    }
    case 'invalid_format':
      return `格式不正确${FORMAT_NAMES[issue.format] ? `，应为${FORMAT_NAMES[issue.format]}` : ''}`;
    case 'invalid_value':
      return issue.values.length <= 12 ? `应为以下之一：${issue.values.map(String).join('、')}` : '取值不在允许范围内';
    case 'not_multiple_of':
      return `应为 ${String(issue.divisor)} 的整数倍`;
    case 'unrecognized_keys':
      return '包含不支持的字段';
    default:
      return '取值无效';
  }
}
