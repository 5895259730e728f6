import { z } from 'zod';
import { intField, moneyField, monthField, usccField } from '../field-types.js';
import { defineFormat, type CategoryDefinition } from '../format-version.js';

/** 住房公积金 from 公积金中心: monthly depositing headcount, amount paid and arrears. */
export const providentFundCategory: CategoryDefinition = {
  category: 'provident_fund',
  scope: 'provident_fund',
  label: '住房公积金缴存',
  formats: [
    defineFormat(
      1,
      z.object({
        uscc: usccField(),
        period: monthField('缴存月份'),
        depositHeadcount: intField('缴存人数'),
        amountPaid: moneyField('实缴金额（元）'),
        arrearsAmount: moneyField('欠缴金额（元）').default('0.00'),
      }),
      { uscc: '统一社会信用代码', period: '缴存月份', depositHeadcount: '缴存人数', amountPaid: '实缴金额（元）', arrearsAmount: '欠缴金额（元）' },
      { recordKey: (r) => `${r.uscc}|${r.period}`, uscc: (r) => r.uscc, businessDate: (r) => `${r.period}-01` },
    ),
  ],
};
