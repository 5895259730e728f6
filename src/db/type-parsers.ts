/**
 * One JS type per SQL type on both drivers: `pg` hands int8/count over as strings, PGlite as
 * numbers (BigInt above 2^53). Both go through these parsers, so callers always get `number`
 * for int8 (a value beyond 2^53 is an error, not a silent rounding) and a `YYYY-MM-DD` string
 * for `date` (no timezone shift). `numeric` stays a decimal string on both (money).
 */
export const INT8_OID = 20;
export const DATE_OID = 1082;

export function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${text} is beyond 2^53`);
  return n;
}

export function parseDate(text: string): string {
  return text;
}

export const typeParsers: Record<number, (text: string) => unknown> = {
  [INT8_OID]: parseInt8,
  [DATE_OID]: parseDate,
};
