import { z } from 'zod';
import { areaField, boolField, dateField, labelledEnum, textField, usccField } from '../field-types.js';
import { defineFormat, type CategoryDefinition } from '../format-version.js';

export const RIGHT_TYPE_LABELS = {
  land_and_building: '国有建设用地使用权/房屋所有权',
  land_use: '国有建设用地使用权',
  collective_land_use: '集体建设用地使用权',
  other: '其他不动产权利',
} as const;

export const REAL_ESTATE_USE_LABELS = {
  industrial: '工业',
  commercial: '商业服务',
  office: '办公',
  warehouse: '仓储',
  residential: '住宅',
  other: '其他',
} as const;

/**
 * 不动产单元号 (GB/T 37346-2019): 6-digit district, 6-digit 地籍区/子区, 2-letter 宗地特征码,
 * 5-digit 宗地顺序号, 1-letter 定着物特征码 and 8-digit 定着物单元编号: 28 characters.
 */
const UNIT_NO = /^\d{12}[A-Z]{2}\d{5}[A-Z]\d{8}$/;

/**
 * 不动产登记信息 from the 不动产登记机构: one row per 不动产单元 the enterprise holds, with its
 * 不动产权证号, right, use, area and whether it is mortgaged (抵押) or seized (查封) now. Keyed on
 * holder and unit, so a re-issued certificate or a released mortgage updates the same record and
 * a transfer is a new record for the buyer (the source withdraws the seller's).
 */
export const realEstateCategory: CategoryDefinition = {
  category: 'real_estate',
  scope: 'permits',
  label: '不动产登记',
  formats: [
    defineFormat(
      1,
      z.object({
        uscc: usccField(),
        certificateNo: textField('不动产权证号', 60),
        unitNo: textField('不动产单元号', 28).refine((v) => UNIT_NO.test(v), { params: { code: 'INVALID_UNIT_NO' }, message: '不动产单元号应为28位（6位行政区划、6位地籍区及子区、2位宗地特征码、5位宗地顺序号、1位定着物特征码、8位定着物单元编号）' }),
        rightType: labelledEnum('权利类型', RIGHT_TYPE_LABELS),
        use: labelledEnum('用途', REAL_ESTATE_USE_LABELS),
        area: areaField('面积（平方米）'),
        registeredOn: dateField('登记日期'),
        mortgaged: boolField('是否抵押'),
        seized: boolField('是否查封'),
      }),
      {
        uscc: '统一社会信用代码',
        certificateNo: '不动产权证号',
        unitNo: '不动产单元号',
        rightType: '权利类型',
        use: '用途',
        area: '面积（平方米）',
        registeredOn: '登记日期',
        mortgaged: '是否抵押',
        seized: '是否查封',
      },
      { recordKey: (r) => `${r.uscc}|${r.unitNo}`, uscc: (r) => r.uscc, businessDate: (r) => r.registeredOn },
    ),
  ],
};
