import { beforeEach, describe, expect, it } from 'vitest';
import { transactionRunner } from '../src/db/transaction.js';
import { FakeClock } from '../src/platform/clock.js';
import { createLogger } from '../src/platform/logger.js';
import { versionCitationStore } from '../src/profiles/version-citation-store.js';
import { VersionRetention } from '../src/profiles/version-retention.js';
import { databaseForFile } from './helpers/test-database.js';

// Profile versions were never deleted: every rebuild that changed an enterprise's inputs added one
// for good. A version now goes, with its sections, once record retention no longer counts it as
// kept: not current, and superseded before the kept access log begins (0016).
const database = databaseForFile();

const NOW = new Date('2031-06-15T04:00:00Z');
/** 36 months of access log: kept from 2028-06-01 (Asia/Shanghai). */
const HORIZON = new Date('2028-05-31T16:00:00Z');
const daysBefore = (at: Date, days: number) => new Date(at.getTime() - days * 86_400_000);

/**
 * Stores the enterprises' versions in the order they were built, as rebuilds do (ids follow build
 * order), each with a section; `gapAfter` moves the id sequence on after that many versions.
 */
async function store(enterprises: Record<string, readonly Date[]>, gapAfter?: number): Promise<void> {
  const knex = database().knex;
  for (const [uscc, builtAt] of Object.entries(enterprises)) await knex('credit_profiles').insert({ uscc, current_version: builtAt.length, stale: false });
  const versions = Object.entries(enterprises)
    .flatMap(([uscc, builtAt]) => builtAt.map((at, i) => ({ uscc, version: i + 1, at })))
    .sort((a, b) => a.at.getTime() - b.at.getTime());
  for (const [n, v] of versions.entries()) {
    if (n === gapAfter) await knex.raw(`select setval(pg_get_serial_sequence('credit_profile_versions', 'id'), (select max(id) from credit_profile_versions) + 25000)`);
    await knex('credit_profile_versions').insert({ uscc: v.uscc, version: v.version, inputs_hash: 'h', as_of: '2026-01-01', reason: 'test', built_at: v.at, used_record_ids: [] });
    await knex('credit_profile_sections').insert({ uscc: v.uscc, version: v.version, scope: 'register', ordinal: 0, section: JSON.stringify({ scope: 'register' }) });
  }
}

const retentionAt = (now: Date, accessLogMonths: number | null) =>
  new VersionRetention({ transaction: transactionRunner(database().knex), citations: versionCitationStore, clock: new FakeClock(now), logger: createLogger('silent'), accessLogMonths });

const versionsOf = async (uscc: string) => (await database().knex('credit_profile_versions').where({ uscc }).orderBy('version').pluck('version')) as number[];
const sectionsOf = async (uscc: string) => (await database().knex('credit_profile_sections').where({ uscc }).orderBy('version').pluck('version')) as number[];

describe('profile version retention', () => {
  beforeEach(async () => {
    for (const table of ['credit_profile_sections', 'credit_profile_versions', 'credit_profiles']) await database().knex(table).delete();
  });

  it('drops the versions superseded before the kept access log, with their sections, and keeps current and recently current ones', async () => {
    // A: v1 and v2 superseded long before the horizon; v3 superseded after it (a kept read may
    // have served it); v4 current. B: one old version, current. C: every version built after the horizon.
    await store({
      '91420200000000000A': [daysBefore(HORIZON, 400), daysBefore(HORIZON, 300), daysBefore(HORIZON, 200), daysBefore(HORIZON, -10)],
      '91420200000000000B': [daysBefore(HORIZON, 900)],
      '91420200000000000C': [daysBefore(HORIZON, -5), daysBefore(HORIZON, -4)],
    });
    const retention = retentionAt(NOW, 36);

    expect(await retention.purgeUnkept()).toBe(2);
    expect(await versionsOf('91420200000000000A')).toEqual([3, 4]);
    expect(await sectionsOf('91420200000000000A')).toEqual([3, 4]);
    expect(await versionsOf('91420200000000000B')).toEqual([1]);
    expect(await versionsOf('91420200000000000C')).toEqual([1, 2]);
    // Nothing more to do on the next run.
    expect(await retention.purgeUnkept()).toBe(0);

    expect(await retentionAt(new Date('2040-01-01T00:00:00Z'), null).purgeUnkept()).toBe(0);
    expect(await versionsOf('91420200000000000C')).toEqual([1, 2]);
  });

  it('walks windows of ids with nothing to delete between them, and past the last version when none is recent', async () => {
    const uscc = '91420200000000000D';
    await store({ [uscc]: [daysBefore(HORIZON, 500), daysBefore(HORIZON, 499), daysBefore(HORIZON, 498)], '91420200000000000E': [daysBefore(HORIZON, 497)] }, 1);
    expect(await retentionAt(NOW, 36).purgeUnkept()).toBe(2);
    expect(await versionsOf(uscc)).toEqual([3]);
    expect(await versionsOf('91420200000000000E')).toEqual([1]);
  });
});
