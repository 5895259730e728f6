/** The part of an ECharts option that says what a chart draws. */
interface ChartOption {
  series?: readonly { type?: string; data?: readonly unknown[] }[] | { type?: string; data?: readonly unknown[] };
}

function drawn(point: unknown): boolean {
  if (typeof point === 'number') return Number.isFinite(point) && point !== 0;
  if (typeof point === 'string') return point.trim() !== '' && Number.isFinite(Number(point)) && Number(point) !== 0;
  // [category, value] pairs carry the value last.
  if (Array.isArray(point)) return point.length > 0 && drawn(point[point.length - 1]);
  if (point !== null && typeof point === 'object' && 'value' in point) return drawn((point as { value: unknown }).value);
  return false;
}

/**
 * Whether a chart has anything to draw: some series point other than zero or missing. A chart
 * whose values are all zero (a month with no business yet) draws empty axes, which a person reads
 * as a broken page; `DataChart` says there is nothing to chart instead. A gauge draws its needle at
 * zero, a reading in itself, so a gauge with a number counts as drawn.
 */
export function chartHasValues(option: ChartOption): boolean {
  const series = option.series === undefined ? [] : Array.isArray(option.series) ? option.series : [option.series];
  return series.some((s) => {
    const data = (s as { data?: readonly unknown[] }).data ?? [];
    if ((s as { type?: string }).type === 'gauge') return data.some((point) => drawn(point) || (typeof point === 'object' && point !== null && 'value' in point && typeof (point as { value: unknown }).value === 'number'));
    return data.some(drawn);
  });
}
