import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Knex } from 'knex';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import type { DbOrTrx } from '../db/database.js';
import { containsPattern } from '../db/like-pattern.js';
import type { ModelInputs } from './input-catalog.js';
import type { PrecreditChange, PrecreditResult, PreviousResult, ResultWrite, RunView, WhitelistFilter } from './whitelist.js';
import { encodeResults } from './whitelist-copy-text.js';

const ACTIVE_GRANT = `g.grantee_institution_id = ? and g.purpose = 'pre_credit' and g.status = 'ACTIVE' and g.valid_from <= ? and g.valid_until > ?`;

/**
 * Whether result `r`'s enterprise still grants its bank `pre_credit` now (bindings: now, now).
 * A result is shown to the bank only while it does: a grant revoked, terminated or lapsed since
 * the last run takes the firm's score, limit and reasons off the list and its workbook at once,
 * and the change feed reports it removed, not at the next run.
 */
const GRANT_LIVE = `exists (select 1 from consent_grants g where g.enterprise_uscc = r.uscc and g.grantee_institution_id = r.bank_id
  and g.purpose = 'pre_credit' and g.status = 'ACTIVE' and g.valid_from <= ? and g.valid_until > ?)`;

interface ResultRow {
  bank_id: string;
  bank_name: string;
  uscc: string;
  enterprise_id: string;
  enterprise_name: string;
  model_id: string;
  model_version: number;
  inputs_hash: string;
  decision: PrecreditResult['decision'];
  score: number;
  grade: string | null;
  limit_amount: string | null;
  points: number[];
  bins: number[];
  feature_inputs: string[];
  reasons: PrecreditResult['reasons'];
  listed: boolean;
  active: boolean;
  evaluated_at: Date;
  valid_until: Date;
  change_seq: number;
}

const toResult = (r: ResultRow): PrecreditResult => ({
  bankId: r.bank_id,
  bankName: r.bank_name,
  uscc: r.uscc.trim(),
  enterpriseId: r.enterprise_id,
  enterpriseName: r.enterprise_name,
  modelId: r.model_id,
  modelVersion: r.model_version,
  inputsHash: r.inputs_hash.trim(),
  decision: r.decision,
  score: r.score,
  grade: r.grade,
  limit: r.limit_amount,
  points: r.feature_inputs.map((input, i) => {
    const bin = r.bins[i]!;
    return { input, bin, points: r.points[i]!, reasonCode: `${input}.${bin < 0 ? 'missing' : `bin${bin}`}` };
  }),
  reasons: r.reasons,
  listed: r.listed,
  active: r.active,
  evaluatedAt: r.evaluated_at,
  validUntil: r.valid_until,
  changeSeq: r.change_seq,
});

/** A result whose grant ended, as the change feed reports it: that it was removed, and nothing derived from the data. */
const removal = (r: PrecreditResult): PrecreditChange => ({
  ...r,
  decision: null,
  score: null,
  grade: null,
  limit: null,
  points: [],
  reasons: [],
  active: false,
  listed: false,
});

const RESULT_SELECT = `select r.*, i.name as bank_name, e.name as enterprise_name,
       array(select f ->> 'input' from jsonb_array_elements(m.document->'features') as f) as feature_inputs
  from precredit_results r join institutions i on i.id = r.bank_id join enterprises e on e.id = r.enterprise_id
  join precredit_models m on m.id = r.model_id`;

interface RunRow {
  id: string;
  bank_id: string;
  model_id: string;
  seq: number;
  trigger: RunView['trigger'];
  status: RunView['status'];
  total: number;
  processed: number;
  rescored: number;
  listed: number;
  removed: number;
  error: string | null;
  started_at: Date;
  finished_at: Date | null;
}

const toRun = (r: RunRow): RunView => ({
  id: r.id,
  bankId: r.bank_id,
  modelId: r.model_id,
  seq: r.seq,
  trigger: r.trigger,
  status: r.status,
  total: r.total,
  processed: r.processed,
  rescored: r.rescored,
  listed: r.listed,
  removed: r.removed,
  error: r.error,
  startedAt: r.started_at,
  finishedAt: r.finished_at,
});


const UPSERT = `insert into precredit_results as r (bank_id, uscc, enterprise_id, model_id, model_version, inputs_hash, decision, score, grade, limit_amount,
         points, bins, reasons, listed, active, evaluated_at, valid_until, change_seq)
  select ?, x.u, x.e, x.m, x.v, x.h, x.d, x.s, x.g, x.l, x.p, x.b, x.r, x.li, true, x.at, x.vu, ? from SOURCE
  on conflict (bank_id, uscc) do update set
    enterprise_id = excluded.enterprise_id, model_id = excluded.model_id, model_version = excluded.model_version,
    inputs_hash = excluded.inputs_hash, decision = excluded.decision, score = excluded.score, grade = excluded.grade,
    limit_amount = excluded.limit_amount, points = excluded.points, bins = excluded.bins, reasons = excluded.reasons,
    listed = excluded.listed, active = true, evaluated_at = excluded.evaluated_at, valid_until = excluded.valid_until,
    change_seq = case when (r.decision, r.score, r.grade, r.limit_amount, r.listed, r.active, r.model_id)
                           is distinct from (excluded.decision, excluded.score, excluded.grade, excluded.limit_amount, excluded.listed, true, excluded.model_id)
                      then excluded.change_seq else r.change_seq end`;

/** An int array literal; written out because `Int32Array.prototype.join` is several times slower (every result row has two). */
function ints(values: Int32Array): string {
  let s = '{';
  for (let i = 0; i < values.length; i++) s += i === 0 ? String(values[i]) : `,${values[i]}`;
  return `${s}}`;
}

/** One row's columns in stage order (u, e, m, v, h, d, s, g, l, p, b, r, li, at, vu). */
const columns = (w: ResultWrite): (string | number | boolean | Date | null)[] => [
  w.uscc,
  w.enterpriseId,
  w.modelId,
  w.modelVersion,
  w.inputsHash,
  w.evaluation.decision,
  w.evaluation.score,
  w.evaluation.grade,
  w.evaluation.limit,
  ints(w.evaluation.points),
  ints(w.evaluation.bins),
  JSON.stringify(w.evaluation.reasons),
  w.listed,
  w.evaluatedAt,
  w.validUntil,
];

const ARRAY_TYPES = ['text', 'uuid', 'uuid', 'integer', 'text', 'text', 'integer', 'text', 'numeric', 'text', 'text', 'text', 'boolean', 'timestamptz', 'timestamptz'];

async function insertResults(tx: DbOrTrx, bankId: string, seq: number, rows: readonly ResultWrite[]): Promise<void> {
  if (rows.length === 0) return;
  const table = rows.map(columns);
  const source = `unnest(${ARRAY_TYPES.map((t) => `cast(? as ${t}[])`).join(', ')}) as y(u, e, m, v, h, d, s, g, l, p, b, r, li, at, vu),
    lateral (select y.u, y.e, y.m, y.v, y.h, y.d, y.s, y.g, y.l, y.p::smallint[] as p, y.b::smallint[] as b, y.r::jsonb as r, y.li, y.at, y.vu) as x`;
  // Array bindings: knex's RawBinding type does not list arrays of mixed element types.
  const bindings = [bankId, seq, ...ARRAY_TYPES.map((_, c) => table.map((row) => row[c]))] as unknown as Knex.RawBinding[];
  await tx.raw(UPSERT.replace('SOURCE', source), bindings);
}

const STAGE = `create temp table if not exists precredit_results_stage (u text, e uuid, m uuid, v integer, h text, d text, s integer, g text,
  l numeric(18,2), p smallint[], b smallint[], r jsonb, li boolean, at timestamptz, vu timestamptz) on commit delete rows`;

const RESULT_COLUMNS = `uscc, enterprise_id, model_id, model_version, inputs_hash, decision, score, grade, limit_amount, points, bins, reasons, listed,
  evaluated_at, valid_until, bank_id, active, change_seq`;

const TRANSITION_WORK_MEM = '32MB';

async function copyResults(tx: DbOrTrx, text: Buffer, replacing: boolean, bankId: string, seq: number): Promise<void> {
  if (text.length === 0) return;
  if (!(tx as Knex.Transaction).isTransaction) throw new Error('COPY needs the chunk transaction');
  const client = (await (tx as Knex.Transaction).client.acquireConnection()) as pg.PoolClient;
  // The statement check's transition table holds the chunk's rows (about 1 kB each): at the
  // default 4 MB it spilled to a temporary file on every COPY.
  await tx.raw(`set local work_mem = '${TRANSITION_WORK_MEM}'`);
  if (!replacing) {
    await pipeline(Readable.from([text]), client.query(copyFrom(`copy precredit_results (${RESULT_COLUMNS}) from stdin`)));
    return;
  }
  await tx.raw(STAGE);
  await pipeline(Readable.from([text]), client.query(copyFrom('copy precredit_results_stage from stdin')));
  await tx.raw(UPSERT.replace('SOURCE', 'precredit_results_stage as x'), [bankId, seq]);
}

/**
 * A chunk's results ready to write: on PostgreSQL already encoded as COPY text, so the result
 * objects die while young instead of waiting (and being copied by the young-generation
 * collector) until the chunk's transaction has begun.
 */
export type PreparedResults = { replacing: boolean; text: Buffer; rows?: undefined } | { replacing: boolean; rows: readonly ResultWrite[]; text?: undefined };

/**
 * What the run reads of each enterprise, as the consent gate's data expression (over
 * `gate.uscc`): its stored inputs while they were extracted from the profile's current, fresh
 * version; null when the run must re-extract them.
 */
export const RUN_INPUTS_SQL = `select i.inputs from precredit_inputs i join credit_profiles p on p.uscc = i.uscc
  where i.uscc = gate.uscc and not p.stale and p.current_version = i.profile_version`;

export interface WhitelistStore {
  /**
   * How many enterprises have an active `pre_credit` grant to the bank, and the USCC that ends
   * each run of `size` of them in USCC order, with its position: the ranges a run reads through
   * the consent gate. The last full run is followed by one more end a quarter of `size` before
   * the last enterprise, so the run's last chunk, scored and written after every other, is short.
   * Only grant metadata is read here; the gate re-checks every grant when it reads.
   */
  chunkEnds(tx: DbOrTrx, bankId: string, now: Date, size: number): Promise<{ total: number; ends: { uscc: string; position: number }[] }>;
  /**
   * The USCC of the bank's `size`-th active `pre_credit` grant in USCC order (none when it has
   * fewer): a first range a run can start reading before `chunkEnds` has counted them all.
   */
  firstChunkEnd(tx: DbOrTrx, bankId: string, now: Date, size: number): Promise<string | undefined>;
  /**
   * The bank's current results, read once per run: a join per chunk was planned from the
   * statistics of a table the run itself fills (a sequential scan per chunk once it grew).
   */
  previous(tx: DbOrTrx, bankId: string): Promise<Map<string, PreviousResult>>;
  saveInputs(tx: DbOrTrx, rows: { uscc: string; profileVersion: number; asOf: string; inputs: ModelInputs }[], at: Date): Promise<void>;
  /** `replacing`: some rows may already have a result for the bank (an upsert); otherwise they are all new. */
  prepareResults(bankId: string, seq: number, rows: readonly ResultWrite[], replacing: boolean): PreparedResults;
  writeResults(tx: DbOrTrx, bankId: string, seq: number, prepared: PreparedResults): Promise<void>;
  /** Of `usccs`, marks the results whose enterprise no longer has an active grant as removed; returns their USCCs. */
  removeUnauthorised(tx: DbOrTrx, bankId: string, seq: number, now: Date, usccs: readonly string[]): Promise<string[]>;
  startRun(tx: DbOrTrx, run: { bankId: string; modelId: string; trigger: RunView['trigger']; startedBy: string | null; at: Date }): Promise<RunView>;
  progress(tx: DbOrTrx, runId: string, fields: Partial<Pick<RunView, 'total' | 'processed' | 'rescored' | 'listed' | 'removed'>>): Promise<void>;
  finishRun(tx: DbOrTrx, runId: string, status: 'done' | 'failed', error: string | null, at: Date): Promise<void>;
  /** Stamps the runs this process is executing: they still have a process. */
  heartbeat(tx: DbOrTrx, runIds: readonly string[], at: Date): Promise<void>;
  /** Fails the bank's `running` run whose last stamp (or start, before any) is older than `before`: its process died. */
  failAbandoned(tx: DbOrTrx, bankId: string, before: Date, error: string, at: Date): Promise<void>;
  run(tx: DbOrTrx, runId: string): Promise<RunView | undefined>;
  runs(tx: DbOrTrx, bankId: string, limit: number): Promise<RunView[]>;
  /** The bank's current results whose enterprise grants it `pre_credit` at `now`. */
  list(tx: DbOrTrx, bankId: string, filter: WhitelistFilter, now: Date): Promise<{ items: PrecreditResult[]; total: number }>;
  /** Rows changed after the (sequence, USCC) position, oldest first; one whose grant ended by `now` as a bare removal. */
  changes(tx: DbOrTrx, bankId: string, afterSeq: number, afterUscc: string, limit: number, now: Date): Promise<PrecreditChange[]>;
  lastFetched(tx: DbOrTrx, bankId: string): Promise<string>;
  saveFetchCursor(tx: DbOrTrx, bankId: string, cursor: string, at: Date): Promise<void>;
  forEnterprise(tx: DbOrTrx, enterpriseId: string): Promise<PrecreditResult[]>;
}

/** `copy` (PostgreSQL): results are staged by COPY, then upserted; `statement` (PGlite): one upsert from arrays. */
export const createWhitelistStore = (bulkLoad: 'copy' | 'statement'): WhitelistStore => ({
  async chunkEnds(tx, bankId, now, size) {
    const { rows } = await tx.raw(
      `select f.uscc, f.n, f.total from (
         select uscc, row_number() over (order by uscc) as n, count(*) over () as total
           from (select distinct g.enterprise_uscc as uscc from consent_grants g where ${ACTIVE_GRANT}) as d) as f
        where f.n % ? = 0 or f.n = f.total or (f.n = f.total - ? and f.n > f.total - (f.total - 1) % ? - 1) order by f.uscc`,
      [bankId, now, now, size, Math.floor(size / 4), size],
    );
    const ends = rows as { uscc: string; n: number | string; total: number | string }[];
    return { total: Number(ends[0]?.total ?? 0), ends: ends.map((r) => ({ uscc: r.uscc.trim(), position: Number(r.n) })) };
  },

  async firstChunkEnd(tx, bankId, now, size) {
    const { rows } = await tx.raw(`select g.enterprise_uscc as uscc from consent_grants g where ${ACTIVE_GRANT} order by g.enterprise_uscc offset ? limit 1`, [
      bankId,
      now,
      now,
      size - 1,
    ]);
    return (rows as { uscc: string }[])[0]?.uscc.trim();
  },

  async previous(tx, bankId) {
    const { rows } = await tx.raw('select uscc, inputs_hash, model_id, active, listed from precredit_results where bank_id = ?', [bankId]);
    return new Map(
      (rows as { uscc: string; inputs_hash: string; model_id: string; active: boolean; listed: boolean }[]).map((r) => [
        r.uscc.trim(),
        { inputsHash: r.inputs_hash.trim(), modelId: r.model_id, active: r.active, listed: r.listed },
      ]),
    );
  },

  async saveInputs(tx, rows, at) {
    if (rows.length === 0) return;
    await tx.raw(
      `insert into precredit_inputs (uscc, profile_version, as_of, inputs, updated_at)
       select x.uscc, x.version, x.as_of, x.inputs, ? from jsonb_to_recordset(?::jsonb) as x(uscc text, version integer, as_of date, inputs jsonb)
       on conflict (uscc) do update set profile_version = excluded.profile_version, as_of = excluded.as_of, inputs = excluded.inputs, updated_at = excluded.updated_at`,
      [at, JSON.stringify(rows.map((r) => ({ uscc: r.uscc, version: r.profileVersion, as_of: r.asOf, inputs: r.inputs })))],
    );
  },

  prepareResults: (bankId, seq, rows, replacing) => (bulkLoad === 'copy' ? { replacing, text: encodeResults(bankId, seq, rows, replacing) } : { replacing, rows }),
  writeResults: (tx, bankId, seq, prepared) =>
    prepared.text ? copyResults(tx, prepared.text, prepared.replacing, bankId, seq) : insertResults(tx, bankId, seq, prepared.rows ?? []),

  async removeUnauthorised(tx, bankId, seq, now, usccs) {
    if (usccs.length === 0) return [];
    const { rows } = await tx.raw(
      `update precredit_results r set active = false, listed = false, change_seq = ?
        where r.bank_id = ? and r.active and r.uscc = any(cast(? as char(18)[]))
          and not exists (select 1 from consent_grants g where g.enterprise_uscc = r.uscc and ${ACTIVE_GRANT})
       returning r.uscc`,
      [seq, bankId, [...usccs], bankId, now, now],
    );
    return (rows as { uscc: string }[]).map((r) => r.uscc.trim());
  },

  async startRun(tx, run) {
    const { rows } = await tx.raw(
      `insert into precredit_runs (bank_id, model_id, seq, trigger, status, started_by, started_at)
       values (?, ?, nextval('precredit_change_seq'), ?, 'running', ?, ?) returning *`,
      [run.bankId, run.modelId, run.trigger, run.startedBy, run.at],
    );
    return toRun(rows[0] as RunRow);
  },
  async progress(tx, runId, fields) {
    await tx('precredit_runs').where({ id: runId }).update(fields);
  },
  async finishRun(tx, runId, status, error, at) {
    await tx('precredit_runs').where({ id: runId }).update({ status, error, finished_at: at });
  },
  async heartbeat(tx, runIds, at) {
    if (runIds.length > 0) await tx('precredit_runs').whereIn('id', runIds).andWhere({ status: 'running' }).update({ heartbeat_at: at });
  },
  async failAbandoned(tx, bankId, before, error, at) {
    await tx('precredit_runs')
      .where({ bank_id: bankId, status: 'running' })
      .andWhereRaw('coalesce(heartbeat_at, started_at) < ?', [before])
      .update({ status: 'failed', error, finished_at: at });
  },
  async run(tx, runId) {
    const row = (await tx('precredit_runs').where({ id: runId }).first()) as RunRow | undefined;
    return row && toRun(row);
  },
  async runs(tx, bankId, limit) {
    return ((await tx('precredit_runs').where({ bank_id: bankId }).orderBy('started_at', 'desc').limit(limit)) as RunRow[]).map(toRun);
  },

  async list(tx, bankId, f, now) {
    const where = ['r.bank_id = ?', 'r.active', GRANT_LIVE];
    const params: (string | number | Date)[] = [bankId, now, now];
    if (f.listedOnly) where.push('r.listed');
    if (f.grade) {
      where.push('r.grade = ?');
      params.push(f.grade);
    }
    if (f.minLimit) {
      where.push('r.limit_amount >= ?');
      params.push(f.minLimit);
    }
    if (f.q) {
      where.push(`(e.name like ? or r.uscc like ?)`);
      params.push(containsPattern(f.q), containsPattern(f.q.toUpperCase()));
    }
    const clause = where.join(' and ');
    const { rows } = await tx.raw(`${RESULT_SELECT} where ${clause} order by r.score desc, r.uscc limit ? offset ?`, [...params, f.limit, f.offset]);
    const { rows: count } = await tx.raw(`select count(*) as n from precredit_results r join enterprises e on e.id = r.enterprise_id where ${clause}`, params);
    return { items: (rows as ResultRow[]).map(toResult), total: Number((count[0] as { n: number }).n) };
  },
  async changes(tx, bankId, afterSeq, afterUscc, limit, now) {
    const { rows } = await tx.raw(
      `${RESULT_SELECT.replace('select r.*,', `select r.*, ${GRANT_LIVE} as grant_live,`)}
        where r.bank_id = ? and (r.change_seq, r.uscc) > (?, cast(? as char(18))) order by r.change_seq, r.uscc limit ?`,
      [now, now, bankId, afterSeq, afterUscc, limit],
    );
    return (rows as (ResultRow & { grant_live: boolean })[]).map((r) => (r.grant_live ? toResult(r) : removal(toResult(r))));
  },
  async lastFetched(tx, bankId) {
    const row = (await tx('precredit_fetch_cursors').where({ bank_id: bankId }).first()) as { last_cursor: string } | undefined;
    return row?.last_cursor ?? '0';
  },
  async saveFetchCursor(tx, bankId, cursor, at) {
    await tx.raw(
      `insert into precredit_fetch_cursors (bank_id, last_cursor, fetched_at) values (?, ?, ?)
       on conflict (bank_id) do update set last_cursor = excluded.last_cursor, fetched_at = excluded.fetched_at`,
      [bankId, cursor, at],
    );
  },
  async forEnterprise(tx, enterpriseId) {
    const { rows } = await tx.raw(`${RESULT_SELECT} where r.enterprise_id = ? and r.active order by r.limit_amount desc nulls last, r.score desc`, [enterpriseId]);
    return (rows as ResultRow[]).map(toResult);
  },
});
