/**
 * Product eligibility filters (准入条件), modelled on OCEN `LenderNetworkFilter`: each filter names
 * a profile indicator, an operator and a value. A product "likely qualifies" when every filter
 * holds; a filter on an indicator the profile does not have is "unknown", never a pass.
 */
export const FILTER_OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn'] as const;
export type FilterOperator = (typeof FILTER_OPERATORS)[number];

export type IndicatorValue = string | number | boolean;
export type ProfileIndicators = Readonly<Record<string, IndicatorValue | null | undefined>>;

export interface EligibilityFilter {
  /** Profile indicator name, e.g. `yearsEstablished`, `taxCreditGrade`, `annualTaxPaid`. */
  field: string;
  operator: FilterOperator;
  value: IndicatorValue | IndicatorValue[];
}

export type FilterOutcome = 'met' | 'unmet' | 'unknown';

export interface EligibilityResult {
  /** `likely` when every filter is met, `unlikely` when one is unmet, else `unknown`. */
  verdict: 'likely' | 'unlikely' | 'unknown';
  unmet: EligibilityFilter[];
  unknown: EligibilityFilter[];
}

function compare(actual: IndicatorValue, expected: IndicatorValue): number | undefined {
  if (typeof actual === 'number' && typeof expected === 'number') return actual - expected;
  const a = Number(actual);
  const e = Number(expected);
  if (typeof actual !== 'boolean' && typeof expected !== 'boolean' && Number.isFinite(a) && Number.isFinite(e) && actual !== '' && expected !== '') {
    return a - e;
  }
  return undefined;
}

function same(actual: IndicatorValue, expected: IndicatorValue): boolean {
  const ordered = compare(actual, expected);
  return ordered === undefined ? String(actual) === String(expected) : ordered === 0;
}

export function evaluateFilter(filter: EligibilityFilter, indicators: ProfileIndicators): FilterOutcome {
  const actual = indicators[filter.field];
  if (actual === undefined || actual === null) return 'unknown';
  const { operator, value } = filter;
  const list = Array.isArray(value) ? value : [value];
  const scalar = list[0];
  if (scalar === undefined) return 'unknown';
  let holds: boolean | undefined;
  switch (operator) {
    case 'eq':
      holds = same(actual, scalar);
      break;
    case 'ne':
      holds = !same(actual, scalar);
      break;
    case 'in':
      holds = list.some((v) => same(actual, v));
      break;
    case 'notIn':
      holds = !list.some((v) => same(actual, v));
      break;
    default: {
      const diff = compare(actual, scalar);
      if (diff === undefined) return 'unknown';
      holds = operator === 'gt' ? diff > 0 : operator === 'gte' ? diff >= 0 : operator === 'lt' ? diff < 0 : diff <= 0;
    }
  }
  return holds ? 'met' : 'unmet';
}

export function evaluateEligibility(filters: readonly EligibilityFilter[], indicators: ProfileIndicators): EligibilityResult {
  const unmet: EligibilityFilter[] = [];
  const unknown: EligibilityFilter[] = [];
  for (const filter of filters) {
    const outcome = evaluateFilter(filter, indicators);
    if (outcome === 'unmet') unmet.push(filter);
    if (outcome === 'unknown') unknown.push(filter);
  }
  return { verdict: unmet.length > 0 ? 'unlikely' : unknown.length > 0 ? 'unknown' : 'likely', unmet, unknown };
}
