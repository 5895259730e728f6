import { z } from 'zod';
import { boolField, dateField, labelledEnum, textField, usccField } from '../field-types.js';
import { defineFormat, type CategoryDefinition } from '../format-version.js';
import { IP_TYPE_LABELS } from './intellectual-property-labels.js';

/** 知识产权: patents, trademarks, software copyrights and whether they are pledged. */
export const intellectualPropertyCategory: CategoryDefinition = {
  category: 'intellectual_property',
  scope: 'intellectual_property',
  label: '知识产权',
  formats: [
    defineFormat(
      1,
      z.object({
        uscc: usccField(),
        ipType: labelledEnum('类型', IP_TYPE_LABELS),
        registrationNo: textField('登记号/专利号', 60),
        title: textField('名称'),
        grantedOn: dateField('授权日期'),
        validTo: dateField('有效期至').optional(),
        pledged: boolField('是否质押'),
      }),
      { uscc: '统一社会信用代码', ipType: '类型', registrationNo: '登记号/专利号', title: '名称', grantedOn: '授权日期', validTo: '有效期至', pledged: '是否质押' },
      { recordKey: (r) => `${r.ipType}|${r.registrationNo}`, uscc: (r) => r.uscc, businessDate: (r) => r.grantedOn },
    ),
  ],
};
