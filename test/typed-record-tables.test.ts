import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrationSource } from '../migrations/index.js';
import { usccCheckChar } from '../src/platform/uscc.js';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { findFormat } from '../src/ingestion/category-registry.js';
import type { RecordRow } from '../src/ingestion/records/credit-record.js';
import { createCreditRecordStore, type CreditRecordStore, type UpsertContext } from '../src/ingestion/records/credit-record-store.js';
import { TYPED_CATEGORIES } from '../src/ingestion/records/typed-categories.js';
import { SAMPLES } from './helpers/ingestion-platform.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';

/**
 * Every typed category through the credit-record store: COPY on PostgreSQL (straight into the
 * table for new keys, staged for stored ones), one statement on PGlite. A batch reads back as
 * the credit records the category's schema produced, and a re-send with one changed row
 * changes exactly that row.
 */
const usccOf = (n: number) => {
  const body = `914202007${String(n).padStart(8, '0')}`;
  return body + usccCheckChar(body);
};

/** A field outside the key and a new value for it, as a source would send it. */
const CHANGE: Record<string, [string, unknown]> = {
  tax_payments: ['amountPaid', '99.5'],
  social_security: ['insuredHeadcount', 13],
  provident_fund: ['amountPaid', '1.00'],
  utilities: ['paidOnTime', '否'],
  import_export: ['customsGrade', '高级认证企业'],
  penalties: ['fineAmountWan', '0.8'],
  permits: ['validTo', '2032-01-01'],
  tax_grades: ['grade', 'B'],
  judicial: ['amount', '90000'],
  credit_lists: ['reason', '拒不履行生效法律文书确定的义务'],
  honours: ['amount', '5000'],
  intellectual_property: ['pledged', '是'],
  commitment_breaches: ['breachFinding', '现场核查发现承诺不实'],
  real_estate: ['seized', '是'],
  rnd: ['rndStaff', 15],
  tech_lists: ['certificateNo', 'ZJTX-2025-X'],
};

/** Categories the pipeline tests send no sample of: commitment breaches arrive through the commitment service. */
const SAMPLE: Record<string, (uscc: string, n: number) => Record<string, unknown>> = {
  ...SAMPLES,
  commitment_breaches: (uscc, n) => ({
    uscc, commitmentNo: `CN-2026-${n}`, kind: 'loan', commitmentText: '如实提供经营数据', committedOn: '2026-03-01', checkingAuthority: '黄石市发展和改革委员会',
    authorityUscc: usccOf(99_999_999), breachFinding: '经营数据不实', foundOn: '2026-06-01',
  }),
};

let testDb: TestDatabase;
let db: Database;
let store: CreditRecordStore;
let institutionId: string;
let seq = 0;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await openDatabase(testDb.config);
  await migrateToLatest(db.knex);
  store = createCreditRecordStore(db.kind === 'postgres' ? 'copy' : 'statement');
  const [institution] = await db.knex('institutions').insert({ code: 'TYPED_SRC', name: '测试数据源', type: 'data_source', uscc: '11420200000000003X' }).returning('id');
  institutionId = institution.id;
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

async function batch(category: string): Promise<UpsertContext> {
  const [b] = await db.knex('ingestion_batches')
    .insert({ institution_id: institutionId, category, format_version: 1, channel: 'api', file_format: 'jsonl' })
    .returning(['id', 'received_at']);
  return { category, formatVersion: 1, batchId: b.id, institutionId, receivedAt: b.received_at };
}

/** The schema's record for raw values, as the pipeline stores it (双公示 timeliness given). */
function parsed(category: string, values: Record<string, unknown>, onTime: boolean): RecordRow {
  const result = findFormat(category, 1).format.parse(values);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  const r = result.record;
  return { recordKey: r.recordKey, uscc: r.uscc, payload: r.payload, businessDate: r.businessDate, publicityEnd: r.publicityEnd, publishedOnTime: r.decisionDate ? onTime : null };
}

describe.each(TYPED_CATEGORIES.map((d) => ({ category: d.category })))('the typed table of $category', ({ category }) => {
  it('loads a batch and reads it back as the schema’s records; a re-send with one changed row changes that row only', async () => {
    const raw = [0, 1, 2].map((i) => {
      const values = SAMPLE[category]!(usccOf(++seq), seq);
      // One row with an optional field present, the others without it (absent from the payload).
      return i === 1 && (category === 'penalties' || category === 'permits') ? { ...values, remarks: '备注\\N' } : values;
    });
    const rows = raw.map((values, i) => parsed(category, values, i !== 1));
    const first = await batch(category);
    const loaded = await db.knex.transaction((tx) => store.upsert(tx, first, rows));
    expect(loaded).toMatchObject({ inserted: 3, updated: 0 });
    expect(new Set(loaded.usccs)).toEqual(new Set(rows.map((r) => r.uscc)));

    for (const row of rows) {
      const record = await store.findByKey(db.knex, category, row.recordKey);
      expect(record).toMatchObject({
        category, recordKey: row.recordKey, uscc: row.uscc, formatVersion: 1, businessDate: row.businessDate, publicityEnd: row.publicityEnd,
        publishedOnTime: row.publishedOnTime, status: 'active', statusChangedAt: null, disputed: false, sourceInstitutionId: institutionId,
        sourceName: '测试数据源', batchId: first.batchId, receivedAt: first.receivedAt, firstBatchId: first.batchId, firstReceivedAt: first.receivedAt,
      });
      expect(record!.payload).toEqual(row.payload);
    }
    const usable = await store.usable(db.knex, rows.map((r) => r.uscc), '2026-12-01');
    expect(usable.map((r) => r.payload)).toEqual(expect.arrayContaining(rows.map((r) => r.payload)));

    const [field, value] = CHANGE[category]!;
    // The 双公示 timeliness of a re-send is ignored: the first delivery decided it.
    const resent = [rows[0]!, parsed(category, { ...raw[1], [field]: value }, true), rows[2]!];
    const second = await batch(category);
    const changed = await db.knex.transaction((tx) => store.upsert(tx, second, resent));
    expect(changed).toEqual({ inserted: 0, updated: 1, usccs: [rows[1]!.uscc] });

    const [before, updated, after] = await Promise.all(rows.map((r) => store.findByKey(db.knex, category, r.recordKey)));
    expect(updated).toMatchObject({ id: expect.anything(), payload: resent[1]!.payload, batchId: second.batchId, firstBatchId: first.batchId, publishedOnTime: rows[1]!.publishedOnTime });
    expect(updated!.payload[field]).not.toEqual(rows[1]!.payload[field]);
    for (const unchanged of [before, after]) expect(unchanged).toMatchObject({ batchId: first.batchId });
    expect(await store.history(db.knex, updated!.id)).toEqual([expect.objectContaining({ batchId: first.batchId, payload: rows[1]!.payload, sourceInstitutionId: institutionId })]);

    // A repair stays a repair through a re-send; the record leaves the usable set.
    await db.knex.transaction((tx) => store.setStatus(tx, updated!, 'repaired', new Date()));
    const third = await batch(category);
    await db.knex.transaction((tx) => store.upsert(tx, third, [parsed(category, raw[1]!, true)]));
    expect(await store.findByKey(db.knex, category, rows[1]!.recordKey)).toMatchObject({ status: 'repaired', payload: rows[1]!.payload });
    expect((await store.leftOut(db.knex, rows[1]!.uscc)).map((r) => r.recordKey)).toEqual([rows[1]!.recordKey]);
  });
});

describe('the migration to the typed tables', () => {
  it('moves stored records of every typed category over with their ids, status and provenance, and back on rollback', async () => {
    const name = '20261207110100_typed_record_tables.ts';
    await db.knex.migrate.down({ migrationSource, name });
    const receivedAt = new Date('2026-10-02T01:00:00Z');
    const orphanBatch = randomUUID();
    const moved = TYPED_CATEGORIES.filter((d) => d.category !== 'tax_payments').map((d) => ({ category: d.category, row: parsed(d.category, SAMPLE[d.category]!(usccOf(++seq), seq), false) }));
    const ids = new Map<string, number>();
    for (const { category, row } of moved) {
      const [{ id }] = await db.knex('credit_records')
        .insert({
          category, record_key: row.recordKey, uscc: row.uscc, format_version: 1, payload: row.payload, business_date: row.businessDate,
          publicity_end: row.publicityEnd, published_on_time: row.publishedOnTime, status: 'repaired', disputed: true, source_institution_id: institutionId,
          batch_id: orphanBatch, received_at: receivedAt, first_batch_id: orphanBatch, first_received_at: receivedAt,
        })
        .returning('id');
      ids.set(category, Number(id));
    }
    await db.knex.migrate.up({ migrationSource, name });
    expect(await db.knex('credit_records').whereIn('category', moved.map((m) => m.category))).toHaveLength(0);
    expect(await db.knex('ingestion_batches').where({ id: orphanBatch }).first('institution_id', 'status')).toEqual({ institution_id: institutionId, status: 'completed' });
    for (const { category, row } of moved) {
      const record = await store.findByKey(db.knex, category, row.recordKey);
      expect(record).toMatchObject({
        id: ids.get(category), status: 'repaired', disputed: true, businessDate: row.businessDate, publicityEnd: row.publicityEnd, publishedOnTime: row.publishedOnTime,
        formatVersion: 1, sourceInstitutionId: institutionId, batchId: orphanBatch, receivedAt, firstBatchId: orphanBatch, firstReceivedAt: receivedAt,
      });
      expect(record!.payload).toEqual(row.payload);
    }

    await db.knex.migrate.down({ migrationSource, name });
    for (const { category, row } of moved) {
      expect(await db.knex('credit_records').where({ category, record_key: row.recordKey }).first('id', 'payload', 'status', 'disputed')).toEqual({
        id: expect.anything(), payload: row.payload, status: 'repaired', disputed: true,
      });
      expect(Number((await db.knex('credit_records').where({ category, record_key: row.recordKey }).first('id')).id)).toBe(ids.get(category));
    }
    await db.knex.migrate.up({ migrationSource, name });
  });
});
