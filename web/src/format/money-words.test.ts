import { describe, expect, it } from 'vitest';
import { moneyInWords } from './money-words';

describe('moneyInWords', () => {
  it.each([
    ['0', '零元整'],
    ['0.56', '伍角陆分'],
    ['1001.05', '壹仟零壹元零伍分'],
    ['100000', '壹拾万元整'],
    ['100000.00', '壹拾万元整'],
    ['1234.5', '壹仟贰佰叁拾肆元伍角'],
    ['100010000', '壹亿零壹万元整'],
    ['10010000', '壹仟零壹万元整'],
    ['240000.01', '贰拾肆万元零壹分'],
    ['3050607.80', '叁佰零伍万零陆佰零柒元捌角'],
  ])('%s → %s', (amount, words) => {
    expect(moneyInWords(amount)).toBe(words);
  });
});
