/**
 * Money is a decimal string with at most two fraction digits (元). Arithmetic and comparison go
 * through integer fen (bigint), never through floats.
 */
export const MONEY_PATTERN = /^(0|[1-9]\d{0,15})(\.\d{1,2})?$/;

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
