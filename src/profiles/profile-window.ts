/** The assembler's calendar arithmetic: business days and months as ISO strings, and the 12-month windows. */
export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const total = y * 12 + (m - 1) + n;
  return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
}

export function addDays(day: string, n: number): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

export function minusYears(day: string, years: number): string {
  return `${Number(day.slice(0, 4)) - years}${day.slice(4)}`;
}

export interface Window {
  asOf: string;
  month: string;
  /** Months (YYYY-MM) of the last 12 months including the current one. */
  inLast12(period: string): boolean;
  inPrevious12(period: string): boolean;
}

export function windowFor(asOf: string): Window {
  const month = asOf.slice(0, 7);
  const start = addMonths(month, -11);
  const prevStart = addMonths(month, -23);
  return {
    asOf,
    month,
    inLast12: (period) => period >= start && period <= month,
    inPrevious12: (period) => period >= prevStart && period < start,
  };
}
