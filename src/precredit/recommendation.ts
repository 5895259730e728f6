import type { ProductWithMatch } from '../lending/products/loan-product.js';
import type { PrecreditResult } from './whitelist.js';

/** 推荐: one published product for an enterprise, with why it matches or why not. */
export interface Recommendation {
  productId: string;
  productName: string;
  bankId: string;
  bankName: string;
  minAmount: string;
  maxAmount: string;
  minTermMonths: number;
  maxTermMonths: number;
  guaranteeType: ProductWithMatch['guaranteeType'];
  verdict: 'recommended' | 'possible' | 'not_eligible';
  /** The bank's pre-credit result for this enterprise, when it authorised the bank. */
  precredit: { grade: string | null; limit: string | null; validUntil: Date } | null;
  reasons: { effect: 'positive' | 'negative' | 'neutral'; text: string }[];
}

const RANK = { recommended: 0, possible: 1, not_eligible: 2 } as const;

function wan(amount: string): string {
  const n = Number(amount) / 10_000;
  return `${Number.isInteger(n) ? n : n.toFixed(2).replace(/\.?0+$/, '')}万元`;
}

/**
 * Ranks products by the pre-credit results of the banks the enterprise authorised, then by fit:
 * the product's own 准入条件, whether the limit reaches its minimum amount, and credit (no collateral)
 * before secured products. Pure: the caller passes the products with their eligibility and the results.
 */
export function recommend(products: readonly ProductWithMatch[], results: readonly PrecreditResult[], districtCode: string | null): Recommendation[] {
  const byBank = new Map(results.map((r) => [r.bankId, r]));
  const items = products.map((p): Recommendation & { sortLimit: number } => {
    const reasons: Recommendation['reasons'] = [];
    const result = byBank.get(p.bankId);
    let verdict: Recommendation['verdict'] = 'possible';
    if (result?.decision === 'knockout') {
      verdict = 'not_eligible';
      reasons.push({ effect: 'negative', text: `${p.bankName}预授信未通过：${result.reasons[0]?.text ?? '不符合准入要求'}` });
    } else if (result?.listed && result.limit !== null) {
      const reaches = Number(result.limit) >= Number(p.minAmount);
      verdict = reaches ? 'recommended' : 'possible';
      reasons.push({
        effect: reaches ? 'positive' : 'neutral',
        text: reaches ? `${p.bankName}预授信${result.grade}级，额度${wan(result.limit)}` : `${p.bankName}预授信额度${wan(result.limit)}，低于本产品起贷金额${wan(p.minAmount)}`,
      });
    } else if (result) {
      reasons.push({ effect: 'neutral', text: `${p.bankName}预授信评级为${result.grade ?? '未评级'}，暂无预授信额度` });
    } else {
      reasons.push({ effect: 'neutral', text: `尚未向${p.bankName}授权预授信，授权后可查看预授信额度` });
    }
    if (p.match?.verdict === 'unlikely') {
      verdict = 'not_eligible';
      reasons.push({ effect: 'negative', text: `不满足本产品${p.match.unmet.length}项准入条件` });
    } else if (p.match?.verdict === 'likely') {
      reasons.push({ effect: 'positive', text: '符合本产品公布的准入条件' });
    } else if (p.match?.verdict === 'unknown') {
      reasons.push({ effect: 'neutral', text: `有${p.match.unknown.length}项准入条件暂无数据，需银行核实` });
    }
    if (p.guaranteeType === 'credit') reasons.push({ effect: 'positive', text: '纯信用贷款，无需抵押或担保' });
    if (districtCode && p.regionCode && p.regionCode === districtCode) reasons.push({ effect: 'positive', text: '本区县专属产品' });
    return {
      productId: p.id,
      productName: p.name,
      bankId: p.bankId,
      bankName: p.bankName,
      minAmount: p.minAmount,
      maxAmount: p.maxAmount,
      minTermMonths: p.minTermMonths,
      maxTermMonths: p.maxTermMonths,
      guaranteeType: p.guaranteeType,
      verdict,
      precredit: result ? { grade: result.grade, limit: result.limit, validUntil: result.validUntil } : null,
      reasons,
      sortLimit: result?.limit ? Number(result.limit) : 0,
    };
  });
  items.sort(
    (a, b) =>
      RANK[a.verdict] - RANK[b.verdict] ||
      b.sortLimit - a.sortLimit ||
      Number(b.guaranteeType === 'credit') - Number(a.guaranteeType === 'credit') ||
      a.productName.localeCompare(b.productName, 'zh-CN'),
  );
  return items.map(({ sortLimit: _sortLimit, ...r }) => r);
}
