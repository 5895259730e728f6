import { yuanText } from '../platform/money.js';
import type { PdfContent } from '../platform/pdf/pdf-document.js';
import type { CounterGuarantee } from './guarantee-product.js';
import type { GuaranteeLetterTerms } from './guarantee-service.js';

/** A letter as issued: the stored bytes and their SM3 digest. */
export interface IssuedLetter {
  guaranteeId: string;
  letterNo: string;
  pdf: Buffer;
  sm3: string;
  issuedAt: Date;
}

const ROUTE = { guarantee_first: '见保即贷（担保机构先行审批）', loan_first: '见贷即保（银行审批后自动担保）' } as const;
const COUNTER: Record<CounterGuarantee, string> = {
  ip_pledge: '知识产权质押',
  equity_pledge: '股权质押',
  controller_guarantee: '实际控制人连带责任保证',
  credit_guarantee: '信用反担保',
};
const ROLE = { national_fund: '国家融资担保基金', provincial_reguarantor: '省级再担保机构', guarantor: '担保机构', bank: '合作银行', local_government: '市县政府' } as const;

const pct = (bp: number): string => `${(bp / 100).toFixed(2)}%`;

/**
 * 担保函: the key terms of a granted guarantee laid out for the PDF module. Issued at the grant
 * time, so the same terms always render the same bytes.
 */
export function letterContent(t: GuaranteeLetterTerms): PdfContent {
  return {
    title: '担保函',
    issuer: t.companyName,
    issuedAt: new Date(t.grantedAt),
    footer: `担保函编号 ${t.letterNo}`,
    blocks: [
      { kind: 'paragraph', text: `致：${t.bankName}` },
      {
        kind: 'paragraph',
        text: `应${t.enterpriseName}（统一社会信用代码 ${t.uscc}）申请，我司同意为其在贵行办理的“${t.productName}”贷款提供连带责任保证担保，担保要素如下：`,
      },
      {
        kind: 'fields',
        rows: [
          ['担保函编号', t.letterNo],
          ['业务模式', ROUTE[t.route]],
          ['借款金额', yuanText(t.loanAmount)],
          ['担保金额', yuanText(t.guaranteedAmount)],
          ['担保比例', `${t.guaranteedSharePct}%`],
          ['借款期限', `${t.termMonths} 个月`],
          ['担保费率（年化）', `${t.feeRate}%`],
          ['担保费补贴（年化）', `${t.feeSubsidyRate}%`],
          ['企业应缴担保费', yuanText(t.feeDue)],
          ['反担保要求', t.counterGuarantees.length ? t.counterGuarantees.map((c) => COUNTER[c as CounterGuarantee] ?? c).join('、') : '无'],
        ],
      },
      { kind: 'heading', text: `风险分担方案：${t.templateName}` },
      { kind: 'table', columns: ['分担方', '类别', '分担比例'], rows: t.parties.map((p) => [p.label, ROLE[p.role], pct(p.shareBp)]) },
      { kind: 'paragraph', text: '借款人未按借款合同约定履行还款义务时，我司按本担保函约定的担保金额及上述风险分担比例承担代偿责任。' },
    ],
  };
}
