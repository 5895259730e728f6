import { z } from 'zod';
import { dateField, labelledEnum, textField, usccField } from '../field-types.js';
import { defineFormat, type CategoryDefinition } from '../format-version.js';

export const PERMIT_CATEGORY_LABELS = {
  general: '普通',
  franchise: '特许',
  recognition: '认可',
  approval: '核准',
  registration: '登记',
  other: '其他',
} as const;

export const PERMIT_STATUS_LABELS = { valid: '有效', invalid: '无效' } as const;

/** 行政许可 with the 双公示 fields; keyed on 许可机关USCC + 行政许可决定文书号. */
export const permitsCategory: CategoryDefinition = {
  category: 'permits',
  scope: 'permits',
  label: '行政许可',
  formats: [
    defineFormat(
      1,
      z.object({
        uscc: usccField(),
        subjectName: textField('行政相对人名称'),
        legalRepresentative: textField('法定代表人', 50).optional(),
        decisionDocName: textField('行政许可决定文书名称'),
        decisionDocNo: textField('行政许可决定文书号', 100),
        permitCategory: labelledEnum('许可类别', PERMIT_CATEGORY_LABELS),
        certificateName: textField('许可证书名称').optional(),
        permitNo: textField('许可编号', 100).optional(),
        content: textField('许可内容', 4000),
        decisionDate: dateField('许可决定日期'),
        validFrom: dateField('有效期自'),
        validTo: dateField('有效期至').optional(),
        authority: textField('许可机关'),
        authorityUscc: usccField(),
        currentStatus: labelledEnum('当前状态', PERMIT_STATUS_LABELS),
        dataSourceUnit: textField('数据来源单位').optional(),
        dataSourceUscc: usccField().optional(),
        remarks: textField('备注', 2000).optional(),
      }),
      {
        uscc: '行政相对人代码_1（统一社会信用代码）',
        subjectName: '行政相对人名称',
        legalRepresentative: '法定代表人',
        decisionDocName: '行政许可决定文书名称',
        decisionDocNo: '行政许可决定文书号',
        permitCategory: '许可类别',
        certificateName: '许可证书名称',
        permitNo: '许可编号',
        content: '许可内容',
        decisionDate: '许可决定日期',
        validFrom: '有效期自',
        validTo: '有效期至',
        authority: '许可机关',
        authorityUscc: '许可机关统一社会信用代码',
        currentStatus: '当前状态',
        dataSourceUnit: '数据来源单位',
        dataSourceUscc: '数据来源单位统一社会信用代码',
        remarks: '备注',
      },
      {
        recordKey: (r) => `${r.authorityUscc}|${r.decisionDocNo}`,
        uscc: (r) => r.uscc,
        businessDate: (r) => r.decisionDate,
        decisionDate: (r) => r.decisionDate,
      },
    ),
  ],
};
