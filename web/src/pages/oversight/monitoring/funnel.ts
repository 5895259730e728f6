/** One row of a funnel: a stage with its count, amount and conversion from the stage before. */
export interface FunnelRow {
  label: string;
  count: number;
  amount: string;
  conversion: string;
}

/** Rows of a funnel in stage order; conversion is this stage's count over the previous one's. */
export function funnelRows<S extends { count: number }>(stages: readonly S[], label: (s: S) => string, amount: (s: S) => string): FunnelRow[] {
  return stages.map((s, i) => {
    const prev = stages[i - 1];
    return { label: label(s), count: s.count, amount: amount(s), conversion: prev && prev.count > 0 ? `${((s.count / prev.count) * 100).toFixed(1)}%` : '—' };
  });
}

/** The ECharts funnel of the rows' counts, one colour per stage, drawn in stage order. */
export function funnelOption(rows: readonly FunnelRow[], colors: readonly string[], unit = '') {
  return {
    animationDuration: 400,
    tooltip: { trigger: 'item', formatter: `{b}：{c}${unit}` },
    series: [
      {
        type: 'funnel',
        sort: 'none',
        left: '10%',
        width: '80%',
        minSize: '8%',
        gap: 2,
        label: { show: true, position: 'inside', formatter: '{b} {c}' },
        data: rows.map((r, i) => ({ name: r.label, value: r.count, itemStyle: { color: colors[i] } })),
      },
    ],
  };
}
