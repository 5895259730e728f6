import { z } from 'zod';
import { dateField, labelledEnum, moneyField, textField, usccField } from '../field-types.js';
import { defineFormat, type CategoryDefinition } from '../format-version.js';
import { CASE_STATUS_LABELS, JUDICIAL_ROLE_LABELS } from './judicial-labels.js';

/** 司法判决及执行 from the courts: 被执行人 / 失信被执行人 cases. */
export const judicialCategory: CategoryDefinition = {
  category: 'judicial',
  scope: 'judicial',
  label: '司法执行',
  formats: [
    defineFormat(
      1,
      z.object({
        uscc: usccField(),
        caseNo: textField('案号', 100),
        court: textField('执行法院'),
        role: labelledEnum('名单类型', JUDICIAL_ROLE_LABELS),
        caseCause: textField('案由', 500).optional(),
        filedOn: dateField('立案日期'),
        amount: moneyField('执行标的（元）'),
        caseStatus: labelledEnum('案件状态', CASE_STATUS_LABELS),
        closedOn: dateField('结案日期').optional(),
      }),
      {
        uscc: '统一社会信用代码',
        caseNo: '案号',
        court: '执行法院',
        role: '名单类型',
        caseCause: '案由',
        filedOn: '立案日期',
        amount: '执行标的（元）',
        caseStatus: '案件状态',
        closedOn: '结案日期',
      },
      { recordKey: (r) => `${r.uscc}|${r.caseNo}|${r.role}`, uscc: (r) => r.uscc, businessDate: (r) => r.filedOn },
      ['caseCause'],
    ),
  ],
};
