import { z } from 'zod';
import { INPUT_BY_CODE } from './input-catalog.js';

/**
 * A pre-credit scorecard model version as data (JSON Schema: specs/precredit/scorecard-model.schema.json,
 * generated from this file). score = basePoints + Σ feature points; a knockout always wins.
 * WoE convention for trained models: ln(%good / %bad) (optbinning's), so a positive WoE is
 * lower risk; `woeConvention` records it so cards built the other way (toad) can be flipped.
 */
const money = z.string().regex(/^\d{1,16}(\.\d{1,2})?$/, '金额应为不超过两位小数的数字字符串');
const code = z.string().regex(/^[a-z][a-z0-9_]{0,63}$/, '应为小写字母开头的英文代码');
const scalar = z.union([z.number(), z.string(), z.boolean()]);

export const KNOCKOUT_OPERATORS = ['eq', 'ne', 'gt', 'gte', 'lt', 'lte', 'in', 'notIn'] as const;

export const knockoutSchema = z.strictObject({
  input: z.string(),
  operator: z.enum(KNOCKOUT_OPERATORS),
  value: z.union([scalar, z.array(scalar).min(1)]),
  /** Decline when the rule holds; `whenMissing: true` also declines when the input is absent. */
  whenMissing: z.boolean().default(false),
  reasonCode: code,
  /** The sentence shown to the enterprise, e.g. "企业在严重失信主体名单中". */
  reason: z.string().min(2).max(80),
});

/** A numeric bin is the half-open range [from, to); null is -inf / +inf. */
export const binSchema = z.strictObject({
  from: z.number().nullable().optional(),
  to: z.number().nullable().optional(),
  categories: z.array(z.union([z.string(), z.boolean()])).min(1).optional(),
  points: z.number().int(),
  woe: z.number().optional(),
});

export const featureSchema = z.strictObject({
  input: z.string(),
  bins: z.array(binSchema).min(1).max(30),
  missingPoints: z.number().int(),
  /** Median points on the reference data (toad `base_effect`): reasons are deviations from it. */
  referencePoints: z.number(),
});

export const scalingSchema = z.strictObject({
  method: z.literal('pdo_odds'),
  pdo: z.number().positive(),
  /** Score at `baseOdds` (good:bad). */
  baseScore: z.number(),
  baseOdds: z.number().positive(),
  rate: z.number().gt(1).default(2),
});

export const limitRuleSchema = z.strictObject({
  /** The input the limit is a multiple of (元), e.g. 近12个月纳税额. */
  input: z.string(),
  multiple: z.number().positive().max(100),
  cap: money,
  /** Rounded down to a multiple of this many 元. */
  roundTo: z.number().int().positive().default(10_000),
});

export const bandSchema = z.strictObject({
  grade: z.string().regex(/^[A-Z][A-Z0-9+-]{0,3}$/, '等级应为大写字母开头，如 A、B、C'),
  minScore: z.number(),
  /** null: this band gets no pre-credit limit. */
  limit: limitRuleSchema.nullable(),
});

export const scorecardDocumentSchema = z
  .strictObject({
    schemaVersion: z.literal(1),
    inputSchemaVersion: z.literal(1),
    woeConvention: z.literal('ln_good_over_bad'),
    name: z.string().min(2).max(60),
    description: z.string().max(500).default(''),
    knockouts: z.array(knockoutSchema).max(30),
    basePoints: z.number().int(),
    features: z.array(featureSchema).min(1).max(40),
    scaling: scalingSchema,
    /** Highest score first; a score below every band gets no grade. */
    bands: z.array(bandSchema).min(1).max(10),
    /** Days a result stays valid for the enterprise and the bank. */
    validityDays: z.number().int().min(1).max(366).default(30),
  })
  .superRefine((doc, ctx) => {
    const checkInput = (input: string, path: (string | number)[]) => {
      if (!INPUT_BY_CODE.has(input)) ctx.addIssue({ code: 'custom', path, message: `未知的输入字段“${input}”`, params: { code: 'UNKNOWN_INPUT' } });
    };
    doc.knockouts.forEach((k, i) => checkInput(k.input, ['knockouts', i, 'input']));
    doc.features.forEach((f, i) => {
      checkInput(f.input, ['features', i, 'input']);
      if (doc.features.findIndex((g) => g.input === f.input) !== i) {
        ctx.addIssue({ code: 'custom', path: ['features', i, 'input'], message: '同一输入字段只能有一个特征', params: { code: 'DUPLICATE_FEATURE' } });
      }
      binErrors(f.bins).forEach(([j, message]) => ctx.addIssue({ code: 'custom', path: ['features', i, 'bins', j], message, params: { code: 'BINS_INVALID' } }));
    });
    doc.bands.forEach((b, i) => {
      if (i > 0 && b.minScore >= doc.bands[i - 1]!.minScore) {
        ctx.addIssue({ code: 'custom', path: ['bands', i, 'minScore'], message: '等级须按最低分从高到低排列', params: { code: 'BANDS_ORDER' } });
      }
      if (b.limit) checkInput(b.limit.input, ['bands', i, 'limit', 'input']);
    });
  });

/** Numeric bins must tile (-inf, +inf) without gaps or overlaps; category bins must not share a value. */
function binErrors(bins: readonly z.infer<typeof binSchema>[]): [number, string][] {
  const numeric = bins.every((b) => b.categories === undefined);
  if (!numeric) {
    const seen = new Set<string | boolean>();
    const errors: [number, string][] = [];
    bins.forEach((b, j) => {
      if (!b.categories) errors.push([j, '分类特征的每个分箱都应列出类别']);
      for (const c of b.categories ?? []) {
        if (seen.has(c)) errors.push([j, `类别“${String(c)}”出现在多个分箱中`]);
        seen.add(c);
      }
    });
    return errors;
  }
  const errors: [number, string][] = [];
  bins.forEach((b, j) => {
    const from = b.from ?? null;
    const to = b.to ?? null;
    const previousTo = j === 0 ? null : (bins[j - 1]!.to ?? null);
    if (j === 0 && from !== null) errors.push([j, '第一个分箱应从负无穷开始（from 为 null）']);
    if (j > 0 && from !== previousTo) errors.push([j, '分箱应首尾相接：from 应等于上一分箱的 to']);
    if (j === bins.length - 1 && to !== null) errors.push([j, '最后一个分箱应到正无穷（to 为 null）']);
    if (from !== null && to !== null && from >= to) errors.push([j, '分箱下界应小于上界']);
  });
  return errors;
}

export type ScorecardDocument = z.output<typeof scorecardDocumentSchema>;
export type ScorecardDocumentInput = z.input<typeof scorecardDocumentSchema>;
export type Knockout = ScorecardDocument['knockouts'][number];
export type Feature = ScorecardDocument['features'][number];
export type Bin = Feature['bins'][number];
export type Band = ScorecardDocument['bands'][number];
export type LimitRule = NonNullable<Band['limit']>;

export const MODEL_STATUSES = ['DRAFT', 'ACTIVE', 'RETIRED'] as const;
export type ModelStatus = (typeof MODEL_STATUSES)[number];
