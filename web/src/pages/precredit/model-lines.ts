import { limitText, operatorText, valueText } from './precredit-labels';

/**
 * A model document as Chinese lines per section, for the side-by-side comparison of two
 * versions: a line is the same on both sides when the rule is unchanged.
 */
export interface ModelLine {
  section: string;
  key: string;
  text: string;
}

interface Doc {
  name?: string;
  basePoints?: number;
  validityDays?: number;
  scaling?: { pdo?: number; baseScore?: number; baseOdds?: number };
  knockouts?: { input: string; operator: string; value: unknown; reason: string }[];
  features?: { input: string; bins: { from?: number | null; to?: number | null; categories?: unknown[]; points: number }[]; missingPoints: number }[];
  bands?: { grade: string; minScore: number; limit: { input: string; multiple: number; cap: string } | null }[];
}

const range = (from?: number | null, to?: number | null) =>
  from == null ? `低于${to}` : to == null ? `${from}及以上` : `${from}（含）至${to}`;

export function modelLines(document: unknown, label: (input: string) => string): ModelLine[] {
  const d = (document ?? {}) as Doc;
  const lines: ModelLine[] = [
    { section: '基本信息', key: 'name', text: `模型名称：${d.name ?? '—'}` },
    { section: '基本信息', key: 'base', text: `基础分：${d.basePoints ?? '—'}` },
    { section: '基本信息', key: 'scaling', text: `刻度：好坏比${d.scaling?.baseOdds ?? '—'}:1时为${d.scaling?.baseScore ?? '—'}分，比值翻倍加${d.scaling?.pdo ?? '—'}分` },
    { section: '基本信息', key: 'validity', text: `结果有效期：${d.validityDays ?? '—'}天` },
  ];
  for (const k of d.knockouts ?? []) {
    lines.push({ section: '准入拒绝规则', key: `k:${k.input}:${k.operator}`, text: `${label(k.input)}${operatorText(k.operator)}${valueText(k.value)}时拒绝（${k.reason}）` });
  }
  for (const f of d.features ?? []) {
    f.bins.forEach((b, i) =>
      lines.push({
        section: `评分项：${label(f.input)}`,
        key: `f:${f.input}:${i}`,
        text: `${b.categories ? valueText(b.categories) : range(b.from, b.to)}：${b.points}分`,
      }),
    );
    lines.push({ section: `评分项：${label(f.input)}`, key: `f:${f.input}:missing`, text: `无数据：${f.missingPoints}分` });
  }
  for (const b of d.bands ?? []) {
    const limit = b.limit ? `额度为${label(b.limit.input)}的${b.limit.multiple}倍，最高${limitText(b.limit.cap)}` : '不授予额度';
    lines.push({ section: '等级与额度', key: `b:${b.grade}`, text: `${b.grade}级：${b.minScore}分及以上，${limit}` });
  }
  return lines;
}

/** Pairs the lines of two versions by key; `changed` marks a line that differs or exists on one side only. */
export function compareModels(left: ModelLine[], right: ModelLine[]): { section: string; left: string; right: string; changed: boolean }[] {
  const rightByKey = new Map(right.map((l) => [l.key, l]));
  const rows = left.map((l) => {
    const r = rightByKey.get(l.key);
    rightByKey.delete(l.key);
    return { section: l.section, left: l.text, right: r?.text ?? '—', changed: r?.text !== l.text };
  });
  for (const r of rightByKey.values()) rows.push({ section: r.section, left: '—', right: r.text, changed: true });
  return rows;
}
