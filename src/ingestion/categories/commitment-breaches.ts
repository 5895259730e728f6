import { z } from 'zod';
import { dateField, labelledEnum, textField, usccField } from '../field-types.js';
import { defineFormat, type CategoryDefinition } from '../format-version.js';

/** The kinds of 信用承诺 the seeds name; shared with the commitment register of credit-services. */
export const COMMITMENT_KIND_LABELS = {
  certification: '告知承诺（证明事项）',
  business_permit: '告知承诺（涉企经营许可）',
  loan: '申请贷款承诺',
  subsidy: '申请补贴承诺',
} as const;

/**
 * 违背信用承诺 (the 2024 目录's 信用承诺及履行情况): the department that took a commitment and
 * checked it records the breach; only a breach enters the credit record, kept commitments stay
 * in the commitment register as 履约 information. Keyed on the department + commitment number.
 */
export const commitmentBreachesCategory: CategoryDefinition = {
  category: 'commitment_breaches',
  scope: 'commitments',
  label: '信用承诺履行（违诺）',
  formats: [
    defineFormat(
      1,
      z.object({
        uscc: usccField(),
        commitmentNo: textField('承诺编号', 64),
        kind: labelledEnum('承诺类型', COMMITMENT_KIND_LABELS),
        commitmentText: textField('承诺内容', 2000),
        committedOn: dateField('承诺日期'),
        checkingAuthority: textField('核查单位'),
        authorityUscc: usccField(),
        breachFinding: textField('违诺情形', 2000),
        foundOn: dateField('认定日期'),
      }),
      {
        uscc: '统一社会信用代码',
        commitmentNo: '承诺编号',
        kind: '承诺类型',
        commitmentText: '承诺内容',
        committedOn: '承诺日期',
        checkingAuthority: '核查单位',
        authorityUscc: '核查单位统一社会信用代码',
        breachFinding: '违诺情形',
        foundOn: '认定日期',
      },
      { recordKey: (r) => `${r.authorityUscc}|${r.commitmentNo}`, uscc: (r) => r.uscc, businessDate: (r) => r.foundOn },
      ['commitmentText', 'breachFinding'],
    ),
  ],
};
