import { describe, expect, it } from 'vitest';
import * as rebuildProfilesWithSeries from '../migrations/20261125004100_rebuild_profiles_with_series.js';
import {
  admin,
  authority,
  daysFromToday,
  feed,
  indicator,
  nextNumber,
  otherFeed,
  platform,
  profile,
  SAMPLES,
  sendAs,
  startIngestionPlatform,
  take,
  type Row,
} from './helpers/ingestion-platform.js';

startIngestionPlatform();

const send = sendAs;

describe('双公示 timeliness', () => {
  it('marks a penalty decided more than 7 working days before receipt as late, counting the holiday calendar', async () => {
    const uscc = take();
    const late = { ...SAMPLES.penalties!(uscc, nextNumber()), decisionDate: '2026-01-05' };
    await send('penalties', [late]);
    const stored = await platform.database.knex('all_credit_records').where({ uscc, category: 'penalties' }).first();
    expect(stored.published_on_time).toBe(false);
  });
});

describe('profiles', () => {
  it('the enterprise sees its profile change when a record arrives and again when it is repaired', async () => {
    const demo = await platform.database.knex('enterprises').orderBy('registered_at').first();
    const token = await platform.login(demo.uscc);
    const read = async () => (await (await platform.api('/api/v1/me/profile', { token })).json()) as Awaited<ReturnType<typeof profile>> & { inputsHash: string };
    const v1 = await read();
    expect(v1.sections.map((s) => s.scope)).toContain('tax');
    const count = (p: typeof v1) => indicator(p, 'penalties_36_months').value as number;

    const penalty = SAMPLES.penalties!(demo.uscc, nextNumber());
    await send('penalties', [penalty]);
    const v2 = await read();
    expect(v2.version).toBeGreaterThan(v1.version);
    expect(v2.inputsHash).not.toBe(v1.inputsHash);
    expect(count(v2)).toBe(count(v1) + 1);

    const key = `${authority.uscc}|${String(penalty.decisionDocNo)}`;
    const notice = { category: 'penalties', recordKey: key, kind: 'repair', noticeNo: '鄂信修〔2026〕1号', reason: '已履行行政处罚决定并完成信用修复' };
    const repaired = await platform.api('/api/v1/ingestion/notices', { token: admin, body: notice });
    expect(repaired.status).toBe(201);
    const v3 = await read();
    expect(v3.version).toBeGreaterThan(v2.version);
    expect(count(v3)).toBe(count(v1));

    const repeat = await platform.api('/api/v1/ingestion/notices', { token: admin, body: notice });
    expect(repeat.status).toBe(200);
    expect(((await repeat.json()) as { repeated: boolean }).repeated).toBe(true);

    const audit = await platform.api(`/api/v1/ingestion/records/penalties/${encodeURIComponent(key)}`, { token: feed });
    const trail = (await audit.json()) as { record: { status: string }; events: { kind: string }[]; usedByProfileVersions: { version: number; current: boolean }[] };
    expect(trail.record.status).toBe('repaired');
    expect(trail.events.map((e) => e.kind)).toEqual(['repair']);
    expect(trail.usedByProfileVersions.map((v) => v.version)).toEqual([v2.version]);
    expect(trail.usedByProfileVersions[0]!.current).toBe(false);

    const again = await send('penalties', [penalty]);
    expect(again.body.rowsUnchanged).toBe(1);
    expect(count(await read())).toBe(count(v1));

    // A correction replaces the values; the audit keeps the old ones with their provenance.
    const firstBatch = (await platform.database.knex('all_credit_records').where({ category: 'penalties', record_key: key }).first()).batch_id;
    const corrected = await send('penalties', [{ ...penalty, fineAmountWan: '0.8' }]);
    expect(corrected.body.rowsUpdated).toBe(1);
    const history = (await (await platform.api(`/api/v1/ingestion/records/penalties/${encodeURIComponent(key)}`, { token: feed })).json()) as {
      record: { status: string; payload: { fineAmountWan: string }; provenance: { batchId: string } };
      history: { batchId: string; payload: { fineAmountWan: string } }[];
    };
    expect(history.record).toMatchObject({ status: 'repaired', payload: { fineAmountWan: '0.800000' }, provenance: { batchId: corrected.body.id } });
    expect(history.history).toEqual([expect.objectContaining({ batchId: firstBatch, payload: expect.objectContaining({ fineAmountWan: '0.500000' }) })]);
  });

  it('stops using a penalty past its 公示截止期', async () => {
    const uscc = take();
    await send('penalties', [{ ...SAMPLES.penalties!(uscc, nextNumber()), decisionDate: '2025-01-02', publicityEnd: '2025-04-02' }]);
    expect(indicator(await profile(uscc), 'penalties_36_months').value).toBe(0);
  });

  it('filters a profile to the scopes asked for', async () => {
    const uscc = take();
    await send('tax_payments', [SAMPLES.tax_payments!(uscc, 0)], otherFeed);
    const p = await platform.services.profiles.profileFor(uscc, ['tax']);
    expect(p.sections.map((s) => s.scope)).toEqual(['tax']);
  });

  it('only the enterprise role reads /me/profile', async () => {
    expect((await platform.api('/api/v1/me/profile', { token: feed })).status).toBe(403);
  });

  it('profiles built before monthly series are rebuilt with them once the series migration has run', async () => {
    const demo = await platform.database.knex('enterprises').orderBy('registered_at').first();
    const token = await platform.login(demo.uscc);
    type Profile = { version: number; sections: { scope: string; series: { code: string; points: unknown[] }[] }[] };
    const read = async () => (await (await platform.api('/api/v1/me/profile', { token })).json()) as Profile;
    const current = await read();
    // What an earlier build stored: sections without series, hashed without the assembly version.
    const knex = platform.database.knex;
    const key = { uscc: demo.uscc, version: current.version };
    for (const row of await knex('credit_profile_sections').where(key).select('scope', 'section')) {
      const { series: _series, ...withoutSeries } = row.section as Record<string, unknown>;
      await knex('credit_profile_sections').where({ ...key, scope: row.scope }).update({ section: JSON.stringify(withoutSeries) });
    }
    await knex('credit_profile_versions').where(key).update({ inputs_hash: 'built-before-series' });
    await knex('credit_profiles').where({ uscc: demo.uscc }).update({ stale: false, stale_after: '2999-01-01' });

    await rebuildProfilesWithSeries.up(knex);
    expect((await knex('credit_profiles').where({ uscc: demo.uscc }).first('stale')).stale).toBe(true);
    while ((await platform.services.profiles.rebuildDue()) > 0);
    const rebuilt = await read();
    expect(rebuilt.version).toBe(current.version + 1);
    const tax = rebuilt.sections.find((s) => s.scope === 'tax')!;
    expect(tax.series.find((s) => s.code === 'tax_paid_by_month')!.points.length).toBeGreaterThan(0);
  });
});

describe('profiles kept current by the pipeline (a read never builds)', () => {
  const knex = () => platform.database.knex;
  /** Record ids the current version of each USCC's profile used, straight from the tables (no profile read). */
  const currentUsage = async (usccs: string[]) => {
    const rows = await knex()('credit_profiles as h')
      .join('credit_profile_versions as v', (j) => j.on('v.uscc', 'h.uscc').andOn('v.version', 'h.current_version'))
      .whereIn('h.uscc', usccs)
      .select<{ uscc: string; version: number; stale: boolean; used_record_ids: (string | number)[] }[]>('h.uscc', 'h.current_version as version', 'h.stale', 'v.used_record_ids');
    return new Map(rows.map((r) => [r.uscc, { version: r.version, stale: r.stale, records: r.used_record_ids.map(Number) }]));
  };

  it('reads an enterprise without a built profile as the empty profile, version 0, and builds nothing', async () => {
    const uscc = take();
    const p = await platform.services.profiles.profileFor(uscc);
    expect(p).toMatchObject({ uscc, version: 0, reason: 'no_data' });
    expect(indicator(p as never, 'penalties_36_months').value).toBe(0);
    expect(await knex()('credit_profiles').where({ uscc }).first()).toBeUndefined();
  });

  it('leaves every profile an ingest batch touched current when its drain ends, without any read', async () => {
    const usccs = [take(), take(), take()];
    const rows = usccs.map((u) => SAMPLES.penalties!(u, nextNumber()));
    const res = await platform.api('/api/v1/ingestion/penalties/records?formatVersion=1', {
      body: rows.map((r) => JSON.stringify(r)).join('\n') + '\n',
      token: feed,
      headers: { 'content-type': 'application/x-ndjson' },
    });
    expect(res.status).toBe(201);
    const report = (await res.json()) as { id: string; profilesPending: number | null };
    expect(report.profilesPending).toBeGreaterThanOrEqual(0);
    await platform.services.profiles.settled();
    const after = (await (await platform.api(`/api/v1/ingestion/batches/${report.id}`, { token: feed })).json()) as { profilesPending: number };
    expect(after.profilesPending).toBe(0);
    // A mark older than the batch's finish and not yet drained counts against it.
    await knex()('credit_profiles').where({ uscc: usccs[0] }).update({ stale: true, updated_at: knex().raw(`now() - interval '1 hour'`) });
    const waiting = (await (await platform.api(`/api/v1/ingestion/batches/${report.id}`, { token: feed })).json()) as { profilesPending: number };
    expect(waiting.profilesPending).toBe(1);
    while ((await platform.services.profiles.rebuildDue()) > 0);
    const stored = await knex()('all_credit_records').whereIn('uscc', usccs).select<{ id: string; uscc: string }[]>('id', 'uscc');
    expect(stored).toHaveLength(3);
    const usage = await currentUsage(usccs);
    for (const r of stored) {
      expect(usage.get(r.uscc)).toMatchObject({ version: 1, stale: false });
      expect(usage.get(r.uscc)!.records).toContain(Number(r.id));
    }
  });

  it('shares the work between drains running at once: each stale profile is rebuilt by one of them', async () => {
    await platform.services.profiles.settled();
    while ((await platform.services.profiles.rebuildDue()) > 0);
    const usccs = (await knex()('credit_profiles').orderBy('uscc').limit(40).select<{ uscc: string }[]>('uscc')).map((r) => r.uscc);
    await knex()('credit_profiles').whereIn('uscc', usccs).update({ stale: true, updated_at: knex().fn.now() });
    // Two instances' drains, each taking sets of up to 1,000 in two transactions at once.
    const rebuilt = await Promise.all([platform.services.profiles.rebuildDue(), platform.services.profiles.rebuildDue()]);
    expect(rebuilt[0]! + rebuilt[1]!).toBe(usccs.length);
    expect(Number((await knex()('credit_profiles').whereIn('uscc', usccs).where({ stale: true }).count({ n: '*' }).first())!.n)).toBe(0);
  });

  it('sets aside one enterprise whose own records break its assembly, builds the rest of its set, and retries it once it is marked again', async () => {
    const usccs = [take(), take(), take()];
    await send('penalties', usccs.map((u) => SAMPLES.penalties!(u, nextNumber())));
    await platform.services.profiles.settled();
    while ((await platform.services.profiles.rebuildDue()) > 0);
    // A value the assembly cannot compute with (a 所属期 in year 0, stored before months were range-checked).
    const batch = (await knex()('ingestion_batches').first('id')) as { id: string };
    await knex()('tax_payment_records').insert({ uscc: usccs[1], period: '0000-01', tax_type: 'vat', amount_paid: 100, arrears_amount: 0, batch_id: batch.id, first_batch_id: batch.id });
    await knex()('credit_profiles').whereIn('uscc', usccs).update({ stale: true, updated_at: knex().fn.now() });

    expect(await platform.services.profiles.rebuildDue()).toBe(3);
    expect(await platform.services.profiles.rebuildDue()).toBe(0);
    const heads = await knex()('credit_profiles').whereIn('uscc', usccs).orderBy('uscc').select<{ uscc: string; stale: boolean; rebuild_failed_at: Date | null; rebuild_error: string | null }[]>('uscc', 'stale', 'rebuild_failed_at', 'rebuild_error');
    expect(heads.filter((h) => h.uscc !== usccs[1]).map((h) => [h.stale, h.rebuild_failed_at])).toEqual([[false, null], [false, null]]);
    const poisoned = heads.find((h) => h.uscc === usccs[1])!;
    expect(poisoned).toMatchObject({ stale: true });
    expect(poisoned.rebuild_failed_at).not.toBeNull();
    expect(poisoned.rebuild_error).toBeTruthy();
    expect((await platform.services.profiles.backlog()).failed).toBeGreaterThanOrEqual(1);

    // The department corrects the record: the mark that follows lets the drain take it again.
    await knex()('tax_payment_records').where({ uscc: usccs[1], period: '0000-01' }).delete();
    await platform.services.profiles.markStale(knex(), [usccs[1]!]);
    expect(await platform.services.profiles.rebuildDue()).toBe(1);
    expect(await knex()('credit_profiles').where({ uscc: usccs[1] }).first('stale', 'rebuild_failed_at')).toEqual({ stale: false, rebuild_failed_at: null });
  });

  it('reflects a repair in the next profile version, committed with the notice', async () => {
    const uscc = take();
    const penalties = [SAMPLES.penalties!(uscc, nextNumber()), SAMPLES.penalties!(uscc, nextNumber())];
    await send('penalties', penalties);
    const before = (await currentUsage([uscc])).get(uscc)!;
    expect(before.records).toHaveLength(2);
    const repairedKey = `${authority.uscc}|${String(penalties[0]!.decisionDocNo)}`;
    const repairedId = Number((await knex()('all_credit_records').where({ category: 'penalties', record_key: repairedKey }).first('id')).id);
    const res = await platform.api('/api/v1/ingestion/notices', {
      token: admin,
      body: { category: 'penalties', recordKey: repairedKey, kind: 'withdrawal', noticeNo: '鄂信撤〔2026〕9号', reason: '决定已被依法撤销' },
    });
    expect(res.status).toBe(201);
    expect(((await res.json()) as { profileVersion: number }).profileVersion).toBe(before.version + 1);
    // No drain awaited and no read made: the version was written with the notice.
    const after = (await currentUsage([uscc])).get(uscc)!;
    expect(after).toMatchObject({ version: before.version + 1, stale: false });
    expect(after.records).toEqual(before.records.filter((id) => id !== repairedId));
  });
});

describe('register', () => {
  it('updates the market-entity register and the denominators', async () => {
    const jrj = await platform.login('jrj_viewer');
    const before = (await (await platform.api('/api/v1/register/denominators', { token: jrj })).json()) as { districtCode: string; entityType: string; existing: number }[];
    const at = (list: typeof before) => list.find((d) => d.districtCode === '420205' && d.entityType === 'enterprise')?.existing ?? 0;
    const uscc = take();
    const row: Row = { ...SAMPLES.register!(uscc, 0), districtCode: '420205' };
    const wasExisting = await platform.database.knex('market_entities').where({ uscc }).whereIn('status', ['existing', 'operating']).andWhere({ district_code: '420205', entity_type: 'enterprise' }).first();
    const { body } = await send('register', [row, { ...SAMPLES.register!(take(), 0), districtCode: '110101' }]);
    expect(body.rejections[0]).toMatchObject({ rowNumber: 2, field: 'districtCode', code: 'UNKNOWN_DISTRICT' });
    const entity = await platform.database.knex('market_entities').where({ uscc }).first();
    expect(entity).toMatchObject({ status: 'existing', district_code: '420205', name: row.name });
    const after = (await (await platform.api('/api/v1/register/denominators', { token: jrj })).json()) as typeof before;
    expect(at(after)).toBe(at(before) + (wasExisting ? 0 : 1));
  });
});

describe('working calendar', () => {
  it('lets an admin declare holidays that the timeliness check then uses', async () => {
    const put = await platform.api('/api/v1/working-calendar', {
      method: 'PUT',
      token: admin,
      body: { days: [{ day: '2027-01-01', isWorkingDay: false, note: '元旦' }] },
    });
    expect(put.status).toBe(204);
    const year = (await (await platform.api('/api/v1/working-calendar?year=2027', { token: feed })).json()) as { day: string }[];
    expect(year).toEqual([{ day: '2027-01-01', isWorkingDay: false, note: '元旦' }]);
    const bad = await platform.api('/api/v1/working-calendar', { method: 'PUT', token: admin, body: { days: [{ day: '2027/01/02', isWorkingDay: 'no', note: '' }] } });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['days.0.day', 'days.0.isWorkingDay', 'days.0.note']);
    expect((await platform.api('/api/v1/working-calendar', { method: 'PUT', token: feed, body: { days: [] } })).status).toBe(403);
  });
});

describe('retention of the record categories not partitioned by month', () => {
  it('removes a record ended before the retention period, unless it is under objection or a kept profile version cites it', async () => {
    const knex = platform.database.knex;
    const uscc = take();
    const endedLongAgo = { decisionDate: '2018-06-01', publicityEnd: '2019-06-01' };
    const rows = {
      unused: { ...SAMPLES.penalties!(uscc, nextNumber()), ...endedLongAgo },
      disputed: { ...SAMPLES.penalties!(uscc, nextNumber()), ...endedLongAgo },
      cited: SAMPLES.penalties!(uscc, nextNumber()),
      recent: { ...SAMPLES.penalties!(uscc, nextNumber()), decisionDate: daysFromToday(-400), publicityEnd: daysFromToday(-300) },
    };
    const { body } = await send('penalties', Object.values(rows));
    expect(body.rejections).toEqual([]);
    const idOf = async (row: Row) =>
      String((await knex('penalties_records').where({ authority_uscc: authority.uscc, decision_doc_no: row.decisionDocNo }).first('id')).id);
    const ids = { unused: await idOf(rows.unused), disputed: await idOf(rows.disputed), cited: await idOf(rows.cited), recent: await idOf(rows.recent) };
    // In effect when the profile was built, so its current version cites it; ended long ago since.
    const current = await knex('credit_profiles as h').join('credit_profile_versions as v', (j) => j.on('v.uscc', 'h.uscc').andOn('v.version', 'h.current_version')).where('h.uscc', uscc).first('v.used_record_ids');
    expect((current.used_record_ids as (string | number)[]).map(String)).toContain(ids.cited);
    await knex('penalties_records').where({ id: ids.cited }).update({ decision_date: endedLongAgo.decisionDate, publicity_end: endedLongAgo.publicityEnd });
    await knex('penalties_records').where({ id: ids.disputed }).update({ disputed: true });

    const removed = await platform.services.recordRetention.purgeEnded();
    expect(removed.penalties).toBeGreaterThanOrEqual(1);
    const left = (await knex('penalties_records').where({ uscc }).pluck('id')).map(String);
    expect(left.sort()).toEqual([ids.disputed, ids.cited, ids.recent].sort());
  });
});
