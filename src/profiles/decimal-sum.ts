/**
 * Exact sums of non-negative decimal strings (money in 元 with 2 places, fines in 万元 with 6),
 * via BigInt in the smallest unit; floats never touch money.
 */
export function toUnits(value: string, places: number): bigint {
  const [int = '0', frac = ''] = value.split('.');
  return BigInt(int) * 10n ** BigInt(places) + BigInt((frac + '0'.repeat(places)).slice(0, places) || '0');
}

export function fromUnits(units: bigint, places: number): string {
  const sign = units < 0n ? '-' : '';
  const abs = units < 0n ? -units : units;
  const scale = 10n ** BigInt(places);
  return `${sign}${abs / scale}.${(abs % scale).toString().padStart(places, '0')}`;
}

export function sumDecimal(values: readonly string[], places: number): string {
  return fromUnits(values.reduce((acc, v) => acc + toUnits(v, places), 0n), places);
}

/** (current − previous) / previous as a percentage with one decimal place, or null when previous is zero. */
export function changePercent(current: string, previous: string, places: number): string | null {
  const prev = toUnits(previous, places);
  if (prev === 0n) return null;
  const diff = toUnits(current, places) - prev;
  // Hundredths of a percent, then rounded half away from zero to tenths.
  const hundredths = (diff * 10_000n) / prev;
  const rounded = hundredths >= 0n ? (hundredths + 5n) / 10n : (hundredths - 5n) / 10n;
  const sign = rounded < 0n ? '-' : '';
  const abs = rounded < 0n ? -rounded : rounded;
  return `${sign}${abs / 10n}.${abs % 10n}`;
}
