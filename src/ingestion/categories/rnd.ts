import { z } from 'zod';
import { intField, labelledEnum, moneyField, usccField } from '../field-types.js';
import { defineFormat, type CategoryDefinition } from '../format-version.js';
import { TECH_LIST_LABELS } from './tech-lists-labels.js';

/** 科技企业认定 held in the year: one of the tech lists, 小巨人, or `none` for R&D without one. */
export const TECH_DESIGNATION_LABELS = {
  ...TECH_LIST_LABELS,
  little_giant: '专精特新“小巨人”企业',
  none: '无',
} as const;

/**
 * 科技研发信息 from the science and technology bureau (with the tax bureau's 研发费用加计扣除):
 * one row per enterprise and year: the designation it holds, since when, the year's R&D
 * expenditure, the 加计扣除 amount and the R&D staff.
 */
export const rndCategory: CategoryDefinition = {
  category: 'rnd',
  scope: 'intellectual_property',
  label: '科技研发',
  formats: [
    defineFormat(
      1,
      z.object({
        uscc: usccField(),
        year: intField('年度', 2000, 2100),
        designation: labelledEnum('科技企业认定', TECH_DESIGNATION_LABELS),
        designatedYear: intField('认定年份', 2000, 2100).optional(),
        rndExpense: moneyField('研发费用（元）'),
        superDeduction: moneyField('研发费用加计扣除额（元）').default('0.00'),
        rndStaff: intField('研发人员数'),
      }),
      {
        uscc: '统一社会信用代码',
        year: '年度',
        designation: '科技企业认定',
        designatedYear: '认定年份',
        rndExpense: '研发费用（元）',
        superDeduction: '研发费用加计扣除额（元）',
        rndStaff: '研发人员数',
      },
      { recordKey: (r) => `${r.uscc}|${r.year}`, uscc: (r) => r.uscc, businessDate: (r) => `${r.year}-12-31` },
    ),
  ],
};
