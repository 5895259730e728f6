import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExchangeSimulator } from '../src/national-feed/exchange/exchange-simulator.js';
import { FeedService } from '../src/national-feed/feed-service.js';
import { feedStore, type FeedStore } from '../src/national-feed/feed-store.js';
import type { FeedFile, Submission } from '../src/national-feed/feed-submission.js';
import { systemClock } from '../src/platform/clock.js';
import { createLogger } from '../src/platform/logger.js';
import { sm3Hex } from '../src/platform/national-crypto.js';
import { sm2Verify } from '../src/platform/sm2.js';
import { monthBounds } from '../src/national-feed/feed-builder.js';
import { loadFeedFormat } from '../src/national-feed/feed-format.js';
import { streamSource } from '../src/national-feed/feed-source-store.js';
import { rowSourceFor } from '../src/national-feed/snapshot-copy.js';
import { seedFeedMonth, type FeedMonthData } from './helpers/feed-fixtures.js';
import { hasPostgres } from './helpers/test-database.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let platform: TestPlatform;
let feed: FeedService;
let national: ExchangeSimulator;
let data: FeedMonthData;

beforeAll(async () => {
  platform = await startTestPlatform({ SCHEDULER_ENABLED: 'false', OUTBOX_POLL_MS: '20', OUTBOX_BACKOFF_BASE_MS: '20' });
  feed = platform.services.nationalFeed.feed;
  national = platform.services.nationalFeed.simulators.national!;
  data = await seedFeedMonth(platform.database.knex, 6);
});
afterAll(async () => {
  await platform?.close();
});

const bytesOf = async (s: Submission, f: FeedFile): Promise<Buffer> => {
  const parts: Buffer[] = [];
  for await (const c of (await feed.file(s.id, f.id)).bytes) parts.push(c);
  return Buffer.concat(parts);
};
const dataFiles = async (s: Submission) => (await feed.get(s.id)).files.filter((f) => f.kind === 'data' || f.kind === 'corrections');
const jsonl = (bytes: Buffer) => gunzipSync(bytes).toString('utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);

async function until<T>(probe: () => Promise<T | undefined | false>, what: string, ms = 10_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
const delivered = (id: string) => until(async () => {
  const { submission } = await feed.get(id);
  return ['delivered', 'receipted'].includes(submission.status) && submission;
}, `delivery of ${id}`);

describe('national feed: build', () => {
  it('builds the month into signed, digested files that are byte-identical when built twice', async () => {
    const first = await feed.build({ target: 'national', month: data.month, trigger: 'manual', requestedBy: null });
    expect(first.status).toBe('ready');
    expect(first.counts).toMatchObject({ platform_stats: 1, loan_application: 6, credit_grant: 6, loan_disbursement: 6, repayment_status: 6, credit_record: 1 });
    const recordTypes = loadFeedFormat(first.formatVersion).rowTypes.length;
    const rows = Object.values(first.counts).reduce((sum, n) => sum + n, 0);
    expect(first.progress).toEqual({ rows, recordTypesDone: recordTypes, recordTypes });
    await delivered(first.id);
    const second = await feed.build({ target: 'national', month: data.month, trigger: 'manual', requestedBy: null });
    expect(second.revision).toBe(first.revision + 1);
    const a = await dataFiles(first);
    const b = await dataFiles(second);
    expect(b.map((f) => f.name)).toEqual(a.map((f) => f.name));
    for (const [i, f] of a.entries()) {
      const bytes = await bytesOf(first, f);
      expect((await bytesOf(second, b[i]!)).equals(bytes)).toBe(true);
      expect(sm3Hex(bytes)).toBe(f.sm3);
    }
    const manifest = JSON.parse(second.manifest!) as { files: { name: string; sm3: string }[]; replacesRevision: number };
    expect(manifest.replacesRevision).toBe(first.revision);
    expect(sm2Verify(second.manifest!, second.manifestSignature!, platform.config.platformSm2.publicKey)).toBe(true);
    const loans = jsonl(await bytesOf(first, a.find((f) => f.name === 'loan_disbursement.jsonl.gz')!));
    expect(loans[0]).toMatchObject({ record_type: 'loan_disbursement', amount_wan: '45', rate_percent: '3.8500', disbursed_on: `${data.month}-08` });
    expect(String(loans[0]!.bank_code)).toMatch(/^B\d{4}/);
  });
});

describe('national feed: build progress', () => {
  // On PGlite (one connection) a read outside the build's transaction waits for it to end, so
  // progress shows only once the build has finished; the test above checks the final figures there.
  it.skipIf(!hasPostgres())('shows how far a running build has come before it commits', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    // The build stops before it finishes its first file, holding its transaction open.
    // And its last progress report is slow to write: it lands after the build committed, and a
    // build seen finished must show its final figures all the same.
    const held: FeedStore = {
      ...feedStore,
      finishFile: async (tx, id, done) => (await gate, feedStore.finishFile(tx, id, done)),
      reportProgress: async (db, id, progress, at) => {
        if (progress.recordTypesDone === progress.recordTypes) await new Promise((resolve) => setTimeout(resolve, 300));
        return feedStore.reportProgress(db, id, progress, at);
      },
    };
    const db = platform.database.knex;
    const service = new FeedService({
      db,
      store: held,
      enqueue: async () => undefined,
      ports: new Map(),
      clock: systemClock,
      logger: createLogger('silent'),
      keys: platform.config.platformSm2,
      regionCode: '420200',
      connectedWithinDays: 30,
      formatVersion: { ...platform.services.nationalFeed.formatVersions },
    });
    const started = await service.startBuild({ target: 'provincial', month: data.month, trigger: 'manual', requestedBy: null });
    const running = await until(async () => {
      const now = await feedStore.find(db, started.id);
      return now?.progress ? now : undefined;
    }, 'the first progress report');
    expect(running.status).toBe('building');
    expect(running.progress!.rows).toBeGreaterThan(0);
    expect(running.progress!.recordTypesDone).toBe(0);
    expect(running.progress!.recordTypes).toBe(loadFeedFormat(running.formatVersion).rowTypes.length);
    release();
    const built = await until(async () => {
      const now = await feedStore.find(db, started.id);
      return now && now.status !== 'building' ? now : undefined;
    }, 'the build to finish');
    expect(built.status).toBe('ready');
    const recordTypes = running.progress!.recordTypes;
    expect(built.progress).toEqual({ rows: Object.values(built.counts).reduce((sum, n) => sum + n, 0), recordTypesDone: recordTypes, recordTypes });
  });
});

describe('national feed: reading the sources', () => {
  it('counts a bank 已对接 within BANK_CONNECTED_WITHIN_DAYS, as bank-connections does', async () => {
    const knex = platform.database.knex;
    const bank = (await knex('institutions').where({ type: 'bank' }).whereNotIn('id', knex('bank_connections').select('institution_id')).first('id')) as { id: string };
    // Its one successful exchange was ten days ago, after its configuration last changed.
    await knex('bank_connections').insert({
      institution_id: bank.id, protocol: 'json-webhooks', options: '{}', secrets_enc: 'x', updated_by: 'test',
      updated_at: knex.raw("now() - interval '11 days'"), last_success_at: knex.raw("now() - interval '10 days'"),
    });
    try {
      const connected = async (days: number) => {
        const params = { month: data.month, regionCode: '420200', connectedWithinDays: days, ...monthBounds(data.month), codeKeys: () => [] };
        const rows = await knex.transaction(async (tx) => {
          const out: Record<string, unknown>[] = [];
          for await (const batch of streamSource(tx, 'platform_stats', params, 10)) out.push(...batch);
          return out;
        });
        return Number(rows[0]!.connected_banks);
      };
      expect((await connected(30)) - (await connected(7))).toBe(1);
    } finally {
      await knex('bank_connections').where({ institution_id: bank.id }).delete();
    }
  });

  // PostgreSQL reads through COPY on connections sharing the build's snapshot; PGlite only has the cursor.
  it.skipIf(!hasPostgres())('reads every source through COPY as the same rows a cursor gives, in the build snapshot', async () => {
    const format = loadFeedFormat('v1');
    const params = { month: data.month, regionCode: '420200', connectedWithinDays: 30, ...monthBounds(data.month), codeKeys: () => Object.keys(format.codeTables.get('credit-categories')!.codes) };
    const knex = platform.database.knex;
    await knex.transaction(
      async (tx) => {
        const source = await rowSourceFor(tx);
        expect(source.parallel).toBeGreaterThan(1);
        // Written after the snapshot, on another connection: neither reader may see it.
        const [late] = (await knex('loan_applications').where({ id: data.applicationIds[0] }).select('*')) as Record<string, unknown>[];
        const lateId = '00000000-0000-4000-8000-00000000feed';
        await knex('loan_applications').insert({ ...late, id: lateId });
        try {
          for (const file of format.layout.files) {
            const viaCopy: Record<string, unknown>[] = [];
            for await (const batch of source.rows(file.source, params)) viaCopy.push(...batch.rows.map((r) => Object.fromEntries(batch.columns.map((c, i) => [c, r[i]]))));
            const viaCursor: Record<string, unknown>[] = [];
            for await (const batch of streamSource(tx, file.source, params, 100)) viaCursor.push(...batch);
            expect(viaCopy, file.source).toEqual(viaCursor);
            expect(viaCopy.some((r) => r.source_id === lateId)).toBe(false);
          }
        } finally {
          await knex('loan_applications').where({ id: lateId }).delete();
        }
      },
      { isolationLevel: 'repeatable read' },
    );
  });
});

describe('national feed: corrections and validation', () => {
  it('drops a record repaired after delivery from the next revision and lists it as a correction', async () => {
    const before = await feed.build({ target: 'national', month: data.month, trigger: 'manual', requestedBy: null });
    await delivered(before.id);
    const admin = (await platform.database.knex('users').where({ role: 'admin' }).first()) as { id: string };
    await platform.services.creditRecords.applyNotice(
      { userId: admin.id, role: 'admin', institutionId: null, enterpriseId: null },
      { category: data.penalty.category, recordKey: data.penalty.recordKey, kind: 'repair', noticeNo: '黄信修〔2026〕1号', reason: '已整改完毕' },
    );
    const after = await feed.build({ target: 'national', month: data.month, trigger: 'manual', requestedBy: null });
    expect(after.counts.credit_record).toBe(0);
    const files = await dataFiles(after);
    expect(jsonl(await bytesOf(after, files.find((f) => f.name === 'credit_record.jsonl.gz')!))).toEqual([]);
    const corrections = jsonl(await bytesOf(after, files.find((f) => f.kind === 'corrections')!));
    expect(corrections).toEqual([{ record_type: 'credit_record', source_id: `${data.penalty.category}:${data.penalty.recordKey}`, action: 'delete' }]);
    await delivered(after.id);
  });

  it('blocks a submission with an invalid row and names the record and the field', async () => {
    const knex = platform.database.knex;
    const [bank] = (await knex('institutions')
      .insert({ code: 'NOT_IN_TABLE', name: '未登记代码银行', type: 'bank', uscc: '91420200MA49XXXX0X'.replace(/X/g, '1') })
      .returning('id')) as { id: string }[];
    const original = (await knex('loan_applications').where({ id: data.applicationIds[1] }).first('bank_id')) as { bank_id: string };
    await knex('loan_applications').where({ id: data.applicationIds[1] }).update({ bank_id: bank!.id });
    const flowsBefore = national.flows().length;
    try {
      const blocked = await feed.build({ target: 'national', month: data.month, trigger: 'manual', requestedBy: null });
      expect(blocked.status).toBe('invalid');
      expect(blocked.invalidRows).toBe(4);
      expect(blocked.validationReport).toContainEqual({ recordType: 'loan_application', sourceId: data.applicationIds[1], field: 'bank_code', label: '金融机构代码', message: '代码值不在代码表中' });
      // The revision's page names the record by the enterprise it is about, not by its identifier.
      const firm = await knex('loan_applications as a').join('enterprises as e', 'e.id', 'a.enterprise_id').where('a.id', data.applicationIds[1]).first('e.name');
      expect((await feed.namedIssues(blocked)).find((i) => i.sourceId === data.applicationIds[1])?.enterpriseName).toBe(firm.name);
      await new Promise((r) => setTimeout(r, 200));
      expect(national.flows().length).toBe(flowsBefore);
    } finally {
      await knex('loan_applications').where({ id: data.applicationIds[1] }).update({ bank_id: original.bank_id });
    }
  });
});

describe('national feed: delivery and receipts', () => {
  it('puts rows the national platform rejects on the correction list and resolves them with the next revision', async () => {
    const target = data.applicationIds[2]!;
    national.reject((row) => (row.record_type === 'loan_disbursement' && row.application_id === target ? 'E400' : undefined));
    const rejected = await feed.build({ target: 'national', month: data.month, trigger: 'manual', requestedBy: null });
    await delivered(rejected.id);
    expect(await feed.collectReceipts()).toBeGreaterThanOrEqual(1);
    const receipted = (await feed.get(rejected.id)).submission;
    expect(receipted).toMatchObject({ status: 'receipted', rejectedRows: 1 });
    expect((await feed.get(rejected.id)).files.some((f) => f.kind === 'receipt')).toBe(true);
    const open = await feed.corrections({ month: data.month, status: 'open', limit: 50 });
    expect(open).toContainEqual(expect.objectContaining({ recordType: 'loan_disbursement', sourceId: `${target}:D2`, reasonCode: 'E400', reason: '金额或期限不合理', submissionId: rejected.id }));
    // The office knows the record by the enterprise it is about, not by its identifier.
    const firm = await platform.database.knex('loan_applications as a').join('enterprises as e', 'e.id', 'a.enterprise_id').where('a.id', target).first('e.name');
    expect(open.find((c) => c.sourceId === `${target}:D2`)?.enterpriseName).toBe(firm.name);

    national.clearRules();
    const resubmitted = await feed.build({ target: 'national', month: data.month, trigger: 'manual', requestedBy: null });
    expect(resubmitted.revision).toBe(rejected.revision + 1);
    await delivered(resubmitted.id);
    await feed.collectReceipts();
    expect((await feed.get(resubmitted.id)).submission).toMatchObject({ status: 'receipted', rejectedRows: 0 });
    expect(await feed.corrections({ month: data.month, status: 'open', limit: 50 })).toEqual([]);
    const resolved = await feed.corrections({ month: data.month, status: 'resolved', limit: 50 });
    expect(resolved).toContainEqual(expect.objectContaining({ sourceId: `${target}:D2`, resolvedBy: resubmitted.id }));
  });

  it('retries with backoff while the national platform is down, then delivers', async () => {
    national.failNext(3);
    const s = await feed.build({ target: 'national', month: data.month, trigger: 'manual', requestedBy: null });
    const done = await delivered(s.id);
    expect(done.deliveryTicket).toBe(`T-${s.id}`);
    // The relay records the attempt's outcome just after the deliverer returns.
    const attempts = await until(async () => {
      const rows = (await platform.database.knex('outbox_attempts as a')
        .join('outbox_messages as m', 'm.id', 'a.message_id')
        .where('m.message_key', `national-feed:${s.id}`)
        .orderBy('a.attempt')
        .select('a.outcome')) as { outcome: string | null }[];
      return rows.at(-1)?.outcome === 'delivered' && rows;
    }, 'the outbox to record the delivery');
    expect(attempts.map((a) => a.outcome)).toEqual(['failed', 'failed', 'failed', 'delivered']);
  });

  // PGlite has one connection, so two builds cannot overlap there: a concurrency test for PostgreSQL.
  it.skipIf(!hasPostgres())('lets only one build of a month run at a time', async () => {
    const [a, b] = await Promise.allSettled([
      feed.build({ target: 'provincial', month: data.month, trigger: 'manual', requestedBy: null }),
      feed.build({ target: 'provincial', month: data.month, trigger: 'manual', requestedBy: null }),
    ]);
    const outcomes = [a, b].map((r) => r.status).sort();
    expect(outcomes).toEqual(['fulfilled', 'rejected']);
    const failure = [a, b].find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(failure.reason).toMatchObject({ code: 'FEED_BUILD_RUNNING' });
  });
});

describe('national feed: HTTP API', () => {
  it('lets the financial office trigger a rebuild, follow it and download its files; others are refused', async () => {
    const office = await platform.login('jrj_viewer');
    const started = await platform.api('/api/v1/national-feed/submissions', { token: office, body: { target: 'national', month: data.month } });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    const detail = await until(async () => {
      const res = await platform.api(`/api/v1/national-feed/submissions/${id}`, { token: office });
      const body = (await res.json()) as { submission: { status: string }; files: { id: number; name: string; sm3: string }[] };
      return body.submission.status !== 'building' && body;
    }, 'the triggered build');
    const file = detail.files.find((f) => f.name === 'platform_stats.csv.gz')!;
    const download = await platform.api(`/api/v1/national-feed/submissions/${id}/files/${file.id}`, { token: office });
    expect(download.status).toBe(200);
    const bytes = Buffer.from(await download.arrayBuffer());
    expect(sm3Hex(bytes)).toBe(file.sm3);
    expect(gunzipSync(bytes).toString('utf8').split('\n')[0]).toContain('registered_enterprises');
    const list = (await (await platform.api(`/api/v1/national-feed/submissions?month=${data.month}&target=national`, { token: office })).json()) as { items: { id: string }[] };
    expect(list.items[0]!.id).toBe(id);
    expect((await platform.api('/api/v1/national-feed/corrections?status=resolved', { token: office })).status).toBe(200);
    const bad = await platform.api('/api/v1/national-feed/submissions', { token: office, body: { target: 'national', month: '2026-13' } });
    expect(bad.status).toBe(400);
    const bank = await platform.login('icbc_officer');
    expect((await platform.api('/api/v1/national-feed/submissions', { token: bank })).status).toBe(403);
  });
});

describe('national feed: exchange modes', () => {
  it('delivers the same package in file mode and HTTPS service mode and gets the same receipt', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { FileExchangeAdapter, answerFileExchange } = await import('../src/national-feed/exchange/file-exchange-adapter.js');
    const { HttpsExchangeAdapter } = await import('../src/national-feed/exchange/https-exchange-adapter.js');
    const { ExchangeSimulator } = await import('../src/national-feed/exchange/exchange-simulator.js');
    const { checkPackage } = await import('../src/national-feed/exchange/receipt-checker.js');
    const built = await feed.build({ target: 'provincial', month: data.month, trigger: 'manual', requestedBy: null });
    const { files } = await feed.get(built.id);
    const pkg = {
      flow: built.id,
      manifest: built.manifest!,
      signature: built.manifestSignature!,
      files: files.filter((f) => f.kind === 'data' || f.kind === 'corrections').map((f) => ({ ...f, open: () => bytesIterable(built, f) })),
    };
    const receiver = new ExchangeSimulator(platform.config.platformSm2.publicKey);
    const url = await receiver.start();
    const dir = mkdtempSync(join(tmpdir(), 'xyd-exchange-'));
    try {
      const https = new HttpsExchangeAdapter(url, 5_000);
      const { ticket } = await https.submit(pkg);
      const viaHttps = gunzipSync((await https.receipt(ticket))!).toString('utf8');
      const fileMode = new FileExchangeAdapter(dir);
      expect(await fileMode.receipt(built.id)).toBeUndefined();
      await fileMode.submit(pkg);
      expect(await answerFileExchange(dir, (p) => checkPackage(p, platform.config.platformSm2.publicKey, []))).toBe(1);
      const viaFile = gunzipSync((await fileMode.receipt(built.id))!).toString('utf8');
      expect(viaFile).toBe(viaHttps);
      expect(JSON.parse(viaHttps.split('\n')[0]!)).toMatchObject({ flow: built.id, rejected: 0 });
    } finally {
      await receiver.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

async function* bytesIterable(s: Submission, f: FeedFile): AsyncGenerator<Buffer> {
  yield await bytesOf(s, f);
}

describe('national feed: a build whose process died', () => {
  const leftBuilding = async (claimedAt: Date) => {
    const { knex } = platform.database;
    const [row] = (await knex('national_feed_submissions')
      .insert({
        target: 'provincial',
        month: data.month,
        revision: knex.raw(`coalesce((select max(revision) from national_feed_submissions where target = 'provincial' and month = ?), 0) + 1`, [data.month]),
        format_version: 'v1',
        region_code: '420200',
        status: 'building',
        trigger: 'schedule',
        created_at: claimedAt,
      })
      .returning('id')) as { id: string }[];
    return row!.id;
  };

  it('is failed with the reason when the month is built again, and the new build runs', async () => {
    const dead = await leftBuilding(new Date(Date.now() - 5 * 60_000));
    const rebuilt = await feed.build({ target: 'provincial', month: data.month, trigger: 'manual', requestedBy: null });
    expect(rebuilt.status).toBe('ready');
    expect((await feed.get(dead)).submission).toMatchObject({ status: 'failed', error: '生成中断（进程退出），已作废，可重新生成' });
  });

  it('is failed at start, where a build claimed a moment ago is left to begin', async () => {
    const dead = await leftBuilding(new Date(Date.now() - 5 * 60_000));
    expect(await feed.failAbandonedBuilds()).toBe(1);
    expect((await feed.get(dead)).submission.status).toBe('failed');
    const fresh = await leftBuilding(new Date());
    expect(await feed.failAbandonedBuilds()).toBe(0);
    await platform.database.knex('national_feed_submissions').where({ id: fresh }).update({ status: 'failed' });
  });
});
