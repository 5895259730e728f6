import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../migrations/index.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { RecordRow } from '../src/ingestion/records/credit-record.js';
import { createCreditRecordStore, type CreditRecordStore, type UpsertContext } from '../src/ingestion/records/credit-record-store.js';
import { createTestDatabase, hasPostgres, type TestDatabase } from './helpers/test-database.js';

/**
 * The typed tax-payment table through the credit-record store, on both drivers: COPY into the
 * staging table on PostgreSQL, the one-statement upsert on PGlite. Same expectations for both.
 */
const row = (uscc: string, period: string, taxType: string, amountPaid: string, arrearsAmount = '0.00'): RecordRow => ({
  recordKey: `${uscc}|${period}|${taxType}`,
  uscc,
  payload: { uscc, period, taxType, amountPaid, arrearsAmount },
  businessDate: `${period}-01`,
  publicityEnd: null,
  publishedOnTime: null,
});

const A = '91420202MA4KXXXX1A';
const B = '91420202MA4KXXXX2B';

// One migrated PGlite for the file (migrating one takes seconds): the driver tests use it, the
// migration test runs last on it.
let pglite: Database;
beforeAll(async () => {
  pglite = await openDatabase({ kind: 'pglite', dir: 'memory://' });
  await migrateToLatest(pglite.knex);
});
afterAll(() => pglite?.close());

describe.each([
  { driver: 'postgres (COPY)', postgres: true },
  { driver: 'pglite (statement)', postgres: false },
])('tax payments on $driver', ({ postgres }) => {
  let testDb: TestDatabase | undefined;
  let db: Database;
  let store: CreditRecordStore;
  let institutionId: string;
  /** A new batch: tax payments read their source and receipt time from it. */
  const context = async (): Promise<UpsertContext> => {
    const [batch] = await db.knex('ingestion_batches')
      .insert({ institution_id: institutionId, category: 'tax_payments', format_version: 1, channel: 'api', file_format: 'jsonl' })
      .returning(['id', 'received_at']);
    return { category: 'tax_payments', formatVersion: 1, batchId: batch.id, institutionId, receivedAt: batch.received_at };
  };

  beforeAll(async () => {
    if (postgres && !hasPostgres()) return;
    if (postgres) {
      testDb = await createTestDatabase();
      db = await openDatabase(testDb.config);
    } else {
      db = pglite;
    }
    store = createCreditRecordStore(postgres ? 'copy' : 'statement');
    const [institution] = await db.knex('institutions')
      .insert({ code: `TAX_${postgres ? 'PG' : 'LITE'}`, name: '测试税务数据源', type: 'data_source', uscc: postgres ? '11420200000000001X' : '11420200000000002X' })
      .returning('id');
    institutionId = institution.id;
  });
  afterAll(async () => {
    if (testDb) {
      await db.close();
      await testDb.drop();
    }
  });

  it.skipIf(postgres && !hasPostgres())('inserts, leaves repeats unchanged, keeps replaced values and never revives a repair', async () => {
    const first = await context();
    const rows = [row(A, '2026-08', 'vat', '100.00'), row(A, '2026-09', 'vat', '200.50', '10.00'), row(B, '2026-09', 'stamp', '5.00')];
    const inserted = await db.knex.transaction((tx) => store.upsert(tx, first, rows));
    expect(inserted).toMatchObject({ inserted: 3, updated: 0 });
    expect([...new Set(inserted.usccs)].sort()).toEqual([A, B]);
    // Every provenance column of a first load (COPY straight into the table on PostgreSQL).
    expect(await store.findByKey(db.knex, 'tax_payments', `${B}|2026-09|stamp`)).toMatchObject({
      id: expect.anything(), formatVersion: 1, status: 'active', statusChangedAt: null, payload: { amountPaid: '5.00', arrearsAmount: '0.00' },
      sourceInstitutionId: first.institutionId, batchId: first.batchId, receivedAt: first.receivedAt,
      firstBatchId: first.batchId, firstReceivedAt: first.receivedAt,
    });

    const repeatContext = await context();
    const repeat = await db.knex.transaction((tx) => store.upsert(tx, repeatContext, rows));
    expect(repeat).toEqual({ inserted: 0, updated: 0, usccs: [] });

    const second = await context();
    const changed = await db.knex.transaction((tx) => store.upsert(tx, second, [rows[0]!, row(A, '2026-09', 'vat', '200.50', '0.00')]));
    expect(changed).toEqual({ inserted: 0, updated: 1, usccs: [A] });

    const record = (await store.findByKey(db.knex, 'tax_payments', `${A}|2026-09|vat`))!;
    expect(record).toMatchObject({
      category: 'tax_payments', recordKey: `${A}|2026-09|vat`, uscc: A, status: 'active', businessDate: '2026-09-01', publicityEnd: null,
      payload: { uscc: A, period: '2026-09', taxType: 'vat', amountPaid: '200.50', arrearsAmount: '0.00' },
      batchId: second.batchId, sourceInstitutionId: second.institutionId, firstBatchId: first.batchId,
    });
    expect(await store.history(db.knex, record.id)).toEqual([
      expect.objectContaining({ batchId: first.batchId, payload: { uscc: A, period: '2026-09', taxType: 'vat', amountPaid: '200.50', arrearsAmount: '10.00' } }),
    ]);

    await db.knex.transaction((tx) => store.setStatus(tx, record, 'repaired', new Date()));
    const resendContext = await context();
    const resent = await db.knex.transaction((tx) => store.upsert(tx, resendContext, [row(A, '2026-09', 'vat', '300.00')]));
    expect(resent.updated).toBe(1);
    expect(await store.findByKey(db.knex, 'tax_payments', record.recordKey)).toMatchObject({ status: 'repaired', id: record.id, payload: { amountPaid: '300.00' } });

    const mixedContext = await context();
    const mixed = await db.knex.transaction((tx) => store.upsert(tx, mixedContext, [row(A, '2026-08', 'vat', '100.00'), row(B, '2026-08', 'vat', '7.00')]));
    expect(mixed).toEqual({ inserted: 1, updated: 0, usccs: [B] });
    // A stored key after new ones: the rows copied before it are rolled back, then merged once.
    const late = await context();
    const newFirst = await db.knex.transaction((tx) => store.upsert(tx, late, [row(B, '2026-07', 'vat', '7.00'), row(A, '2026-08', 'vat', '100.00')]));
    expect(newFirst).toEqual({ inserted: 1, updated: 0, usccs: [B] });
    expect(await db.knex('tax_payment_records').where({ uscc: B, period: '2026-07' }).select('batch_id', 'first_batch_id')).toEqual([
      { batch_id: late.batchId, first_batch_id: late.batchId },
    ]);
    await db.knex('tax_payment_records').where({ uscc: B }).whereIn('period', ['2026-07', '2026-08']).delete();

    const usable = await store.usable(db.knex, [A, B], '2026-11-25');
    expect(usable.map((r) => r.recordKey)).toEqual([`${A}|2026-08|vat`, `${B}|2026-09|stamp`]);
    expect(await store.findByKey(db.knex, 'tax_payments', 'not-a-key')).toBeUndefined();
  });

  it.skipIf(postgres && !hasPostgres())('carries values with COPY’s special characters unchanged', async () => {
    const odd = 'x\t\\N\r\ny';
    const oddContext = await context();
    await db.knex.transaction((tx) => store.upsert(tx, oddContext, [row(B, '2026-10', odd, '1.00')]));
    expect((await store.findByKey(db.knex, 'tax_payments', `${B}|2026-10|${odd}`))?.payload.taxType).toBe(odd);
  });

  it.skipIf(postgres && !hasPostgres())('gives tax payments ids that no other record table has', async () => {
    const other = await context();
    await db.knex.transaction((tx) => store.upsert(tx, { ...other, category: 'tax_grades' }, [{ ...row(A, '2025-01', 'x', '0'), recordKey: `${A}|2025`, payload: { uscc: A, year: 2025, grade: 'A', publishedOn: '2025-04-20' }, businessDate: '2025-04-20' }]));
    const ids = await db.knex.raw(`select id from all_credit_records`);
    const list = (ids.rows as { id: number }[]).map((r) => Number(r.id));
    expect(new Set(list).size).toBe(list.length);
  });
});

const NARROW = '20261125007100_narrow_tax_payment_records.ts';
/** Reads the table's columns in the view of every record. */
const TYPED = '20261207110100_typed_record_tables.ts';
/** Partitions the table by period (a partition key's type cannot be altered). */
const PARTITIONED = '20261209100100_partition_record_tables.ts';

describe('the migration that keeps tax-payment provenance on the batch', () => {
  it('reads source, format version and receipt times from the batches, makes a batch for a row without one, and restores the columns on rollback', async () => {
    const db = pglite;
    const store = createCreditRecordStore('statement');
    await db.knex.migrate.down({ migrationSource, name: PARTITIONED });
    await db.knex.migrate.down({ migrationSource, name: TYPED });
    await db.knex.migrate.down({ migrationSource, name: NARROW });
    const { id: institutionId } = (await db.knex('institutions').first('id')) as { id: string };
    const [batch] = await db.knex('ingestion_batches')
      .insert({ institution_id: institutionId, category: 'tax_payments', format_version: 1, channel: 'upload', file_format: 'csv', received_at: new Date('2026-10-02T01:00:00Z') })
      .returning('id');
    const orphan = randomUUID();
    const stored = (uscc: string, batchId: string, receivedAt: Date) => ({
      uscc, period: '2026-06', tax_type: 'stamp', amount_paid: '1.00', arrears_amount: '0.00', format_version: 1,
      source_institution_id: institutionId, batch_id: batchId, received_at: receivedAt, first_batch_id: batchId, first_received_at: receivedAt,
    });
    await db.knex('tax_payment_records').insert([stored(A, batch.id, new Date('2026-10-02T01:00:00Z')), stored(B, orphan, new Date('2026-10-03T01:00:00Z'))]);

    await db.knex.migrate.up({ migrationSource, name: NARROW });
    for (const [uscc, batchId, at] of [[A, batch.id, '2026-10-02T01:00:00Z'], [B, orphan, '2026-10-03T01:00:00Z']] as const) {
      expect(await store.findByKey(db.knex, 'tax_payments', `${uscc}|2026-06|stamp`)).toMatchObject({
        formatVersion: 1, sourceInstitutionId: institutionId, sourceName: '测试税务数据源',
        batchId, receivedAt: new Date(at), firstBatchId: batchId, firstReceivedAt: new Date(at),
      });
    }
    expect(await db.knex('ingestion_batches').where({ id: orphan }).first('status', 'category')).toEqual({ status: 'completed', category: 'tax_payments' });

    await db.knex.migrate.down({ migrationSource, name: NARROW });
    expect(await db.knex('tax_payment_records').where({ uscc: B, period: '2026-06' }).first('source_institution_id', 'received_at', 'first_received_at', 'format_version')).toEqual({
      source_institution_id: institutionId, received_at: new Date('2026-10-03T01:00:00Z'), first_received_at: new Date('2026-10-03T01:00:00Z'), format_version: 1,
    });
    await db.knex('tax_payment_records').where({ period: '2026-06' }).delete();
    await db.knex.migrate.up({ migrationSource, name: NARROW });
    await db.knex.migrate.up({ migrationSource, name: TYPED });
    await db.knex.migrate.up({ migrationSource, name: PARTITIONED });
  });
});

describe('the migration to the typed table', () => {
  it('moves stored tax payments over with their ids, and back on rollback', async () => {
    const db = pglite;
    // By name, the later migrations that depend on the table first (the oversight views read it,
    // then the one that narrows it); the others stay applied.
    const name = '20261125005100_create_tax_payment_records.ts';
    await db.knex.migrate.down({ migrationSource, name: PARTITIONED });
    await db.knex.migrate.down({ migrationSource, name: TYPED });
    await db.knex.migrate.down({ migrationSource, name: '20261205090100_create_oversight.ts' });
    await db.knex.migrate.down({ migrationSource, name: NARROW });
    await db.knex.migrate.down({ migrationSource, name });
    const source = randomUUID();
    const [{ id }] = await db.knex('credit_records')
      .insert({
        category: 'tax_payments', record_key: `${A}|2026-07|vat`, uscc: A, format_version: 1, status: 'repaired',
        payload: { uscc: A, period: '2026-07', taxType: 'vat', amountPaid: '12.30', arrearsAmount: '0.00' },
        business_date: '2026-07-01', source_institution_id: source, batch_id: source, received_at: new Date(), first_batch_id: source, first_received_at: new Date(),
      })
      .returning('id');
    await db.knex.migrate.up({ migrationSource, name });
    expect(await db.knex('credit_records').where({ category: 'tax_payments' })).toHaveLength(0);
    expect(await db.knex('tax_payment_records').where({ id })).toEqual([
      expect.objectContaining({ uscc: A, period: '2026-07', tax_type: 'vat', amount_paid: '12.30', arrears_amount: '0.00', status: 'repaired', batch_id: source }),
    ]);
    await db.knex.migrate.down({ migrationSource, name });
    expect(await db.knex('credit_records').where({ id })).toEqual([
      expect.objectContaining({ record_key: `${A}|2026-07|vat`, payload: { uscc: A, period: '2026-07', taxType: 'vat', amountPaid: '12.30', arrearsAmount: '0.00' }, status: 'repaired' }),
    ]);
  });
});
