/** The part of an ECharts option that says what a chart draws. */
interface ChartOption {
  series?: readonly { type?: string; data?: readonly unknown[] }[] | { type?: string; data?: readonly unknown[] };
}

function drawn(point: unknown, zeroIsReading: boolean): boolean {
  if (typeof point === 'number') return Number.isFinite(point) && (zeroIsReading || point !== 0);
  if (typeof point === 'string') return point.trim() !== '' && drawn(Number(point), zeroIsReading);
  // [category, value] pairs carry the value last.
  if (Array.isArray(point)) return point.length > 0 && drawn(point[point.length - 1], zeroIsReading);
  if (point !== null && typeof point === 'object' && 'value' in point) return drawn((point as { value: unknown }).value, zeroIsReading);
  return false;
}

/**
 * Whether a chart has anything to draw: some series point other than zero or missing. A chart
 * whose values are all zero (a month with no business yet) draws empty axes, which a person reads
 * as a broken page; `DataChart` says there is nothing to chart instead. Where zero is a reading
 * and a missing value is not (hours to acceptance: 0 is "within the hour", null is "no application";
 * a gauge's needle at zero), `zeroIsReading` counts a zero as drawn.
 */
export function chartHasValues(option: ChartOption, { zeroIsReading = false } = {}): boolean {
  const series = option.series === undefined ? [] : Array.isArray(option.series) ? option.series : [option.series];
  return series.some((s) => {
    const data = (s as { data?: readonly unknown[] }).data ?? [];
    const zero = zeroIsReading || (s as { type?: string }).type === 'gauge';
    return data.some((point) => drawn(point, zero));
  });
}

/** What a chart's place shows: the chart, that its figures are on their way, or its empty text. */
export type ChartPlace = 'chart' | 'loading' | 'empty';

/**
 * A chart without values says "nothing here" (its empty text) only once its figures have come:
 * while they load it says so instead, or a person reads the page as empty for that moment (and a
 * screen reader reads the empty text beneath a card's loading mask). Figures already drawn stay
 * while newer ones load.
 */
export function chartPlace(option: ChartOption, { loading, zeroIsReading = false }: { loading: boolean; zeroIsReading?: boolean }): ChartPlace {
  if (chartHasValues(option, { zeroIsReading })) return 'chart';
  return loading ? 'loading' : 'empty';
}
