import { ElMessageBox } from 'element-plus';
import { h } from 'vue';
import { formatYuan } from '@/format/money';
import { isYuanAmount, moneyInWords } from '@/format/money-words';

export interface MoneyLine {
  label: string;
  /** 元, decimal string: shown in digits and in 大写. */
  amount: string;
}

export interface MoneyConfirmation {
  title: string;
  /** What is about to happen, e.g. "登记放款". */
  action: string;
  /** Who is on the other side, named: the enterprise, the bank. */
  counterparty: string;
  amounts: MoneyLine[];
  /** Further terms worth reading before confirming (rate, term, date…). */
  details?: string[];
  confirmText: string;
}

/**
 * Every money action asks first: the counterparty, each amount in digits and in 大写金额, the
 * terms; nothing is sent until the person confirms. An amount that is not a valid sum of 元 opens
 * no dialog: the request goes to the server, which names the field and changes nothing.
 */
export async function confirmMoney(c: MoneyConfirmation): Promise<boolean> {
  if (!c.amounts.every((a) => isYuanAmount(a.amount))) return true;
  const lines = [
    h('p', { 'data-test': 'confirm-counterparty' }, `${c.action}对象：${c.counterparty}`),
    ...c.amounts.flatMap((a) => [
      h('p', { 'data-test': 'confirm-amount' }, `${a.label}：${formatYuan(a.amount.trim())}`),
      h('p', { 'data-test': 'confirm-amount-words', class: 'money-words' }, `大写：${moneyInWords(a.amount.trim())}`),
    ]),
    ...(c.details ?? []).map((d) => h('p', d)),
    h('p', { class: 'money-warning' }, '请核对金额与对象，确认后提交。'),
  ];
  try {
    await ElMessageBox.confirm(h('div', { 'data-test': 'money-confirm' }, lines), c.title, {
      confirmButtonText: c.confirmText,
      cancelButtonText: '取消',
      type: 'warning',
    });
    return true;
  } catch {
    return false;
  }
}
