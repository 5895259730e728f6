/**
 * Money sums in integer fen (no float ever touches an amount) and ratios as decimal strings.
 * Ratios are shown to people and written to Excel, so a float quotient is fine there.
 */
export function fen(amount: string): bigint {
  const negative = amount.startsWith('-');
  const [whole = '0', fraction = ''] = (negative ? amount.slice(1) : amount).split('.');
  const value = BigInt(whole) * 100n + BigInt((fraction + '00').slice(0, 2));
  return negative ? -value : value;
}

export function yuan(fenValue: bigint): string {
  const sign = fenValue < 0n ? '-' : '';
  const abs = fenValue < 0n ? -fenValue : fenValue;
  return `${sign}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}

export const sumFen = (values: readonly string[]): bigint => values.reduce((n, v) => n + fen(v), 0n);

/** numerator / denominator to six decimals; null when the denominator is zero. */
export function ratio(numerator: number | bigint, denominator: number | bigint): string | null {
  const d = Number(denominator);
  if (d === 0) return null;
  return (Number(numerator) / d).toFixed(6);
}
