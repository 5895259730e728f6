import { z } from 'zod';
import { dateField, labelledEnum, textField, usccField } from '../field-types.js';
import { defineFormat, type CategoryDefinition } from '../format-version.js';
import { TECH_LIST_LABELS, type TechList } from './tech-lists-labels.js';

/** One firm's place on one list, as the list category's record holds it. */
export interface TechListing {
  uscc: string;
  list: TechList;
  listedOn: string;
  /** Last day the designation holds; null when the list names no end. */
  expiresOn: string | null;
  /** 认定机关 (e.g. 黄石市科学技术局). */
  authority: string;
}

/** Whether the listing holds on a business date (both ends inclusive). */
export const listingHolds = (l: Pick<TechListing, 'listedOn' | 'expiresOn'>, date: string): boolean =>
  l.listedOn <= date && (l.expiresOn === null || date <= l.expiresOn);

/**
 * 科技企业名单 from the science-and-technology and economy-and-information departments: one row per
 * firm and list, the latest delivery of a firm's list replacing the earlier one; an entry taken
 * off a list is withdrawn by notice like any record.
 */
export const techListsCategory: CategoryDefinition = {
  category: 'tech_lists',
  scope: 'intellectual_property',
  label: '科技企业名单',
  formats: [
    defineFormat(
      1,
      z.object({
        uscc: usccField(),
        list: labelledEnum('名单', TECH_LIST_LABELS),
        listedOn: dateField('认定日期'),
        expiresOn: dateField('有效期至').optional(),
        authority: textField('认定机关'),
        certificateNo: textField('证书编号', 60).optional(),
      }),
      { uscc: '统一社会信用代码', list: '名单', listedOn: '认定日期', expiresOn: '有效期至', authority: '认定机关', certificateNo: '证书编号' },
      { recordKey: (r) => `${r.uscc}|${r.list}`, uscc: (r) => r.uscc, businessDate: (r) => r.listedOn },
    ),
  ],
};
