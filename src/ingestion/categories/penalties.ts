import { z } from 'zod';
import { dateField, textField, usccField, wanField } from '../field-types.js';
import { defineFormat, type CategoryDefinition } from '../format-version.js';

/**
 * 行政处罚 with the 双公示 fields; keyed on 处罚机关USCC + 行政处罚决定书文号. After its
 * 公示截止期 a penalty is no longer shown or used. Personal ID numbers of the legal
 * representative are not accepted: the profile does not need them.
 */
export const penaltiesCategory: CategoryDefinition = {
  category: 'penalties',
  scope: 'penalties',
  label: '行政处罚',
  formats: [
    defineFormat(
      1,
      z.object({
        uscc: usccField(),
        subjectName: textField('行政相对人名称'),
        legalRepresentative: textField('法定代表人', 50).optional(),
        decisionDocNo: textField('行政处罚决定书文号', 100),
        violationType: textField('违法行为类型', 200),
        violationFacts: textField('违法事实', 4000),
        penaltyBasis: textField('处罚依据', 2000),
        penaltyCategory: textField('处罚类别', 200),
        penaltyContent: textField('处罚内容', 4000),
        fineAmountWan: wanField('罚款金额（万元）').default('0.000000'),
        confiscatedAmountWan: wanField('没收违法所得、没收非法财物的金额（万元）').default('0.000000'),
        licenceSuspended: textField('暂扣或吊销证照名称及编号').optional(),
        decisionDate: dateField('处罚决定日期'),
        validUntil: dateField('处罚有效期').optional(),
        publicityEnd: dateField('公示截止期'),
        authority: textField('处罚机关'),
        authorityUscc: usccField(),
        dataSourceUnit: textField('数据来源单位').optional(),
        dataSourceUscc: usccField().optional(),
        remarks: textField('备注', 2000).optional(),
      }),
      {
        uscc: '行政相对人代码_1（统一社会信用代码）',
        subjectName: '行政相对人名称',
        legalRepresentative: '法定代表人',
        decisionDocNo: '行政处罚决定书文号',
        violationType: '违法行为类型',
        violationFacts: '违法事实',
        penaltyBasis: '处罚依据',
        penaltyCategory: '处罚类别',
        penaltyContent: '处罚内容',
        fineAmountWan: '罚款金额（万元）',
        confiscatedAmountWan: '没收违法所得、没收非法财物的金额（万元）',
        licenceSuspended: '暂扣或吊销证照名称及编号',
        decisionDate: '处罚决定日期',
        validUntil: '处罚有效期',
        publicityEnd: '公示截止期',
        authority: '处罚机关',
        authorityUscc: '处罚机关统一社会信用代码',
        dataSourceUnit: '数据来源单位',
        dataSourceUscc: '数据来源单位统一社会信用代码',
        remarks: '备注',
      },
      {
        recordKey: (r) => `${r.authorityUscc}|${r.decisionDocNo}`,
        uscc: (r) => r.uscc,
        businessDate: (r) => r.decisionDate,
        publicityEnd: (r) => r.publicityEnd,
        decisionDate: (r) => r.decisionDate,
      },
      ['violationType', 'violationFacts'],
    ),
  ],
};
