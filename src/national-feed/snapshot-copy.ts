import type { Knex } from 'knex';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { extraction, streamSource, type SourceParams } from './feed-source-store.js';

/** Rows per FETCH on the cursor path (see `streamSource`). */
const FETCH_ROWS = 2_000;
/**
 * Sources read at once on PostgreSQL. One JavaScript thread encodes every file, so a second
 * stream is what keeps PostgreSQL producing (hash builds, the sort) while it does; a third only
 * adds memory.
 */
const COPY_PARALLEL = 2;

/** Rows of one source as arrays of values, in the order of `columns`. */
export interface RowBatch {
  columns: readonly string[];
  rows: unknown[][];
}

/** Where a build reads its sources from; every source sees the build transaction's snapshot. */
export interface RowSource {
  /** How many sources may be read at the same time. */
  readonly parallel: number;
  rows(source: string, params: SourceParams): AsyncIterable<RowBatch>;
}

async function* cursorRows(tx: Knex.Transaction, source: string, params: SourceParams): AsyncGenerator<RowBatch> {
  for await (const batch of streamSource(tx, source, params, FETCH_ROWS)) {
    const columns = Object.keys(batch[0]!);
    yield { columns, rows: batch.map((row) => columns.map((c) => row[c])) };
  }
}

interface PgClientInternals {
  config: { client?: unknown };
  connectionSettings: string | pg.ClientConfig;
}

/**
 * PostgreSQL: each source is one `COPY (SELECT …) TO STDOUT` on its own connection whose
 * REPEATABLE READ transaction imports the build's snapshot (`pg_export_snapshot`), so every file
 * still sees one snapshot while up to `COPY_PARALLEL` sources stream at once. COPY also skips the
 * driver's per-row protocol objects.
 * PGlite (one connection, no COPY TO STDOUT through knex): the cursor in `tx`, one at a time.
 */
export async function rowSourceFor(tx: Knex.Transaction): Promise<RowSource> {
  const client = tx.client as unknown as PgClientInternals;
  if (client.config.client !== 'pg') {
    return { parallel: 1, rows: (source, params) => cursorRows(tx, source, params) };
  }
  const { rows } = (await tx.raw('select pg_export_snapshot() as id')) as { rows: { id: string }[] };
  const snapshot = rows[0]!.id;
  if (!/^[0-9A-F-]+$/i.test(snapshot)) throw new Error(`unexpected snapshot id ${snapshot}`);
  return {
    parallel: COPY_PARALLEL,
    rows(source, params) {
      const { sql, bindings, planner } = extraction(source, params);
      return copyRows(client.connectionSettings, snapshot, tx.raw(sql, bindings).toQuery(), planner);
    },
  };
}

/** COPY text format escapes (PostgreSQL `COPY … TO`): backslash sequences and `\N` for null. */
const UNESCAPES: Record<string, string> = { '\\\\': '\\', '\\t': '\t', '\\n': '\n', '\\r': '\r', '\\b': '\b', '\\f': '\f', '\\v': '\v' };
const unescape = (field: string) => (field.includes('\\') ? field.replace(/\\[\\tnrbfv]/g, (e) => UNESCAPES[e]!) : field);

/**
 * Streams one query as COPY text on a connection of its own, parsed with the same type parsers
 * the driver uses for a SELECT (looked up from a `LIMIT 0` of the query), so a row is the same
 * object either way. `sql` has its values inlined (COPY takes no parameters): knex's own
 * escaping of the extraction's bindings, which are the validated month, the configured region
 * and code-table keys.
 */
async function* copyRows(settings: string | pg.ClientConfig, snapshot: string, sql: string, planner: Record<string, 'on' | 'off'>): AsyncGenerator<RowBatch> {
  const conn = new pg.Client(settings);
  await conn.connect();
  try {
    await conn.query('begin isolation level repeatable read read only');
    await conn.query(`set transaction snapshot '${snapshot}'`);
    await conn.query("set local work_mem = '64MB'");
    // Counted in CPU seconds on a two-core machine where this process encodes on one core: a
    // parallel plan's workers add their tuple queues and duplicated scans, and JIT compiles
    // each extraction (in every worker) for expressions that are mostly casts to text.
    await conn.query('set local max_parallel_workers_per_gather = 0');
    await conn.query('set local jit = off');
    for (const [name, value] of Object.entries(planner)) {
      if (!/^[a-z_]+$/.test(name)) throw new Error(`unexpected planner setting ${name}`);
      await conn.query(`set local ${name} = ${value === 'on' ? 'on' : 'off'}`);
    }
    const { fields } = await conn.query(`select * from (${sql}) q limit 0`);
    const names = fields.map((f) => f.name);
    const parsers = fields.map((f) => pg.types.getTypeParser(f.dataTypeID, 'text') as (text: string) => unknown);
    const width = names.length;
    let rest: Buffer | undefined;
    const parse = (text: string): unknown[][] => {
      const out: unknown[][] = [];
      let start = 0;
      for (;;) {
        const end = text.indexOf('\n', start);
        if (end < 0) break;
        // Cells are cut in place (no per-line string and array from split); a tab inside a value is escaped.
        const row: unknown[] = new Array(width);
        let from = start;
        for (let i = 0; i < width; i++) {
          const tab = text.indexOf('\t', from);
          const last = i === width - 1;
          if (last ? tab >= 0 && tab < end : tab < 0 || tab > end) throw new Error(`COPY row does not have ${width} columns`);
          const cell = text.slice(from, last ? end : tab);
          from = tab + 1;
          row[i] = cell === '\\N' ? null : parsers[i]!(unescape(cell));
        }
        start = end + 1;
        out.push(row);
      }
      return out;
    };
    for await (const chunk of conn.query(copyTo(`copy (${sql}) to stdout`)) as AsyncIterable<Buffer>) {
      const data = rest ? Buffer.concat([rest, chunk]) : chunk;
      // Rows end in a newline byte (escaped inside values); cut there so no UTF-8 sequence splits.
      const last = data.lastIndexOf(0x0a);
      if (last < 0) {
        rest = data;
        continue;
      }
      rest = last + 1 < data.length ? data.subarray(last + 1) : undefined;
      const rows = parse(data.toString('utf8', 0, last + 1));
      if (rows.length > 0) yield { columns: names, rows };
    }
    if (rest) throw new Error('COPY output ended inside a row');
    await conn.query('commit');
  } finally {
    // Ending the connection also ends an abandoned or failed read's read-only transaction.
    await conn.end().catch(() => undefined);
  }
}
