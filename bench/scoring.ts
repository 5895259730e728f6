import { Writable, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import { loadConfig } from '../src/config.js';
import { openDatabase } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { systemClock } from '../src/platform/clock.js';
import { createLogger } from '../src/platform/logger.js';
import { DEFAULT_MODEL } from '../src/precredit/default-model.js';
import { Scorecard } from '../src/precredit/evaluate.js';
import { syntheticSample } from '../src/precredit/synthetic-sample.js';
import { train } from '../src/precredit/train.js';
import { createServices } from '../src/services.js';
import { clusterCpuSeconds, cpuSeconds, parentPid } from './_cpu.js';
import { benchCluster } from './_bench-cluster.js';

/**
 * Pre-credit scoring (issue 14), three numbers:
 * - eval_per_s_per_core: the default 15-feature model with its 7 knockouts over in-memory
 *   inputs, one thread. Baseline in the same run: reading the same 15 inputs of each profile.
 * - whitelist_ratio: one white-list run over ROWS authorised enterprises (read inputs, score,
 *   write results with reasons) against a COPY out of the same input rows plus a COPY in of
 *   the same result rows into a table of the same shape.
 * - train_s: binning, WoE, IRLS fit and validation on ROWS labelled rows × 15 features.
 * BENCH_SCORING_ROWS sets ROWS (default 200,000). On a shared machine the wall times follow the
 * others' load, so the CPU seconds of this process and of the whole PostgreSQL cluster are also
 * reported for the run and for the baseline (`whitelist_cpu_ratio`, the same quotient in CPU).
 */
const ROWS = Number(process.env.BENCH_SCORING_ROWS ?? 200_000);
const EVAL_SECONDS = Number(process.env.BENCH_SCORING_EVAL_SECONDS ?? 3);

let sample = syntheticSample(ROWS, 77);
const card = new Scorecard(DEFAULT_MODEL);
const features = DEFAULT_MODEL.features.map((f) => f.input);
const bins = new Int32Array(features.length);

function timeLoop(work: (i: number) => number): { perS: number; checksum: number } {
  let checksum = 0;
  let n = 0;
  const start = performance.now();
  const deadline = start + EVAL_SECONDS * 1000;
  while (performance.now() < deadline) {
    for (let i = 0; i < sample.rows.length; i++) checksum += work(i);
    n += sample.rows.length;
  }
  return { perS: n / ((performance.now() - start) / 1000), checksum };
}

timeLoop((i) => card.decide(sample.rows[i]!, bins).score);
const readBaseline = timeLoop((i) => {
  const row = sample.rows[i]!;
  let s = 0;
  for (let j = 0; j < features.length; j++) s += row[features[j]!] === null ? 1 : 0;
  return s;
});
const decide = timeLoop((i) => card.decide(sample.rows[i]!, bins).score);
const explained = timeLoop((i) => card.evaluate(sample.rows[i]!).score);
console.log(
  `evaluation: ${Math.round(decide.perS)} /s (inputs read baseline ${Math.round(readBaseline.perS)} /s); with per-feature points and Chinese reasons ${Math.round(explained.perS)} /s`,
);

const trainStart = performance.now();
const trained = train(sample.rows, sample.bad, { features: features.map((input) => ({ input })), template: DEFAULT_MODEL, name: '基准训练' });
const trainSeconds = (performance.now() - trainStart) / 1000;
console.log(`training: ${ROWS} rows × ${features.length} features in ${trainSeconds.toFixed(2)} s, hold-out AUC ${trained.report.auc.toFixed(3)}, ${trained.report.iterations} IRLS iterations`);

const { cluster, url } = await benchCluster('scoring');
try {
  const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url, DATA_DIR: '/tmp', JWT_SECRET: 'x'.repeat(40), SM4_KEY: '0'.repeat(32), LOG_LEVEL: 'warn' });
  const database = await openDatabase(config.database);
  const knex = database.knex;
  await migrateToLatest(knex);
  const services = createServices({ config, database, clock: systemClock, logger: createLogger('warn') });

  const loadStart = performance.now();
  const uscc = `'91B' || lpad(i::text, 15, '0')`;
  await knex.raw(`insert into districts values ('420202', '黄石港区')`);
  const [bank] = await knex('institutions').insert({ code: 'BENCH_BANK', name: '基准银行', type: 'bank', uscc: '11420200000000000B' }).returning('id');
  const bankId = (bank as { id: string }).id;
  await knex.raw(`insert into market_entities (uscc, name, entity_type, legal_representative, district_code, status, established_on, registered_capital, industry)
    select ${uscc}, '基准企业' || i, 'enterprise', '张三', '420202', 'existing', date '2015-01-01', 1000000, '批发业' from generate_series(1, ?) as i`, [ROWS]);
  await knex.raw(`insert into enterprises (uscc, name, legal_representative, contact_name, contact_mobile_enc) select ${uscc}, '基准企业' || i, '张三', '张三', 'x' from generate_series(1, ?) as i`, [ROWS]);
  await knex.raw(`insert into consent_grants (enterprise_id, enterprise_uscc, grantee_institution_id, scopes, purpose, valid_from, valid_until, fetch_type, frequency_unit, frequency_value, artefact, artefact_signature, created_by, created_at)
    select e.id, e.uscc, ?, array['register','tax','social_security','provident_fund','utilities','permits','penalties','judicial','credit_lists','honours','intellectual_property'],
           'pre_credit', now() - interval '1 day', now() + interval '180 days', 'PERIODIC', 'DAY', 10, '{}', 'x', 'bench', now() from enterprises e`, [bankId]);
  // Every grant has its usage row (as the consent service creates it): the run consumes a use of each.
  await knex.raw(`insert into consent_grant_usage (grant_id) select id from consent_grants`);
  await knex.raw(`insert into credit_profiles (uscc, current_version, stale) select uscc, 1, false from enterprises`);
  for (let i = 0; i < ROWS; i += 10_000) {
    const chunk = sample.rows.slice(i, i + 10_000).map((inputs, j) => ({ uscc: `91B${String(i + j + 1).padStart(15, '0')}`, version: 1, as_of: '2026-12-01', inputs }));
    await knex.raw(`insert into precredit_inputs (uscc, profile_version, as_of, inputs, updated_at)
      select x.uscc, x.version, x.as_of, x.inputs, now() from jsonb_to_recordset(?::jsonb) as x(uscc text, version integer, as_of date, inputs jsonb)`, [JSON.stringify(chunk)]);
  }
  await knex.raw('analyze');
  // The run should not pay for garbage collection over this process's own test data.
  sample = { rows: [], bad: new Uint8Array() };
  console.log(`loaded ${ROWS} authorised enterprises with inputs in ${((performance.now() - loadStart) / 1000).toFixed(1)} s`);

  const postmaster = parentPid((await knex.raw('select pg_backend_pid() as pid')).rows[0].pid as number);
  const cpu = () => cpuSeconds(process.pid) + clusterCpuSeconds(postmaster);
  const runCpuStart = cpu();
  const runStart = performance.now();
  const run = await services.precredit.whitelist.start(bankId, 'manual', null);
  await services.precredit.whitelist.settled();
  const runSeconds = (performance.now() - runStart) / 1000;
  const runCpu = cpu() - runCpuStart;
  const done = await services.precredit.whitelist.run(bankId, run.id);
  if (done.status !== 'done' || done.rescored !== ROWS) throw new Error(`run ended ${done.status}: ${done.error ?? `${done.rescored} rescored`}`);
  console.log(`white-list run: ${ROWS} enterprises in ${runSeconds.toFixed(2)} s (${done.listed} listed)`);

  // Baseline: COPY out the same feature rows, COPY in the same result rows.
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query('create table bench_results_copy (like precredit_results including all)');
  const resultText: Buffer[] = [];
  await pipeline(client.query(copyTo('copy precredit_results to stdout')), new Writable({ write: (c: Buffer, _e, cb) => void (resultText.push(c), cb()) }));
  const copyCpuStart = cpu();
  const copyStart = performance.now();
  let featureBytes = 0;
  await pipeline(
    client.query(copyTo(`copy (select i.uscc, i.inputs from precredit_inputs i join consent_grants g on g.enterprise_uscc = i.uscc where g.grantee_institution_id = '${bankId}') to stdout`)),
    new Writable({ write: (c: Buffer, _e, cb) => void ((featureBytes += c.length), cb()) }),
  );
  const copyOutSeconds = (performance.now() - copyStart) / 1000;
  await pipeline(Readable.from(resultText), client.query(copyFrom('copy bench_results_copy from stdin')));
  const copySeconds = (performance.now() - copyStart) / 1000;
  const copyCpu = cpu() - copyCpuStart;
  await client.end();
  console.log(`COPY baseline: out ${(featureBytes / 1e6).toFixed(1)} MB in ${copyOutSeconds.toFixed(2)} s, in ${(resultText.reduce((s, b) => s + b.length, 0) / 1e6).toFixed(1)} MB; total ${copySeconds.toFixed(2)} s`);
  await database.close();
  console.log(
    JSON.stringify({
      bench: 'scoring',
      eval_per_s_per_core: Math.round(decide.perS),
      whitelist_ratio: Number((copySeconds / runSeconds).toFixed(2)),
      train_s: Number(trainSeconds.toFixed(2)),
      rows: ROWS,
      eval_explained_per_s: Math.round(explained.perS),
      eval_read_baseline_per_s: Math.round(readBaseline.perS),
      whitelist_run_s: Number(runSeconds.toFixed(2)),
      copy_baseline_s: Number(copySeconds.toFixed(2)),
      whitelist_cpu_s: Number(runCpu.toFixed(2)),
      copy_baseline_cpu_s: Number(copyCpu.toFixed(2)),
      whitelist_cpu_ratio: Number((copyCpu / runCpu).toFixed(2)),
      train_auc: Number(trained.report.auc.toFixed(3)),
    }),
  );
} finally {
  cluster.stop();
}
