import { z } from 'zod';
import { ENTITY_STATUS_LABELS, ENTITY_TYPE_LABELS } from '../../enterprises/market-entity.js';
import { dateField, labelledEnum, moneyField, textField, usccField } from '../field-types.js';
import { defineFormat, type CategoryDefinition } from '../format-version.js';

/** 市场主体登记 from 市场监管: each row upserts the market-entity register (market_entities). */
export const registerCategory: CategoryDefinition = {
  category: 'register',
  scope: 'register',
  label: '市场主体登记',
  formats: [
    defineFormat(
      1,
      z.object({
        uscc: usccField(),
        name: textField('市场主体名称'),
        entityType: labelledEnum('市场主体类型', ENTITY_TYPE_LABELS),
        legalRepresentative: textField('法定代表人', 50),
        districtCode: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string({ error: '缺少所属区县代码' }).regex(/^\d{6}$/, '所属区县代码应为6位数字')),
        status: labelledEnum('登记状态', ENTITY_STATUS_LABELS),
        establishedOn: dateField('成立日期'),
        registeredCapital: moneyField('注册资本（元）'),
        industry: textField('所属行业', 100).optional(),
      }),
      {
        uscc: '统一社会信用代码',
        name: '市场主体名称',
        entityType: '市场主体类型',
        legalRepresentative: '法定代表人',
        districtCode: '所属区县代码',
        status: '登记状态',
        establishedOn: '成立日期',
        registeredCapital: '注册资本（元）',
        industry: '所属行业',
      },
      { recordKey: (r) => r.uscc, uscc: (r) => r.uscc, businessDate: (r) => r.establishedOn },
    ),
  ],
};
