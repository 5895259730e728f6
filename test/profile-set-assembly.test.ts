import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/database.js';
import { migrateToLatest } from '../src/db/migrate.js';
import type { MarketEntity } from '../src/enterprises/market-entity.js';
import { createCreditRecordStore } from '../src/ingestion/records/credit-record-store.js';
import { TYPED_CATEGORIES } from '../src/ingestion/records/typed-categories.js';
import { columnOf, tableOf, type TypedField } from '../src/ingestion/records/typed-record-table.js';
import { registerStore } from '../src/ingestion/register/register-store.js';
import { SeededRandom } from '../src/platform/seeded-random.js';
import type { ProfileScope } from '../src/platform/profile-scopes.js';
import type { CreditProfile } from '../src/profiles/credit-profile.js';
import { assembleProfile } from '../src/profiles/profile-assembler.js';
import { profileStore } from '../src/profiles/profile-store.js';
import type { SelfReportedEntry } from '../src/profiles/self-reported-section.js';
import { assemblyExtras, NO_EXTRAS } from '../src/profiles/set-assembly/extras.js';
import { setAssemblyStore } from '../src/profiles/set-assembly-store.js';
import type { ThirdPartyFact } from '../src/profiles/third-party-section.js';
import { generateEnterprise, type GeneratedRecord } from './helpers/profile-record-generator.js';
import { createTestDatabase, type TestDatabase } from './helpers/test-database.js';

/**
 * The property of the SQL assembler: on random records of every category, for business dates on
 * the calendar's edges, it gives exactly the JavaScript reference's profile (sections with their
 * indicators, record ids, series and source records; the used record ids; the inputs hash; the
 * stale-after date), and a rebuild stores what reads back as that profile (a version keeps only its
 * non-empty sections and an array of used record ids). Runs on PostgreSQL and on the embedded
 * PGlite (the `embedded` project).
 */
/** A grant's subset: a stored version read for these scopes only. */
const SOME_SCOPES: ProfileScope[] = ['register', 'penalties', 'commitments', 'third_party'];
const AS_OFS = ['2026-02-28', '2027-03-01', '2028-02-29', '2026-12-31', '2027-01-01', '2027-02-26'];
const PER_ROUND = 24;

let testDb: TestDatabase;
let db: Database;
let sources: string[];
let batches: string[];
const records = createCreditRecordStore('statement');
let fillers = 0;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = await openDatabase(testDb.config);
  await migrateToLatest(db.knex);
  await db.knex.raw(`insert into districts values ('420299', '测试区') on conflict do nothing`);
  sources = (
    await db.knex('institutions')
      .insert([
        { code: 'PROP-A', name: '黄石市税务局', type: 'data_source', uscc: '11420200000000001A' },
        { code: 'PROP-B', name: "市场监管局'测试'", type: 'data_source', uscc: '11420200000000002B' },
      ])
      .returning('id')
  ).map((r: { id: string }) => r.id);
  batches = (
    await db.knex('ingestion_batches')
      .insert(sources.map((s) => ({ institution_id: s, category: 'tax_payments', format_version: 1, channel: 'api', file_format: 'jsonl', status: 'completed' })))
      .returning('id')
  ).map((r: { id: string }) => r.id);
});
afterAll(async () => {
  await db?.close();
  await testDb?.drop();
});

const usccOf = (round: number, i: number) => `91420299PROP${String(round).padStart(2, '0')}${String(i).padStart(3, '0')}X`;

async function seedRound(rnd: SeededRandom, round: number, asOf: string) {
  const usccs = Array.from({ length: PER_ROUND }, (_, i) => usccOf(round, i));
  const rows: unknown[] = [];
  const taxRows: unknown[] = [];
  const entities: unknown[] = [];
  for (const uscc of usccs) {
    const { records: generatedRecords, taxPayments } = generateEnterprise(rnd, uscc, asOf);
    const source = () => rnd.int(0, 1);
    for (const r of generatedRecords) {
      const s = source();
      rows.push({ ...r, uscc, source: sources[s], batch: batches[s] });
    }
    for (const t of taxPayments) taxRows.push({ ...t, uscc, batch: batches[source()] });
    if (rnd.chance(0.8)) {
      entities.push({
        uscc,
        name: `企业${uscc}`,
        entity_type: rnd.pick(['enterprise', 'individual_business', 'farmer_cooperative']),
        legal_representative: '张三',
        district_code: '420299',
        status: rnd.pick(['existing', 'operating', 'revoked']),
        established_on: '2015-03-01',
        registered_capital: `${rnd.int(1, 9e6)}.${rnd.int(10, 99)}`,
        industry: rnd.chance(0.7) ? '批发业' : null,
      });
    }
  }
  const generated = rows as (GeneratedRecord & { uscc: string; source: string; batch: string })[];
  await db.knex.raw(
    `insert into credit_records (category, record_key, uscc, format_version, payload, business_date, publicity_end, published_on_time,
       status, disputed, source_institution_id, batch_id, received_at, first_batch_id, first_received_at)
     select category, "recordKey", uscc, 1, payload, "businessDate", "publicityEnd", "publishedOnTime", status, disputed,
       source, gen_random_uuid(), now(), gen_random_uuid(), now()
     from jsonb_to_recordset(?::jsonb) as x(category text, "recordKey" text, uscc text, payload jsonb, "businessDate" date, "publicityEnd" date,
       "publishedOnTime" boolean, status text, disputed boolean, source uuid)`,
    [JSON.stringify(generated.filter((r) => r.category === 'register'))],
  );
  for (const d of TYPED_CATEGORIES) {
    const typed = generated.filter((r) => r.category === d.category);
    if (typed.length === 0) continue;
    // The generator writes the fields the indicators read; the schema's other required fields get
    // fillers (unique text, so keys do not collide). Both assemblers read the stored rows.
    const filler = (f: TypedField, r: GeneratedRecord & { uscc: string }) =>
      f.field === 'publicityEnd' ? r.publicityEnd : f.optional ? null
        : ({ uscc: r.uscc, month: r.businessDate.slice(0, 7), date: r.businessDate, text: `${f.field}-${fillers++}`, money: '0.00', wan: '0.000000', int: 0, bool: false } as const)[f.type];
    await db.knex(tableOf(d.category)).insert(typed.map((r) => ({
      ...Object.fromEntries(d.fields.map((f) => [columnOf(f.field), r.payload[f.field] ?? filler(f, r)])),
      ...(d.publishedOnTime ? { published_on_time: r.publishedOnTime } : {}),
      status: r.status,
      disputed: r.disputed,
      batch_id: r.batch,
      first_batch_id: r.batch,
    }))).onConflict(d.key.map(columnOf)).ignore();
  }
  if (taxRows.length) {
    await db.knex.raw(
      `insert into tax_payment_records (uscc, period, tax_type, amount_paid, arrears_amount, status, disputed, batch_id, first_batch_id)
       select uscc, period, "taxType", "amountPaid", "arrearsAmount", status, disputed, batch, batch
       from jsonb_to_recordset(?::jsonb) as x(uscc text, period text, "taxType" text, "amountPaid" numeric, "arrearsAmount" numeric,
         status text, disputed boolean, batch uuid)`,
      [JSON.stringify(taxRows)],
    );
  }
  if (entities.length) await db.knex('market_entities').insert(entities);
  return usccs;
}

/** Some enterprises report items themselves or have provider facts (some in government-only categories, some on a government record's key). */
function extrasFor(rnd: SeededRandom, usccs: readonly string[], keys: Map<string, string[]>) {
  const selfReported = new Map<string, SelfReportedEntry[]>();
  const facts = new Map<string, ThirdPartyFact[]>();
  for (const uscc of usccs) {
    if (rnd.chance(0.3)) {
      selfReported.set(uscc, [{ id: `${uscc}-1`, kindLabel: '经营情况', title: '年营业额', content: '约500万元', committedAt: '2026-10-01T02:03:04.000Z' }]);
    }
    if (rnd.chance(0.4)) {
      const own = keys.get(uscc) ?? [];
      facts.set(uscc, [
        { provider: 'qixin', category: 'honours', recordKey: `${uscc}|第三方|1`, payload: { title: '守合同重信用' }, fetchedAt: new Date('2026-11-01T00:00:00.123Z') },
        { provider: 'qixin', category: 'penalties', recordKey: `${uscc}|x`, payload: {}, fetchedAt: new Date('2026-11-01T00:00:00Z') },
        ...own.slice(0, 2).map((key) => ({ provider: 'qixin', category: key.split('|')[1]!, recordKey: key, payload: { n: 1 }, fetchedAt: new Date('2026-11-02T00:00:00Z') })),
      ]);
    }
  }
  return { selfReported, facts };
}

describe('set-based profile assembly in SQL against the JavaScript reference', () => {
  it('gives identical profiles on random records of every category, on the calendar edges', async () => {
    const rnd = new SeededRandom(20261207);
    for (const [round, asOf] of AS_OFS.entries()) {
      const usccs = await seedRound(rnd, round, asOf);
      const sql = await db.knex.transaction(async (tx) => {
        const usable = await records.usable(tx, usccs, asOf);
        const byUscc = new Map<string, typeof usable>();
        for (const r of usable) byUscc.set(r.uscc, [...(byUscc.get(r.uscc) ?? []), r]);
        const entities = new Map<string, MarketEntity>((await registerStore.findMany(tx, usccs)).map((e) => [e.uscc, e]));
        const keys = new Map(usccs.map((u) => [u, (byUscc.get(u) ?? []).map((r) => r.recordKey)]));
        const { selfReported, facts } = extrasFor(rnd, usccs, keys);
        const request = { usccs, asOf, extras: assemblyExtras(usccs, selfReported, facts), noExtras: NO_EXTRAS };
        const assembled = await setAssemblyStore.assemble(tx, request);
        // What a rebuild stores (the non-empty sections, the used ids) reads back as assembled.
        await profileStore.lockHeads(tx, usccs);
        // On PostgreSQL the rebuild is a prepared statement run on its generic plan; the transaction's own plan cache mode is kept.
        await tx.raw(`select set_config('plan_cache_mode', 'force_custom_plan', true)`);
        const rebuilt = await setAssemblyStore.rebuild(tx, request, 'property');
        expect((await tx.raw(`select current_setting('plan_cache_mode') as mode`)).rows).toEqual([{ mode: 'force_custom_plan' }]);
        if (db.kind === 'postgres') {
          const plans = (await tx.raw(`select generic_plans, custom_plans from pg_prepared_statements where name = 'profiles_set_rebuild'`)).rows;
          expect(plans.map((p: { generic_plans: string; custom_plans: string }) => [Number(p.generic_plans) > 0, Number(p.custom_plans)])).toEqual([[true, 0]]);
        }
        const stored = new Map<string, { all: CreditProfile; some: CreditProfile; usedRecordIds: number[] }>();
        for (const { uscc, version } of rebuilt) {
          const row = (await tx('credit_profile_versions').where({ uscc, version }).first('used_record_ids')) as { used_record_ids: (string | number)[] };
          stored.set(uscc, {
            all: (await profileStore.version(tx, uscc, version))!,
            some: (await profileStore.version(tx, uscc, version, SOME_SCOPES))!,
            usedRecordIds: row.used_record_ids.map(Number),
          });
        }
        return { assembled, stored, byUscc, entities, selfReported, facts };
      });
      expect(sql.assembled.map((a) => a.uscc)).toEqual(usccs);
      for (const got of sql.assembled) {
        const reference = assembleProfile({
          uscc: got.uscc,
          asOf,
          entity: sql.entities.get(got.uscc),
          records: sql.byUscc.get(got.uscc) ?? [],
          selfReported: sql.selfReported.get(got.uscc) ?? [],
          thirdParty: sql.facts.get(got.uscc) ?? [],
        });
        const expected = JSON.parse(JSON.stringify(reference)) as typeof reference;
        expect({ asOf, ...got }).toEqual({ asOf, uscc: got.uscc, ...expected });
        const stored = sql.stored.get(got.uscc)!;
        expect({ asOf, uscc: got.uscc, sections: stored.all.sections, usedRecordIds: stored.usedRecordIds }).toEqual({
          asOf,
          uscc: got.uscc,
          sections: expected.sections,
          usedRecordIds: expected.usedRecordIds,
        });
        expect(stored.some.sections).toEqual(expected.sections.filter((section) => SOME_SCOPES.includes(section.scope)));
      }
    }
  });
});
