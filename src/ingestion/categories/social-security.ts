import { z } from 'zod';
import { intField, moneyField, monthField, usccField } from '../field-types.js';
import { defineFormat, type CategoryDefinition } from '../format-version.js';

/** 社保 from 人社: monthly insured headcount, contribution base, amounts due/paid and arrears. */
export const socialSecurityCategory: CategoryDefinition = {
  category: 'social_security',
  scope: 'social_security',
  label: '社会保险缴纳',
  formats: [
    defineFormat(
      1,
      z.object({
        uscc: usccField(),
        period: monthField('缴费月份'),
        insuredHeadcount: intField('参保人数'),
        contributionBase: moneyField('缴费基数合计（元）'),
        amountDue: moneyField('应缴金额（元）'),
        amountPaid: moneyField('实缴金额（元）'),
        arrearsAmount: moneyField('欠费金额（元）').default('0.00'),
      }),
      {
        uscc: '统一社会信用代码',
        period: '缴费月份',
        insuredHeadcount: '参保人数',
        contributionBase: '缴费基数合计（元）',
        amountDue: '应缴金额（元）',
        amountPaid: '实缴金额（元）',
        arrearsAmount: '欠费金额（元）',
      },
      { recordKey: (r) => `${r.uscc}|${r.period}`, uscc: (r) => r.uscc, businessDate: (r) => `${r.period}-01` },
    ),
  ],
};
