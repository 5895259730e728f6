import type { z } from 'zod';
import type { FieldError } from '../platform/errors.js';
import type { ProfileScope } from '../platform/profile-scopes.js';
import { issueCode } from '../platform/field-errors.js';
import { lastAnswer } from '../platform/last-answer.js';
import { mayHaveInvisibleEdges } from '../platform/visible-text.js';
import { deniedBehaviour } from './deny-list.js';
import { WHOLE_ROW } from './rejected-column.js';
import { cellsCheckOf, rowCheckOf, type RowCheck } from './row-check.js';

/**
 * A category's source format: one zod schema per (category, format version), the Chinese
 * column labels files may use as headers, and how a valid row maps onto a credit record.
 */
export interface StagedRecord {
  /** Natural key within the category; a re-send with the same key updates, never duplicates. */
  readonly recordKey: string;
  readonly uscc: string;
  readonly businessDate: string | null;
  /** 公示截止期: after it the record is no longer shown or used. */
  readonly publicityEnd: string | null;
  /** 双公示 decision date, checked against the 7-working-day publication limit. */
  readonly decisionDate: string | null;
  readonly payload: Record<string, unknown>;
}

export type RowParse = { readonly ok: true; readonly record: StagedRecord } | { readonly ok: false; readonly errors: FieldError[] };

export interface FieldSpec {
  readonly name: string;
  readonly label: string;
  readonly required: boolean;
}

export interface FormatVersion {
  readonly version: number;
  readonly fields: readonly FieldSpec[];
  /** Fields describing the behaviour a record is about, checked against the deny-list. */
  readonly behaviourFields: readonly string[];
  /** The typed row check (row-check.ts) where it vouches for the row, the schema otherwise. */
  parse(values: Record<string, unknown>): RowParse;
  /** The schema alone: the contract the typed row check is proven against. */
  parseBySchema(values: Record<string, unknown>): RowParse;
  /** The typed row check alone (the schema's payload, or undefined: the schema decides); absent when a field type has none. */
  readonly rowCheck?: RowCheck;
  /**
   * For a file's header (`names`: the field of each column), the staging of a row straight from
   * its cells: the record `parse` gives for the row's values when the typed row check vouches for
   * every field and no behaviour field is deny-listed; undefined for every other row, which then
   * takes the whole way (hazard guard, deny-list, parse) and is decided there. Absent where
   * `rowCheck` is. Cells must be decoded text (no lone surrogates); a cell holding NUL is left to
   * the whole way, whose hazard guard refuses it.
   */
  readonly stageCells?: (names: readonly (string | undefined)[]) => CellStager;
}

export type CellStager = (cells: readonly string[]) => StagedRecord | undefined;

export interface CategoryDefinition {
  readonly category: string;
  readonly scope: ProfileScope;
  /** Chinese name shown to departments and enterprises. */
  readonly label: string;
  readonly formats: readonly FormatVersion[];
}

interface Mapping<T> {
  recordKey(row: T): string;
  uscc(row: T): string;
  businessDate(row: T): string | null;
  publicityEnd?(row: T): string | null;
  decisionDate?(row: T): string | null;
}

export function defineFormat<S extends z.ZodObject>(
  version: number,
  schema: S,
  labels: { readonly [K in keyof z.output<S>]-?: string },
  mapping: Mapping<z.output<S>>,
  behaviourFields: readonly (keyof z.output<S> & string)[] = [],
): FormatVersion {
  const strict = schema.strict();
  const fields = Object.entries(labels as Record<string, string>).map(([name, label]) => ({
    name,
    label,
    required: !schema.shape[name]?.safeParse(undefined).success,
  }));
  const toRecord = (row: z.output<S>): StagedRecord => ({
    recordKey: mapping.recordKey(row),
    uscc: mapping.uscc(row),
    businessDate: mapping.businessDate(row),
    publicityEnd: mapping.publicityEnd?.(row) ?? null,
    decisionDate: mapping.decisionDate?.(row) ?? null,
    payload: row as Record<string, unknown>,
  });
  const rowCheck = rowCheckOf(schema.shape as Record<string, z.ZodType>);
  const cellsCheck = cellsCheckOf(schema.shape as Record<string, z.ZodType>);
  const stageCells = cellsCheck
    ? (names: readonly (string | undefined)[]): CellStager => {
        const check = cellsCheck(names);
        // Each behaviour column remembers its last cell's answer, as the cells check does.
        const behaviour = behaviourFields
          .map((f) => names.indexOf(f))
          .filter((column) => column >= 0)
          .map((column) => ({ column, denied: lastAnswer(deniedBehaviour) }));
        return (cells) => {
          // NUL inside a text is a control character every check refuses; at its edges it would be trimmed as invisible.
          for (const cell of cells) if (mayHaveInvisibleEdges(cell) && cell.includes('\u0000')) return undefined;
          for (const b of behaviour) if (b.column < cells.length && b.denied(cells[b.column]!)) return undefined;
          const row = check(cells);
          return row ? toRecord(row as z.output<S>) : undefined;
        };
      }
    : undefined;
  const parseBySchema = (values: Record<string, unknown>): RowParse => {
    const result = strict.safeParse(values);
    if (!result.success) {
      return {
        ok: false,
        errors: result.error.issues.flatMap((issue): FieldError[] =>
          issue.code === 'unrecognized_keys'
            ? issue.keys.map((key) => ({ field: key, code: 'UNRECOGNIZED_FIELD', message: `不支持的字段“${key}”` }))
            : [{
                field: issue.path.length ? issue.path.join('.') : WHOLE_ROW,
                code: issueCode(issue, values),
                message: issue.message,
              }],
        ),
      };
    }
    return { ok: true, record: toRecord(result.data as z.output<S>) };
  };
  return {
    version,
    fields,
    behaviourFields,
    parseBySchema,
    ...(rowCheck ? { rowCheck } : {}),
    ...(stageCells ? { stageCells } : {}),
    parse: rowCheck
      ? (values) => {
          const row = rowCheck(values);
          return row ? { ok: true, record: toRecord(row as z.output<S>) } : parseBySchema(values);
        }
      : parseBySchema,
  };
}
