import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import knexFactory from 'knex';
import { BankSimulator } from '../bank-adapters/simulator/bank-simulator.js';
import type { SimScriptInput } from '../bank-adapters/simulator/script.js';
import { simulatedBankSetup } from '../bank-adapters/simulator/simulated-banks.js';
import { BANK_EVENT_TARGET } from '../src/lending/applications/loan-application.js';
import { addMoney } from '../src/platform/money.js';
import { generateSm2KeyPair } from '../src/platform/sm2.js';
import { freePort } from '../scripts/ops/processes.js';
import { findPostgresBinDir, startCluster } from '../test/setup/postgres-cluster.js';

/**
 * Reliability run of lending (issue #7): two app instances on one PostgreSQL, the bank simulator
 * sending ~10,000 callbacks (30 % duplicates, ~10 % badly signed first deliveries, 10 % of the
 * applications' callbacks reordered), 5xx and lost responses on outbound submissions, and one
 * instance killed (SIGKILL) mid-run and restarted. Afterwards it checks that no application is
 * lost or applied twice, that every badly signed callback was refused and logged, and that each
 * outbox row reached the bank at most once per recorded attempt.
 *
 *   npm run bench -- lending-reliability [--applications 1000]
 *
 * The last line is JSON; `ratio` is consistent applications / applications (1 = all consistent).
 */
const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const argValue = (name: string) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
};
const APPLICATIONS = Number(argValue('--applications') ?? 1000);
const STEPS = 7;

const fraction = (id: string, salt: string) => createHash('sha256').update(salt + id).digest().readUInt32BE(0) / 0xffffffff;

/** Per-application faults, chosen from a hash of the id so the run is reproducible in shape. */
function scriptFor(applicationId: string): SimScriptInput {
  return {
    duplicate: fraction(applicationId, 'dup') < 0.43,
    badSignature: fraction(applicationId, 'sig') < 0.143,
    reorder: fraction(applicationId, 'ord') < 0.1,
    submitFailures: fraction(applicationId, '5xx') < 0.2 ? 2 : 0,
    submitTimeouts: fraction(applicationId, 'lost') < 0.1 ? 1 : 0,
    steps: [
      { event: 'accepted', afterMs: 20 },
      { event: 'under_review', afterMs: 20 },
      // Inside every demo product's rate range (the platform refuses an approval outside it).
      { event: 'approved', afterMs: 20, rate: '4.00' },
      { event: 'contracted', afterMs: 20 },
      { event: 'disbursed', afterMs: 20, amount: '60000', reference: 'T1' },
      { event: 'disbursed', afterMs: 20, reference: 'T2' },
      { event: 'repaid', afterMs: 20, amount: '10000', reference: 'R1' },
    ],
  };
}

async function waitHealthy(url: string, timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(`${url}/healthz`)).status === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not become healthy`);
}

const binDir = findPostgresBinDir();
if (!process.env.DATABASE_URL && !binDir) {
  console.error('needs PostgreSQL: set DATABASE_URL or install the PostgreSQL server binaries');
  process.exit(2);
}
const cluster = process.env.DATABASE_URL ? undefined : await startCluster(binDir!);
const databaseUrl = process.env.DATABASE_URL ?? cluster!.url;
const logDir = mkdtempSync(join(tmpdir(), 'xyd-reliability-'));
const keys = generateSm2KeyPair();
const simulator = new BankSimulator({ banks: [], retryScale: 1 / 1500, scriptFor });
const simulatorUrl = await simulator.start();
const banks = [
  { bankCode: 'CCB_HS', protocol: 'json-webhooks' as const },
  { bankCode: 'HBB_HS', protocol: 'json-webhooks' as const },
  { bankCode: 'ICBC_HS', protocol: 'cn-open-platform-sm' as const },
];
const setup = simulatedBankSetup(banks, simulatorUrl, keys.publicKey);
const settings = setup.settings.map((s) => ({ ...s, options: { ...s.options, timeoutMs: 3_000 } }));
const ports = { a: await freePort(), b: await freePort() };
const urls = { a: `http://127.0.0.1:${ports.a}`, b: `http://127.0.0.1:${ports.b}` };
const env = (port: number): NodeJS.ProcessEnv => ({
  PATH: process.env.PATH,
  NODE_ENV: 'test',
  PORT: String(port),
  HOST: '127.0.0.1',
  DATA_DIR: logDir,
  DATABASE_URL: databaseUrl,
  DATABASE_POOL_MAX: '20',
  JWT_SECRET: 'reliability-secret-reliability-secret',
  SM4_KEY: '0123456789abcdeffedcba9876543210',
  PLATFORM_SM2_PRIVATE_KEY: keys.privateKey,
  PLATFORM_SM2_PUBLIC_KEY: keys.publicKey,
  BANK_ADAPTERS: JSON.stringify(settings),
  BANK_SIMULATOR: 'false',
  DEMO_ENTITY_COUNT: '300',
  LOG_LEVEL: 'warn',
  OUTBOX_POLL_MS: '50',
  OUTBOX_BACKOFF_BASE_MS: '100',
  SCHEDULER_ENABLED: 'false',
  // The run checks that every badly signed callback was kept: none may fall past the limit.
  BANK_CALLBACK_REJECTIONS_MAX_PER_BANK: '1000000',
});
const children = new Set<ChildProcess>();
// An interrupted run still stops its app instances and its PostgreSQL cluster.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    for (const child of children) child.kill('SIGKILL');
    cluster?.stop();
    process.exit(130);
  });
}
const startInstance = (name: 'a' | 'b' | 'a2'): ChildProcess => {
  const port = name === 'b' ? ports.b : ports.a;
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src/server.ts')], { cwd: root, env: env(port), stdio: ['ignore', 'pipe', 'pipe'] });
  const log = createWriteStream(join(logDir, `instance-${name}.log`));
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
};

const knex = knexFactory({ client: 'pg', connection: databaseUrl, pool: { min: 0, max: 4 } });
const started = Date.now();
let phase = 'starting';
const progress = setInterval(() => console.error(`[${Math.round((Date.now() - started) / 1000)}s] ${phase} ${JSON.stringify(simulator.stats)}`), 5_000);
let result: Record<string, unknown> = {};
try {
  phase = 'booting instances';
  let a = startInstance('a');
  await waitHealthy(urls.a);
  startInstance('b');
  await waitHealthy(urls.b);
  // CCB and ICBC call back to instance A (the one that gets killed), HBB to B.
  for (const bank of setup.simulated(urls.a)) simulator.addBank(bank.bankCode === 'HBB_HS' ? { ...bank, callbackUrl: bank.callbackUrl.replace(urls.a, urls.b) } : bank);

  const username = (await knex('users').where({ role: 'enterprise' }).first('username')).username as string;
  const token = async (url: string) =>
    ((await (await fetch(`${url}/api/v1/auth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: 'Demo@2026' }) })).json()) as { accessToken: string }).accessToken;
  const tokens = { b: await token(urls.b) };
  const productRows = (await knex('loan_products as p').join('institutions as i', 'i.id', 'p.bank_id').where('p.status', 'published').select('p.id', 'i.code')) as { id: string; code: string }[];
  const productOf = (code: string) => productRows.find((p) => p.code === code)!.id;
  // An enterprise has one open application per product: each application of the run's one
  // enterprise goes to its own copy of its bank's product.
  const bankOf = (i: number) => (i % 10 === 9 ? 'ICBC_HS' : i % 2 === 0 ? 'CCB_HS' : 'HBB_HS');
  const columns = ((await knex('information_schema.columns').where({ table_name: 'loan_products' }).whereNot({ column_name: 'id' }).pluck('column_name')) as string[])
    .map((c) => `"${c}"`)
    .join(', ');
  const productFor: string[] = [];
  for (let i = 0; i < APPLICATIONS; i++) {
    const copied = await knex.raw(`insert into loan_products (${columns}) select ${columns} from loan_products where id = ? returning id`, [productOf(bankOf(i))]);
    productFor.push((copied.rows as { id: string }[])[0]!.id);
  }

  // Kill instance A once, mid-run (after 40 % of the callbacks), and bring it back on the same port.
  const expectedCallbacks = APPLICATIONS * STEPS;
  let killedAt = -1;
  const killer = (async () => {
    while (simulator.stats.callbacksAcknowledged < expectedCallbacks * 0.4) await new Promise((r) => setTimeout(r, 100));
    a.kill('SIGKILL');
    killedAt = simulator.stats.callbacksAcknowledged;
    await new Promise((r) => setTimeout(r, 1_500));
    a = startInstance('a2');
    await waitHealthy(urls.a);
  })();

  // Apply through instance B in waves of 100 (the simulator shares this process), 8 at a time.
  const ids: string[] = [];
  for (let wave = 0; wave * 100 < APPLICATIONS; wave++) {
    phase = `applying wave ${wave + 1}`;
    const waveIds: string[] = [];
    let next = wave * 100;
    const end = Math.min(APPLICATIONS, next + 100);
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < end) {
          const i = next++;
          const res = await fetch(`${urls.b}/api/v1/loan-applications`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.b}` },
            body: JSON.stringify({ productId: productFor[i], amount: '500000', termMonths: 12, purpose: `可靠性演练 ${i}` }),
          });
          if (res.status !== 201) throw new Error(`apply ${i}: ${res.status} ${await res.text()}`);
          waveIds.push(((await res.json()) as { application: { id: string } }).application.id);
        }
      }),
    );
    ids.push(...waveIds);
    while (!waveIds.every((id) => simulator.application(id)?.status === 'repaid')) await new Promise((r) => setTimeout(r, 200));
  }
  phase = 'waiting for the kill';
  await killer;

  phase = 'draining';
  // Drain: every submission delivered and every callback settled at the bank.
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    const pending = Number((await knex('outbox_messages').where({ status: 'pending' }).count({ n: '*' }).first())?.n);
    const unsettled = ids.filter((id) => simulator.application(id)?.status !== 'repaid');
    const settled = unsettled.length === 0;
    const first = unsettled[0] ? simulator.application(unsettled[0]) : undefined;
    phase = `draining (${pending} pending, ${unsettled.length} unsettled at the bank: ${JSON.stringify(first && { ...first, bank: first.bank.bankCode, script: scriptFor(first.applicationId) })})`;
    if (pending === 0 && settled) {
      phase = 'waiting for the last callbacks';
      await simulator.idle(15 * 60_000);
      break;
    }
    if (Date.now() > deadline) throw new Error(`not drained: ${pending} outbox messages pending`);
    await new Promise((r) => setTimeout(r, 250));
  }

  phase = 'checking';
  // ---- checks ----
  const problems: string[] = [];
  let consistent = 0;
  const apps = await knex('loan_applications').whereIn('id', ids);
  if (apps.length !== APPLICATIONS) problems.push(`${APPLICATIONS - apps.length} applications lost`);
  const ledger = await knex('loan_ledger_entries').whereIn('application_id', ids);
  const events = await knex('loan_application_events').whereIn('application_id', ids);
  for (const app of apps) {
    const bank = simulator.application(app.id)!;
    const mine = ledger.filter((l) => l.application_id === app.id);
    const history = events.filter((e) => e.application_id === app.id);
    const disbursed = bank.disbursements.reduce((s, t) => addMoney(s, t.amount), '0.00');
    const repaid = bank.repayments.reduce((s, t) => addMoney(s, t.amount), '0.00');
    const moves = history.filter((e) => e.action !== 'record' && e.action !== 'create').map((e) => e.action as string);
    const ok =
      app.status === BANK_EVENT_TARGET[bank.status as keyof typeof BANK_EVENT_TARGET] &&
      app.disbursed_amount === disbursed &&
      app.repaid_amount === repaid &&
      mine.length === bank.disbursements.length + bank.repayments.length &&
      new Set(moves).size === moves.length &&
      history.filter((e) => e.details?.entry).length === mine.length;
    if (ok) consistent += 1;
    else if (problems.length < 20) problems.push(`application ${app.id} inconsistent (status ${app.status}, bank ${bank.status})`);
  }
  if (simulator.stats.applicationsCreated !== APPLICATIONS) problems.push(`bank created ${simulator.stats.applicationsCreated} applications for ${APPLICATIONS}`);
  const submits = await knex('outbox_messages').where('topic', 'loan_application.submit').whereRaw(`payload->>'applicationId' = any(?)`, [ids]);
  for (const m of submits) {
    if (simulator.submitAttemptsFor(m.message_key) > m.attempts) problems.push(`${m.message_key}: bank saw more requests than recorded attempts`);
  }
  const duplicateAttempts = await knex('outbox_attempts').groupBy('message_id', 'attempt').havingRaw('count(*) > 1').select('message_id');
  if (duplicateAttempts.length) problems.push(`${duplicateAttempts.length} outbox attempts taken twice`);
  const attemptsByInstance = (await knex('outbox_attempts').groupBy('instance_id').select('instance_id').count({ n: '*' })) as { instance_id: string; n: string | number }[];
  const refusedLogged = Number((await knex('bank_callback_rejections').where({ reason: 'SIGNATURE_MISMATCH' }).count({ n: '*' }).first())?.n);
  if (simulator.stats.badlySignedAcknowledged > 0) problems.push(`${simulator.stats.badlySignedAcknowledged} badly signed callbacks acknowledged`);
  if (refusedLogged < simulator.stats.badlySignedRefused) problems.push(`${simulator.stats.badlySignedRefused - refusedLogged} refused bad signatures not logged`);
  const callbackRows = Number((await knex('bank_callbacks').count({ n: '*' }).first())?.n);

  result = {
    bench: 'lending-reliability',
    ratio: consistent / APPLICATIONS,
    applications: APPLICATIONS,
    consistent,
    callbackDeliveries: simulator.stats.callbackAttempts,
    callbacksAcknowledged: simulator.stats.callbacksAcknowledged,
    distinctEventsApplied: callbackRows,
    badlySignedSent: simulator.stats.badlySignedSent,
    badlySignedRefusedAndLogged: refusedLogged,
    submitRequestsAtBank: simulator.stats.submits,
    submitsReplayedByKey: simulator.stats.replayedSubmits,
    bankApplicationsCreated: simulator.stats.applicationsCreated,
    killedAfterAcknowledged: killedAt,
    outboxAttemptsByInstance: Object.fromEntries(attemptsByInstance.map((r) => [String(r.instance_id).replace(/^[^:]*:/, ''), Number(r.n)])),
    seconds: Math.round((Date.now() - started) / 1000),
    problems,
  };
} finally {
  clearInterval(progress);
  for (const child of children) child.kill('SIGKILL');
  await simulator.stop();
  await knex.destroy();
  cluster?.stop();
  if ((result.problems as string[] | undefined)?.length === 0) rmSync(logDir, { recursive: true, force: true });
  else console.error(`instance logs kept in ${logDir}`);
}
console.log(JSON.stringify(result));
process.exit((result.problems as string[] | undefined)?.length === 0 ? 0 : 1);
