import { z } from 'zod';
import { dateField, intField, labelledEnum, usccField } from '../field-types.js';
import { defineFormat, type CategoryDefinition } from '../format-version.js';

export const TAX_GRADES = { A: 'A', B: 'B', M: 'M', C: 'C', D: 'D' } as const;

/** 纳税信用等级 from 税务, one per enterprise and evaluation year. */
export const taxGradesCategory: CategoryDefinition = {
  category: 'tax_grades',
  scope: 'tax',
  label: '纳税信用等级',
  formats: [
    defineFormat(
      1,
      z.object({
        uscc: usccField(),
        year: intField('评价年度', 2000, 2100),
        grade: labelledEnum('纳税信用等级', TAX_GRADES),
        publishedOn: dateField('发布日期'),
      }),
      { uscc: '统一社会信用代码', year: '评价年度', grade: '纳税信用等级', publishedOn: '发布日期' },
      { recordKey: (r) => `${r.uscc}|${r.year}`, uscc: (r) => r.uscc, businessDate: (r) => r.publishedOn },
    ),
  ],
};
