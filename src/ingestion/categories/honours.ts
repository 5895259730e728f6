import { z } from 'zod';
import { dateField, labelledEnum, moneyField, textField, usccField } from '../field-types.js';
import { defineFormat, type CategoryDefinition } from '../format-version.js';

export const HONOUR_KIND_LABELS = { honour: '荣誉表彰', policy_support: '政策支持' } as const;

/** 荣誉表彰 and 政策支持 (subsidies, designations such as 专精特新). */
export const honoursCategory: CategoryDefinition = {
  category: 'honours',
  scope: 'honours',
  label: '荣誉表彰及政策支持',
  formats: [
    defineFormat(
      1,
      z.object({
        uscc: usccField(),
        kind: labelledEnum('类别', HONOUR_KIND_LABELS),
        title: textField('名称'),
        authority: textField('授予机关'),
        awardedOn: dateField('授予日期'),
        amount: moneyField('资金金额（元）').optional(),
        validTo: dateField('有效期至').optional(),
      }),
      { uscc: '统一社会信用代码', kind: '类别', title: '名称', authority: '授予机关', awardedOn: '授予日期', amount: '资金金额（元）', validTo: '有效期至' },
      { recordKey: (r) => `${r.uscc}|${r.authority}|${r.title}|${r.awardedOn}`, uscc: (r) => r.uscc, businessDate: (r) => r.awardedOn },
    ),
  ],
};
