import { z } from 'zod';
import { boolField, labelledEnum, moneyField, monthField, textField, usccField } from '../field-types.js';
import { defineFormat, type CategoryDefinition } from '../format-version.js';
import { UTILITY_LABELS } from './utilities-labels.js';

/** 水电气 from the water, power and gas utilities: monthly bill, paid on time, arrears. */
export const utilitiesCategory: CategoryDefinition = {
  category: 'utilities',
  scope: 'utilities',
  label: '水电气缴费',
  formats: [
    defineFormat(
      1,
      z.object({
        uscc: usccField(),
        utilityType: labelledEnum('费用类型', UTILITY_LABELS),
        accountNo: textField('户号', 40),
        period: monthField('账期'),
        amount: moneyField('应缴金额（元）'),
        paidOnTime: boolField('是否按时缴清'),
        arrearsAmount: moneyField('欠费金额（元）').default('0.00'),
      }),
      {
        uscc: '统一社会信用代码',
        utilityType: '费用类型',
        accountNo: '户号',
        period: '账期',
        amount: '应缴金额（元）',
        paidOnTime: '是否按时缴清',
        arrearsAmount: '欠费金额（元）',
      },
      { recordKey: (r) => `${r.utilityType}|${r.accountNo}|${r.period}`, uscc: (r) => r.uscc, businessDate: (r) => `${r.period}-01` },
    ),
  ],
};
