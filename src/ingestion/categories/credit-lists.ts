import { z } from 'zod';
import { dateField, textField, usccField } from '../field-types.js';
import { defineFormat, type CategoryDefinition } from '../format-version.js';

/** 严重失信主体名单 with listing and removal dates. */
export const creditListsCategory: CategoryDefinition = {
  category: 'credit_lists',
  scope: 'credit_lists',
  label: '严重失信主体名单',
  formats: [
    defineFormat(
      1,
      z.object({
        uscc: usccField(),
        listType: textField('名单类型', 200),
        listingAuthority: textField('列入机关'),
        authorityUscc: usccField(),
        listedOn: dateField('列入日期'),
        reason: textField('列入事由', 2000),
        removedOn: dateField('移出日期').optional(),
      }),
      {
        uscc: '统一社会信用代码',
        listType: '名单类型',
        listingAuthority: '列入机关',
        authorityUscc: '列入机关统一社会信用代码',
        listedOn: '列入日期',
        reason: '列入事由',
        removedOn: '移出日期',
      },
      { recordKey: (r) => `${r.authorityUscc}|${r.uscc}|${r.listType}|${r.listedOn}`, uscc: (r) => r.uscc, businessDate: (r) => r.listedOn },
      ['listType', 'reason'],
    ),
  ],
};
