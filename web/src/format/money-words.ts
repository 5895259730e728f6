const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const PLACES = ['', '拾', '佰', '仟'];
const GROUPS = ['', '万', '亿', '万亿'];

/** Whether `amount` is a sum of 元 this file can spell: up to numeric(18,2), 16 integer digits (… 万亿). */
export const isYuanAmount = (amount: string): boolean => /^\d{1,16}(\.\d{1,2})?$/.test(amount.trim());

/**
 * An amount in 元 (decimal string, at most two decimals) in 大写 as written on Chinese financial
 * documents: 1001.05 → 壹仟零壹元零伍分, 100000 → 壹拾万元整. Anything else is a RangeError,
 * never a wrongly spelled sum.
 */

export function moneyInWords(amount: string): string {
  if (!isYuanAmount(amount)) throw new RangeError(`not an amount of 元 with at most two decimals: ${amount}`);
  const [whole = '0', fraction = ''] = amount.trim().split('.');
  const yuan = whole.replace(/^0+(?=\d)/, '');
  const [jiao, fen] = (fraction + '00').slice(0, 2).split('').map(Number) as [number, number];
  let out = '';
  let zero = false;
  const groups: string[] = [];
  for (let rest = yuan; rest.length > 0; rest = rest.slice(0, -4)) groups.unshift(rest.slice(-4).padStart(4, '0'));
  groups.forEach((group, i) => {
    if (Number(group) === 0) {
      zero = out !== '';
      return;
    }
    group.split('').forEach((d, p) => {
      if (d === '0') {
        zero = zero || out !== '';
        return;
      }
      if (zero) out += '零';
      zero = false;
      out += DIGITS.charAt(Number(d)) + (PLACES[3 - p] ?? '');
    });
    out += GROUPS[groups.length - 1 - i] ?? '';
  });
  if (out) out += '元';
  if (jiao === 0 && fen === 0) return out ? `${out}整` : '零元整';
  if (jiao) out += `${DIGITS.charAt(jiao)}角`;
  else if (out) out += '零';
  if (fen) out += `${DIGITS.charAt(fen)}分`;
  return out;
}
