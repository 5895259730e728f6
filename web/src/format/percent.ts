/**
 * Percentages, each kind always with the same decimals, so figures side by side line up: a value
 * already in percent (an annual rate, a fee rate, a share typed as 80) and a share in basis points
 * with two decimals ("3.50%", "80.00%"); a ratio (0.215) as a percentage with two decimals.
 */
const DECIMAL = /^(-?\d+)(?:\.(\d+))?$/;

/** "3.5" → "3.50%", "4.3500" → "4.35%", 12 → "12.00%", "3.4878" → "3.49%" (half away from zero, in decimal, never through floats). */
export function formatRate(percent: string | number): string {
  const text = String(percent).trim();
  const match = DECIMAL.exec(text);
  if (!match) return `${text}%`;
  const [, whole, fraction = ''] = match;
  const negative = whole!.startsWith('-');
  const digits = fraction.padEnd(3, '0');
  const hundredths = BigInt(whole!.replace('-', '')) * 100n + BigInt(digits.slice(0, 2)) + (Number(digits[2]) >= 5 ? 1n : 0n);
  const shown = `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}%`;
  return negative && hundredths > 0n ? `-${shown}` : shown;
}

/** A share in basis points: 8000 → "80.00%", 3333 → "33.33%". */
export function formatBasisPoints(bp: number): string {
  const sign = bp < 0 ? '-' : '';
  const abs = Math.abs(Math.round(bp));
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}%`;
}

/** A ratio as a percentage: "0.215" → "21.50%"; small shares keep their digits ("0.00005" → "0.005%"). */
export function formatPercent(ratio: string | number): string {
  const pct = Number(ratio) * 100;
  if (pct !== 0 && Math.abs(pct) < 0.1) return `${Number(pct.toPrecision(2))}%`;
  return `${pct.toFixed(2)}%`;
}
