/**
 * Bad values by kind of field, generated rather than written out: every field of every route
 * gets the variants of its kind. Each variant must be refused wherever the kind is used.
 */
export type FieldKind = 'text' | 'optionalText' | 'secret' | 'money' | 'rate' | 'date' | 'compactDate' | 'months' | 'enum' | 'uuid' | 'boolean' | 'version' | 'code';

const HUGE = 'x'.repeat(300_000);
const STRUCTURAL: [string, unknown][] = [
  ['number', 42],
  ['boolean', true],
  ['null', null],
  ['array', ['x']],
  ['object', { nested: 'x' }],
];
const UNICODE_HAZARDS: [string, unknown][] = [
  ['nul', 'a\u0000b'],
  ['lone-surrogate', 'a\ud800b'],
  ['lone-low-surrogate', '\udc00'],
  ['huge', HUGE],
];
const INVISIBLE: [string, unknown][] = [
  ['empty', ''],
  ['spaces', ' \t\u3000 '],
  ['zero-width', '\u200b\u200c\u200d\ufeff\u2060'],
  ['control', 'a\u0007b'],
];

export const VARIANTS: Record<FieldKind, [string, unknown][]> = {
  text: [...STRUCTURAL, ...UNICODE_HAZARDS, ...INVISIBLE],
  optionalText: [['number', 42], ['array', ['x']], ['object', { nested: 'x' }], ...UNICODE_HAZARDS, ['control', 'a\u0007b']],
  secret: [...STRUCTURAL, ['empty', ''], ['nul', 'a\u0000b'], ['lone-surrogate', 'a\ud800b'], ['huge', HUGE]],
  money: [
    ...STRUCTURAL,
    ['negative', '-1'],
    ['zero', '0'],
    ['exponent', '1e5'],
    ['three-decimals', '0.001'],
    ['fullwidth-digits', '１００'],
    ['padded', ' 100'],
    ['nan', 'NaN'],
    ['beyond-bound', '100000000000.01'],
    ['column-max', '9999999999999999.99'],
    ['seventeen-digits', '99999999999999999'],
    ['nul', '1\u0000'],
  ],
  rate: [...STRUCTURAL, ['negative', '-1'], ['three-digits', '100'], ['five-decimals', '3.12345'], ['text', 'abc'], ['nul', '3\u0000']],
  date: [
    ['number', 20261120],
    ['null', null],
    ['feb-30', '2026-02-30'],
    ['feb-29-common-year', '2026-02-29'],
    ['year-zero', '0000-01-01'],
    ['before-2000', '1999-12-31'],
    ['month-13', '2026-13-01'],
    ['unpadded', '2026-1-1'],
    ['compact', '20261120'],
    ['datetime', '2026-11-20T00:00:00Z'],
    ['empty', ''],
    ['lone-surrogate', '2026-11-2\ud800'],
  ],
  compactDate: [
    ['number', 20261120],
    ['null', null],
    ['feb-30', '20260230'],
    ['year-zero', '00000101'],
    ['before-2000', '19991231'],
    ['month-13', '20261301'],
    ['iso', '2026-11-20'],
    ['seven-digits', '2026112'],
    ['empty', ''],
  ],
  months: [['zero', 0], ['negative', -1], ['fraction', 1.5], ['too-long', 361], ['huge', 1e21], ['beyond-int4', 99_999_999_999], ['string', '12'], ['null', null], ['boolean', true]],
  enum: [['unknown', 'nope'], ['empty', ''], ['number', 1], ['null', null], ['padded', ' approve '], ['nul', 'a\u0000']],
  uuid: [['text', 'x'], ['empty', ''], ['number', 1], ['null', null], ['bad-hex', '00000000-0000-4000-8000-00000000000g'], ['nul', '\u0000']],
  boolean: [['string', 'true'], ['number', 1], ['null', null]],
  version: [['zero', 0], ['string', '1'], ['fraction', 1.5], ['huge', 1e300]],
  code: [...STRUCTURAL, ['empty', ''], ['nul', 'a\u0000b'], ['lone-surrogate', '\ud800'], ['zero-width', '\u200b'], ['huge', HUGE]],
};

/** `base` with `path` (dotted) set to `value`. */
export function withField(base: unknown, path: string, value: unknown): unknown {
  const copy = structuredClone(base) as Record<string, unknown>;
  const keys = path.split('.');
  let target: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) target = target[key] as Record<string, unknown>;
  target[keys.at(-1)!] = value;
  return copy;
}

/** JSON text nested `depth` levels deep. */
export const deeplyNested = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
