import { z } from 'zod';
import { labelledEnum, moneyField, monthField, usccField } from '../field-types.js';
import { defineFormat, type CategoryDefinition } from '../format-version.js';
import { CUSTOMS_GRADE_LABELS } from './import-export-labels.js';

/** 进出口 from customs: monthly import/export value and the enterprise's customs credit grade. */
export const importExportCategory: CategoryDefinition = {
  category: 'import_export',
  scope: 'import_export',
  label: '进出口',
  formats: [
    defineFormat(
      1,
      z.object({
        uscc: usccField(),
        period: monthField('统计月份'),
        customsGrade: labelledEnum('海关信用等级', CUSTOMS_GRADE_LABELS),
        importValue: moneyField('进口额（元）'),
        exportValue: moneyField('出口额（元）'),
      }),
      { uscc: '统一社会信用代码', period: '统计月份', customsGrade: '海关信用等级', importValue: '进口额（元）', exportValue: '出口额（元）' },
      { recordKey: (r) => `${r.uscc}|${r.period}`, uscc: (r) => r.uscc, businessDate: (r) => `${r.period}-01` },
    ),
  ],
};
