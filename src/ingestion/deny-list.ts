import type { FieldError } from '../platform/errors.js';

/**
 * Behaviours that may not enter credit records without legislation (城市信用状况监测预警指标
 * 第18项: 信访、拆迁、闯红灯、不文明养犬、欠缴物业费、未执行垃圾分类). A record whose behaviour
 * fields name one of them is refused with DENY_LISTED_BEHAVIOUR, whatever else is in it.
 */
export const DENY_LISTED_BEHAVIOURS = [
  { code: 'petition', label: '信访', patterns: ['信访', '上访'] },
  { code: 'demolition', label: '拆迁', patterns: ['拆迁'] },
  { code: 'red_light', label: '闯红灯', patterns: ['闯红灯'] },
  { code: 'uncivil_dog_keeping', label: '不文明养犬', patterns: ['不文明养犬', '养犬'] },
  { code: 'property_fee_arrears', label: '欠缴物业费', patterns: ['物业费'] },
  { code: 'waste_sorting', label: '未执行垃圾分类', patterns: ['垃圾分类'] },
] as const;

export const DENY_LISTED_CODE = 'DENY_LISTED_BEHAVIOUR';

const NONE: readonly FieldError[] = Object.freeze([]);

const hitIn = (value: string) => DENY_LISTED_BEHAVIOURS.find((b) => b.patterns.some((p) => value.includes(p)));

/** Whether the text names a deny-listed behaviour. */
export const deniedBehaviour = (value: string): boolean => hitIn(value) !== undefined;

export function denyListErrors(values: Record<string, unknown>, behaviourFields: readonly string[]): readonly FieldError[] {
  if (behaviourFields.length === 0) return NONE;
  const errors: FieldError[] = [];
  for (const field of behaviourFields) {
    const value = values[field];
    if (typeof value !== 'string') continue;
    const hit = hitIn(value);
    if (hit) {
      errors.push({
        field,
        code: DENY_LISTED_CODE,
        message: `“${hit.label}”类行为未经立法程序不得纳入信用记录，该记录已拒收`,
      });
    }
  }
  return errors;
}
