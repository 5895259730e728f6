import type { Indicator } from './credit-profile.js';

/** 自愿填报: one item an enterprise reported itself, with its commitment to the item's truth. */
export interface SelfReportedEntry {
  id: string;
  kindLabel: string;
  title: string;
  content: string;
  /** When the enterprise signed the commitment (信用承诺) to the item's truth. */
  committedAt: string;
}

/**
 * The self_reported section's items, as indicators of their own (code `self_reported:<id>`, no
 * records behind them). They never enter an indicator computed from government records.
 */
export function selfReportedIndicators(entries: readonly SelfReportedEntry[]): Indicator[] {
  return entries.map((e) => ({
    code: `self_reported:${e.id}`,
    label: `${e.kindLabel}：${e.title}（企业自愿填报，已承诺真实，${e.committedAt.slice(0, 10)}）`,
    value: e.content,
    unit: null,
    recordIds: [],
  }));
}
