import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { notFound } from '../platform/errors.js';
import { projectPath } from '../platform/project-root.js';
import { rowValuesCheck } from './row-checks.js';
import { jsonValuesEncoder, type FieldLayout } from './row-encoders.js';

/**
 * A national-feed format version loaded from `specs/national-feed/<version>/`: the layout,
 * the compiled row schemas and the code tables. Everything format-specific lives in that
 * folder; a new official version is a new folder, not a code change.
 */
export interface CodeEntry {
  code: string;
  label: string;
}

export interface CodeTable {
  title: string;
  /** Platform value → national code and label. */
  codes: Record<string, CodeEntry>;
}

export interface FileLayout {
  recordType: string;
  label: string;
  /** Named extraction (see `feed-source-store.ts`). */
  source: string;
  schema: string;
  formats: ('jsonl' | 'csv')[];
  fields: FieldLayout[];
}

export interface Layout {
  formatVersion: string;
  title: string;
  receiver: CodeEntry;
  envelopeSchema: string;
  gzipLevel: number;
  corrections: { file: string; label: string };
  files: FileLayout[];
}

export interface FieldIssue {
  /** Output field name ('' for the row as a whole). */
  field: string;
  /** The field's title from the row schema (Chinese). */
  label: string;
  message: string;
}

export interface RowType {
  layout: FileLayout;
  /**
   * For a source whose rows come as arrays of `columns`: maps one such row to the output values
   * in layout order (a column the source lacks leaves its field undefined, i.e. absent). The
   * returned array is reused by the next call.
   */
  mapper(columns: readonly string[]): (values: readonly unknown[]) => unknown[];
  /** The output row object of output values (what `check` reads). */
  toRow(values: readonly unknown[]): Record<string, unknown>;
  /**
   * True only when the output values match the row schema (checked field by field, see
   * `row-checks.ts`); false means "not shown here": run `check` on `toRow` for the verdict.
   */
  passes(values: readonly unknown[]): boolean;
  /** The output values as one JSONL line, the same text as `JSON.stringify(toRow(values)) + '\n'`. */
  encode(values: readonly unknown[]): string;
  /** Empty when the output row matches its schema. */
  check(row: Record<string, unknown>): FieldIssue[];
  fieldLabel(field: string): string;
}

export interface FeedFormat {
  version: string;
  layout: Layout;
  codeTables: ReadonlyMap<string, CodeTable>;
  rowTypes: readonly RowType[];
  rowType(recordType: string): RowType;
  checkEnvelope(manifest: unknown): FieldIssue[];
}

const SPEC_ROOT = projectPath('specs/national-feed');
const cache = new Map<string, FeedFormat>();

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;

type Schema = Record<string, unknown>;

/** Replaces every `x-code-table` marker with an `enum` of that table's national codes. */
function withCodeEnums(schema: unknown, tables: ReadonlyMap<string, CodeTable>): unknown {
  if (Array.isArray(schema)) return schema.map((s) => withCodeEnums(s, tables));
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [k, v] of Object.entries(schema)) out[k] = withCodeEnums(v, tables);
  const tableName = (schema as Schema)['x-code-table'];
  if (typeof tableName === 'string') {
    const table = tables.get(tableName);
    if (!table) throw new Error(`code table ${tableName} is not defined`);
    out.enum = Object.values(table.codes).map((c) => c.code);
  }
  return out;
}

function issuesOf(errors: ErrorObject[] | null | undefined, title: (field: string) => string): FieldIssue[] {
  return (errors ?? []).map((e) => {
    const missing = e.keyword === 'required' ? String((e.params as { missingProperty: string }).missingProperty) : undefined;
    const field = missing ?? e.instancePath.split('/')[1] ?? '';
    const message = missing ? '缺少该字段' : e.keyword === 'enum' ? '代码值不在代码表中' : e.keyword === 'pattern' ? '格式不符合数据项格式' : `不符合数据项格式（${e.keyword}）`;
    return { field, label: title(field), message };
  });
}

/** Loads (once per process) and compiles a format version; unknown versions are a 404. */
export function loadFeedFormat(version: string): FeedFormat {
  const cached = cache.get(version);
  if (cached) return cached;
  const dir = join(SPEC_ROOT, version);
  if (!/^[a-z0-9-]+$/.test(version) || !existsSync(join(dir, 'layout.json'))) {
    throw notFound('UNKNOWN_FEED_FORMAT', `没有报送格式版本“${version}”`);
  }
  const layout = readJson<Layout>(join(dir, 'layout.json'));
  const codeTables = new Map<string, CodeTable>();
  const tableNames = new Set<string>();
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (node && typeof node === 'object') {
      const table = (node as Schema)['x-code-table'] ?? (node as Schema).codeTable;
      if (typeof table === 'string') tableNames.add(table);
      Object.values(node).forEach(collect);
    }
  };
  const schemas = new Map(layout.files.map((f) => [f.schema, readJson<Schema>(join(dir, f.schema))]));
  const envelope = readJson<Schema>(join(dir, layout.envelopeSchema));
  collect([...schemas.values(), envelope, layout.files]);
  for (const name of [...tableNames, 'reject-reasons']) codeTables.set(name, readJson<CodeTable>(join(dir, 'codes', `${name}.json`)));

  // The `x-` keyword is ours (replaced above); schemas are compiled once per process and kept.
  const ajv = new Ajv2020({ allErrors: true, strict: true, keywords: ['x-code-table'] });
  const rowTypes = layout.files.map((file): RowType => {
    const schema = schemas.get(file.schema)!;
    const resolved = withCodeEnums(schema, codeTables) as Schema;
    const validate: ValidateFunction = ajv.compile(resolved);
    const props = (schema.properties ?? {}) as Record<string, { title?: string }>;
    const fieldLabel = (field: string) => props[field]?.title ?? field;
    const maps = file.fields.map((f) => {
      const table = f.codeTable ? codeTables.get(f.codeTable)! : undefined;
      return table ? new Map(Object.entries(table.codes).map(([k, v]) => [k, v.code])) : undefined;
    });
    const fields = file.fields;
    const names = fields.map((f) => f.name);
    const passes = rowValuesCheck(resolved, names) ?? (() => false);
    return {
      layout: file,
      fieldLabel,
      mapper(columns) {
        const at = fields.map((f) => columns.indexOf(f.from));
        const out: unknown[] = new Array(fields.length);
        return (values) => {
          for (let i = 0; i < fields.length; i++) {
            const value = at[i]! < 0 ? undefined : values[at[i]!];
            const codes = maps[i];
            // An unknown platform value is kept as is, so validation names it instead of hiding it.
            out[i] = codes && typeof value === 'string' ? (codes.get(value) ?? value) : value;
          }
          return out;
        };
      },
      toRow(values) {
        const row: Record<string, unknown> = {};
        for (let i = 0; i < names.length; i++) row[names[i]!] = values[i];
        return row;
      },
      passes,
      encode: jsonValuesEncoder(names),
      check(row) {
        return validate(row) ? [] : issuesOf(validate.errors, fieldLabel);
      },
    };
  });
  const envelopeValidate = ajv.compile(withCodeEnums(envelope, codeTables) as Schema);
  const envelopeProps = (envelope.properties ?? {}) as Record<string, { title?: string }>;
  const byType = new Map(rowTypes.map((t) => [t.layout.recordType, t]));
  const format: FeedFormat = {
    version,
    layout,
    codeTables,
    rowTypes,
    rowType(recordType) {
      const found = byType.get(recordType);
      if (!found) throw notFound('UNKNOWN_RECORD_TYPE', `报送格式 ${version} 没有记录类型“${recordType}”`);
      return found;
    },
    checkEnvelope(manifest) {
      return envelopeValidate(manifest) ? [] : issuesOf(envelopeValidate.errors, (f) => envelopeProps[f]?.title ?? f);
    },
  };
  cache.set(version, format);
  return format;
}
