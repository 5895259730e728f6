/**
 * Money is a decimal string with at most two fraction digits (元). Arithmetic and comparison go
 * through integer fen (bigint), never through floats.
 */
export const MONEY_PATTERN = /^(0|[1-9]\d{0,15})(\.\d{1,2})?$/;

/** The largest value a `numeric(18,2)` column holds; running totals are checked against it before writing. */
export const NUMERIC_18_2_MAX = '9999999999999999.99';

/** The largest single amount the platform accepts anywhere (1,000 亿元): far above any SME loan, far below the column limit. */
export const AMOUNT_MAX = '100000000000.00';

export function toFen(amount: string): bigint {
  const [whole = '0', fraction = ''] = amount.split('.');
  return BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2));
}

export function fromFen(fen: bigint): string {
  const sign = fen < 0n ? '-' : '';
  const abs = fen < 0n ? -fen : fen;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

export const compareMoney = (a: string, b: string): number => {
  const diff = toFen(a) - toFen(b);
  return diff === 0n ? 0 : diff > 0n ? 1 : -1;
};

export const addMoney = (a: string, b: string): string => fromFen(toFen(a) + toFen(b));

/** A well-formed amount between 0 and {@link AMOUNT_MAX}. */
export const isBoundedMoney = (text: string): boolean => MONEY_PATTERN.test(text) && compareMoney(text, AMOUNT_MAX) <= 0;

/** Compares non-negative decimal strings of any scale (rates such as `3.8550`), exactly. */
export function compareDecimal(a: string, b: string): number {
  const [aWhole = '0', aFraction = ''] = a.split('.');
  const [bWhole = '0', bFraction = ''] = b.split('.');
  const scale = Math.max(aFraction.length, bFraction.length);
  const x = BigInt(aWhole + aFraction.padEnd(scale, '0'));
  const y = BigInt(bWhole + bFraction.padEnd(scale, '0'));
  return x === y ? 0 : x > y ? 1 : -1;
}

/** An amount as a message shows it to people: grouped digits and 元 ("300,000.00 元"), exact to the fen. */
export function yuanText(amount: string): string {
  const [whole, fraction] = fromFen(toFen(amount)).split('.') as [string, string];
  return `${whole.replace(/\B(?=(\d{3})+$)/g, ',')}.${fraction} 元`;
}
