import { describe, expect, it } from 'vitest';
import type { ProductWithMatch } from '../lending/products/loan-product.js';
import { recommend } from './recommendation.js';
import type { PrecreditResult } from './whitelist.js';

const product = (over: Partial<ProductWithMatch>): ProductWithMatch => ({
  id: over.name ?? 'p',
  bankId: 'bank-a',
  bankName: '甲银行',
  name: '产品',
  description: '',
  minAmount: '100000.00',
  maxAmount: '3000000.00',
  minTermMonths: 6,
  maxTermMonths: 36,
  minRate: '3.4500',
  maxRate: '4.3500',
  guaranteeType: 'credit',
  eligibility: [],
  regionCode: null,
  zoneTags: [],
  status: 'published',
  createdAt: new Date(0),
  publishedAt: new Date(0),
  lastReturn: null,
  revision: 1,
  match: { verdict: 'likely', unmet: [], unknown: [] },
  ...over,
});

const result = (over: Partial<PrecreditResult>): PrecreditResult => ({
  bankId: 'bank-a',
  bankName: '甲银行',
  uscc: '91420200MA0000000X',
  enterpriseId: 'e',
  enterpriseName: '企业',
  modelId: 'm',
  modelVersion: 1,
  inputsHash: 'h',
  decision: 'graded',
  score: 710,
  grade: 'A',
  limit: '1500000.00',
  points: [],
  reasons: [],
  listed: true,
  active: true,
  evaluatedAt: new Date(0),
  validUntil: new Date(0),
  changeSeq: 1,
  ...over,
});

describe('product matching', () => {
  it('ranks products of banks that granted a limit first, then by limit, credit before secured', () => {
    const ranked = recommend(
      [
        product({ name: '乙行抵押贷', bankId: 'bank-b', bankName: '乙银行', guaranteeType: 'mortgage' }),
        product({ name: '甲行信用贷' }),
        product({ name: '丙行信用贷', bankId: 'bank-c', bankName: '丙银行' }),
      ],
      [result({}), result({ bankId: 'bank-b', bankName: '乙银行', limit: '2000000.00' })],
      null,
    );
    expect(ranked.map((r) => [r.productName, r.verdict])).toEqual([
      ['乙行抵押贷', 'recommended'],
      ['甲行信用贷', 'recommended'],
      ['丙行信用贷', 'possible'],
    ]);
    expect(ranked[1]!.reasons.map((r) => r.text)).toEqual(['甲银行预授信A级，额度150万元', '符合本产品公布的准入条件', '纯信用贷款，无需抵押或担保']);
    expect(ranked[2]!.reasons[0]!.text).toBe('尚未向丙银行授权预授信，授权后可查看预授信额度');
  });

  it('says why not: a knockout, a limit below the minimum, unmet published conditions', () => {
    const knockout = result({ decision: 'knockout', grade: null, limit: null, listed: false, reasons: [{ code: 'tax_arrears', text: '企业存在欠税', effect: 'negative', deviation: 0 }] });
    const [declined] = recommend([product({ name: '甲行信用贷' })], [knockout], null);
    expect(declined).toMatchObject({ verdict: 'not_eligible', reasons: [{ effect: 'negative', text: '甲银行预授信未通过：企业存在欠税' }, expect.anything(), expect.anything()] });
    const [small] = recommend([product({ minAmount: '2000000.00' })], [result({ limit: '500000.00' })], null);
    expect(small!.verdict).toBe('possible');
    expect(small!.reasons[0]!.text).toBe('甲银行预授信额度50万元，低于本产品起贷金额200万元');
    const filter = { field: 'yearsEstablished', operator: 'gte' as const, value: 3 };
    const [unmet] = recommend([product({ match: { verdict: 'unlikely', unmet: [filter], unknown: [] } })], [result({})], null);
    expect(unmet!.verdict).toBe('not_eligible');
    expect(unmet!.reasons.map((r) => r.text)).toContain('不满足本产品1项准入条件');
  });
});
