import { readFileSync } from 'node:fs';
import { isDeepStrictEqual } from 'node:util';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { accessLogStore } from '../src/consents/access-log-store.js';
import type { ConsentGate } from '../src/consents/consent-gate.js';
import { institutionDataRoutes } from '../src/consents/institution-data-routes.js';
import type { TestEnterprise } from './helpers/consent-fixtures.js';
import {
  ccb,
  clientToken,
  createClient,
  expectAllowed,
  expectDenied,
  grant,
  icbc,
  icbcAdmin,
  icbcId,
  inDays,
  platform,
  profile,
  startConsentPlatform,
  takeEnterprise,
} from './helpers/consent-platform.js';
import { hasPostgres } from './helpers/test-database.js';
import { EMPTY_SECTIONS } from '../src/profiles/empty-profile.js';
import { PROFILE_SCOPES } from '../src/platform/profile-scopes.js';

startConsentPlatform(19);

describe('the consent gate: the matrix', () => {
  it('right bank: allowed, filtered to the granted scopes, one log row naming officer, scopes and purpose', async () => {
    const e = takeEnterprise();
    const g = await grant(e, { scopes: ['register', 'tax'] });
    const body = await expectAllowed(await profile(e, icbc), g.id);
    expect(body).toMatchObject({ uscc: e.uscc, grantId: g.id, purpose: 'loan_application', scopes: ['register', 'tax'], unavailableScopes: [] });
    expect(Object.keys(body.data as object).sort()).toEqual(['register', 'tax']);
    expect((body.data as { register: { name: string } }).register.name).toBe(e.name);
    expect((body.data as { tax: { scope: string; indicators: unknown[] } }).tax).toMatchObject({ scope: 'tax', indicators: expect.any(Array) });

    const only = await expectAllowed(await profile(e, icbc, 'purpose=loan_application&scopes=register'), g.id);
    expect(only.scopes).toEqual(['register']);
    const [row] = await platform.database.knex('consent_access_log').where({ id: only.accessLogId });
    expect(row).toMatchObject({ scopes: ['register'], purpose: 'loan_application', client_id: null });
    expect(row.user_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('other bank: CONSENT_NOT_FOUND', async () => {
    const e = takeEnterprise();
    await grant(e);
    await expectDenied(await profile(e, ccb), 'CONSENT_NOT_FOUND');
  });

  it('missing scope: CONSENT_SCOPE_NOT_GRANTED (granted scope still readable)', async () => {
    const e = takeEnterprise();
    const g = await grant(e, { scopes: ['register'] });
    const refused = await profile(e, icbc, 'purpose=loan_application&scopes=tax,register,judicial');
    // The refusal says which scopes are missing, in words and as codes, in the order asked.
    expect(await refused.clone().json()).toMatchObject({
      code: 'CONSENT_SCOPE_NOT_GRANTED',
      detail: '所请求的数据类别不在授权范围内：纳税、司法判决及执行',
      missingScopes: ['tax', 'judicial'],
      errors: [{ field: 'scopes', message: '所请求的数据类别不在授权范围内：纳税、司法判决及执行' }],
    });
    await expectDenied(refused, 'CONSENT_SCOPE_NOT_GRANTED');
    await expectAllowed(await profile(e, icbc, 'purpose=loan_application&scopes=register'), g.id);
  });

  it('wrong purpose: CONSENT_PURPOSE_MISMATCH', async () => {
    const e = takeEnterprise();
    await grant(e, { purpose: 'loan_application' });
    await expectDenied(await profile(e, icbc, 'purpose=pre_credit'), 'CONSENT_PURPOSE_MISMATCH');
  });

  it('before start: CONSENT_NOT_YET_VALID', async () => {
    const e = takeEnterprise();
    await grant(e, { validFrom: inDays(1), validUntil: inDays(10) });
    await expectDenied(await profile(e, icbc), 'CONSENT_NOT_YET_VALID');
  });

  it('after end: CONSENT_EXPIRED', async () => {
    const e = takeEnterprise();
    // Three seconds: a grant and a read within them even on a busy machine.
    const until = Date.now() + 3_000;
    const g = await grant(e, { validUntil: new Date(until).toISOString() });
    await expectAllowed(await profile(e, icbc), g.id);
    await new Promise((r) => setTimeout(r, until + 100 - Date.now()));
    await expectDenied(await profile(e, icbc), 'CONSENT_EXPIRED');
  });

  it('revoked: CONSENT_REVOKED from the very next read; who and when recorded', async () => {
    const e = takeEnterprise();
    const g = await grant(e);
    await expectAllowed(await profile(e, icbc), g.id);
    const res = await platform.api(`/api/v1/consents/${g.id}/revoke`, { token: e.token, body: { reason: '已选择其他银行' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'REVOKED', endedBy: { kind: 'enterprise' }, endReason: '已选择其他银行' });
    await expectDenied(await profile(e, icbc), 'CONSENT_REVOKED');
    const again = await platform.api(`/api/v1/consents/${g.id}/revoke`, { token: e.token, body: {} });
    expect(again.status).toBe(409);
  });

  it('terminated by the grantee: CONSENT_TERMINATED', async () => {
    const e = takeEnterprise();
    const g = await grant(e);
    const ccbTry = await platform.api(`/api/v1/institution/consents/${g.id}/terminate`, { token: ccb, body: {} });
    expect(ccbTry.status).toBe(404);
    const res = await platform.api(`/api/v1/institution/consents/${g.id}/terminate`, { token: icbc, body: { reason: '申请未通过' } });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'TERMINATED', endedBy: { kind: 'institution' } });
    await expectDenied(await profile(e, icbc), 'CONSENT_TERMINATED');
  });

  it('ONETIME used twice: CONSENT_ALREADY_USED', async () => {
    const e = takeEnterprise();
    const g = await grant(e, { fetchType: 'ONETIME', frequency: null });
    await expectAllowed(await profile(e, icbc), g.id);
    await expectDenied(await profile(e, icbc), 'CONSENT_ALREADY_USED');
  });

  it('frequency exceeded: CONSENT_FREQUENCY_EXCEEDED', async () => {
    const e = takeEnterprise();
    const g = await grant(e, { frequency: { unit: 'HOUR', value: 2 } });
    await expectAllowed(await profile(e, icbc), g.id);
    await expectAllowed(await profile(e, icbc), g.id);
    await expectDenied(await profile(e, icbc), 'CONSENT_FREQUENCY_EXCEEDED');
    const [row] = await platform.database.knex('consent_grant_usage').where({ grant_id: g.id });
    expect(row).toMatchObject({ use_count: 2, window_count: 2 });
  });

  it.skipIf(!hasPostgres())('a ONETIME grant read 10 times in parallel is used exactly once (needs PostgreSQL)', async () => {
    const e = takeEnterprise();
    const g = await grant(e, { fetchType: 'ONETIME', frequency: null });
    const statuses = await Promise.all(Array.from({ length: 10 }, () => profile(e, icbc).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.filter((s) => s === 403)).toHaveLength(9);
    expect(await platform.database.knex('consent_access_log').where({ grant_id: g.id })).toHaveLength(1);
  });
});

describe('lock order between the set read and single reads (needs PostgreSQL)', () => {
  /** Backends of this database waiting for a heavyweight lock (a row lock). */
  const lockWaiters = async () =>
    Number(
      ((await platform.database.knex.raw(`select count(*) as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`)).rows[0] as { n: string }).n,
    );
  const until = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 200 && !(await check()); i++) await new Promise((r) => setTimeout(r, 10));
    expect(await check()).toBe(true);
  };

  it.skipIf(!hasPostgres())('a set read locking against grant order and single pre_credit reads of the same bank made together: all complete, no deadlock', async () => {
    const knex = platform.database.knex;
    const pair = [takeEnterprise(), takeEnterprise()];
    const grants = await Promise.all(pair.map((e) => grant(e, { purpose: 'pre_credit' })));
    // x first in grant order (the order a statement of several single reads locks), y second.
    const [x, y] = grants.map((g, i) => ({ grant: g, enterprise: pair[i]! })).sort((a, b) => (a.grant.id < b.grant.id ? -1 : 1)) as [
      { grant: { id: string }; enterprise: TestEnterprise },
      { grant: { id: string }; enterprise: TestEnterprise },
    ];
    // Lay the usage rows out against grant order, and force the set read's update into a hash
    // join probed by a scan of them: it then locks y before x, the adverse order.
    await knex.raw('create index usage_grant_desc on consent_grant_usage (grant_id desc)');
    await knex.raw('cluster consent_grant_usage using usage_grant_desc');
    await knex.raw('drop index usage_grant_desc');

    const blocker = await knex.transaction();
    await blocker.raw('select 1 from consent_grant_usage where grant_id = ? for update', [x.grant.id]);
    const gate = platform.services.consentGate;
    const single = (e: TestEnterprise) => gate.read({ institutionId: icbcId, userId: null, clientId: null, requestId: 'lock-order-single' }, { uscc: e.uscc, purpose: 'pre_credit', scopes: [] });
    // Made in one tick: without a statement of their own they would lock x, then y, in one statement.
    const reads = Promise.allSettled([single(x.enterprise), single(y.enterprise)]);
    await until(async () => (await lockWaiters()) === 1);
    const through = [x.enterprise.uscc, y.enterprise.uscc].sort()[1]!;
    const setRead = knex.transaction(async (tx) => {
      await tx.raw('set local enable_nestloop = off');
      await tx.raw('set local enable_mergejoin = off');
      const request = { institutionId: icbcId, purpose: 'pre_credit' as const, userId: null, clientId: null, requestId: 'lock-order-set', now: new Date(), after: '', through };
      return accessLogStore.readSet(tx, request, 'select 1');
    });
    await until(async () => (await lockWaiters()) === 2);
    await blocker.rollback();

    const [singles, set] = await Promise.all([reads, setRead.then((rows) => ({ rows }), (error: unknown) => ({ error }))]);
    expect(singles.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect(set).not.toHaveProperty('error');
    expect((set as { rows: { uscc: string }[] }).rows.map((r) => r.uscc)).toEqual(expect.arrayContaining([x.enterprise.uscc, y.enterprise.uscc]));
    for (const { grant: g } of [x, y]) {
      const [usage] = await knex('consent_grant_usage').where({ grant_id: g.id });
      expect(usage.use_count).toBe(2);
      expect(await knex('consent_access_log').where({ grant_id: g.id }).orderBy('request_id').pluck('request_id')).toEqual(['lock-order-set', 'lock-order-single']);
    }
  });
});

describe('no other path to enterprise data', () => {
  it('every route of the institution data router answers 403 without a grant (officer and machine client)', async () => {
    const e = takeEnterprise();
    const client = await createClient(icbcAdmin);
    const machine = await clientToken(client.clientId, client.clientSecret);
    const router = institutionDataRoutes({} as ConsentGate);
    const routes = router.stack.filter((layer) => layer.methods.length > 0);
    expect(routes.length).toBeGreaterThan(0);
    for (const layer of routes) {
      const path = String(layer.path).replace(':uscc', e.uscc);
      for (const method of layer.methods.filter((m) => m !== 'HEAD')) {
        for (const token of [icbc, machine]) {
          const res = await platform.api(`${path}?purpose=loan_application`, { method, token });
          expect(res.status, `${method} ${layer.path}`).toBe(403);
          expect(((await res.json()) as { code: string }).code).toBe('CONSENT_NOT_FOUND');
        }
      }
    }
    const enterpriseTry = await platform.api(`/api/v1/institution/enterprises/${e.uscc}/profile?purpose=loan_application`, { token: e.token });
    expect(enterpriseTry.status).toBe(403);
  });

  it('every route in the API spec that names an enterprise by USCC is refused to a bank without a grant', async () => {
    const e = takeEnterprise();
    type Operation = { parameters?: { name?: string }[] };
    const spec = parse(readFileSync(new URL('../specs/dist/openapi.bundle.yaml', import.meta.url), 'utf8')) as { paths: Record<string, Record<string, Operation>> };
    const routes = Object.entries(spec.paths).filter(([path]) => path.includes('{uscc}'));
    expect(routes.map(([path]) => path)).toContain('/api/v1/institution/enterprises/{uscc}/profile');
    for (const [path, operations] of routes) {
      for (const method of Object.keys(operations).filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))) {
        // The purpose where the operation takes one: a read refuses a parameter it does not take.
        const query = operations[method]!.parameters?.some((p) => p.name === 'purpose') ? '?purpose=loan_application' : '';
        const res = await platform.api(`${path.replace('{uscc}', e.uscc)}${query}`, { method: method.toUpperCase(), token: icbc });
        expect(res.status, `${method} ${path}`).toBe(403);
      }
    }
  });
});

describe('the data source behind the gate (credit profiles)', () => {
  const sendTax = async (uscc: string, period: string, amountPaid: string) => {
    const feed = await platform.login('tax_feed');
    const res = await platform.api('/api/v1/ingestion/tax_payments/records?formatVersion=1', {
      token: feed,
      headers: { 'content-type': 'application/x-ndjson' },
      body: `${JSON.stringify({ uscc, period, taxType: '增值税', amountPaid, arrearsAmount: '0' })}\n`,
    });
    expect(res.status).toBe(201);
    // The batch's drain rebuilds the profile; reads never do.
    await platform.services.profiles.settled();
  };
  type Gated = { data: Record<string, { indicators?: { code: string; recordIds: number[] }[]; records?: { id: number }[] }> };
  const recordIds = (body: Gated) => Object.values(body.data).flatMap((s) => (s.records ?? []).map((r) => r.id));

  it('gives the same data on the folded one-statement path and on the service path', async () => {
    const { profileDataSource } = await import('../src/consents/profile-data-source.js');
    const e = takeEnterprise();
    await grant(e, { scopes: ['register', 'tax', 'penalties'] });
    // Never built: the empty profile, version 0, folded into the gate statement as well.
    expect(await platform.database.knex('credit_profiles').where({ uscc: e.uscc }).first()).toBeUndefined();
    const folded = (await (await profile(e, icbc)).json()) as Gated;
    const alone = await profileDataSource(platform.services.profiles).read(platform.database.knex, { enterpriseId: e.id, uscc: e.uscc }, [
      'register',
      'tax',
      'penalties',
    ]);
    expect(folded.data).toEqual(JSON.parse(JSON.stringify(alone)));
    expect(folded.data.register).toMatchObject({ uscc: e.uscc, name: e.name, registeredCapital: expect.stringMatching(/^\d+\.\d{2}$/) });
    expect(folded.data.tax).toMatchObject({ scope: 'tax', records: [] });
    expect(await platform.database.knex('credit_profiles').where({ uscc: e.uscc }).first()).toBeUndefined();
  });

  it('shows a bank a record once its batch drain rebuilt the profile, and never after it is repaired', async () => {
    const e = takeEnterprise();
    await grant(e, { scopes: ['tax'] });
    await sendTax(e.uscc, '2026-08', '54321.00');
    const withRecord = (await (await profile(e, icbc)).json()) as Gated;
    const { knex } = platform.database;
    const record = await knex('tax_payment_records')
      .where({ uscc: e.uscc })
      .first('id', knex.raw(`uscc || '|' || period || '|' || tax_type as record_key`));
    const recordId = Number(record.id);
    expect(recordIds(withRecord)).toContain(recordId);

    const admin = await platform.login('admin');
    const notice = await platform.api('/api/v1/ingestion/notices', {
      token: admin,
      body: { category: 'tax_payments', recordKey: record.record_key, kind: 'repair', noticeNo: '修复〔2026〕G1号', reason: '已完成信用修复' },
    });
    expect(notice.status).toBe(201);
    const afterRepair = (await (await profile(e, icbc)).json()) as Gated;
    expect(recordIds(afterRepair)).not.toContain(recordId);
  });

  /** The gate statement itself with the profile source folded in, before the gate's own filtering. */
  const foldedRead = async (e: TestEnterprise, scopes: string[]) => {
    const { profileDataSource } = await import('../src/consents/profile-data-source.js');
    const [outcome] = await accessLogStore.checkAndLog(
      platform.database.statements,
      [{
        uscc: e.uscc,
        institutionId: icbcId,
        purpose: 'loan_application',
        scopes: scopes as never,
        grantId: null,
        userId: null,
        clientId: null,
        requestId: `folded-${e.uscc}-${Date.now()}-${Math.random()}`,
        now: new Date(),
      }],
      profileDataSource(platform.services.profiles).sql,
    );
    if (outcome?.kind !== 'allowed') throw new Error(`gate refused: ${JSON.stringify(outcome)}`);
    // The statement sends the data as JSON text with its top-level keys beside it.
    const data = JSON.parse(outcome.data!) as Record<string, unknown>;
    expect([...outcome.dataKeys!].sort()).toEqual(Object.keys(data).sort());
    return { ...outcome, data };
  };

  it('reads only the allowed scopes on the folded path, and the service path gives the same', async () => {
    const { profileDataSource } = await import('../src/consents/profile-data-source.js');
    const e = takeEnterprise();
    await grant(e, { scopes: ['register', 'tax', 'penalties'] });
    await sendTax(e.uscc, '2026-06', '100.00'); // the pipeline builds the profile
    for (const scopes of [['tax'], ['register'], ['penalties', 'tax']]) {
      const outcome = await foldedRead(e, scopes);
      expect(Object.keys(outcome.data!).sort()).toEqual([...scopes].sort());
      const alone = await profileDataSource(platform.services.profiles).read(
        platform.database.knex,
        { enterpriseId: e.id, uscc: e.uscc },
        scopes as never,
      );
      expect(outcome.data).toEqual(JSON.parse(JSON.stringify(alone)));
    }
    // No scopes asked: every granted scope, and nothing the grant does not cover.
    const all = await foldedRead(e, []);
    expect(Object.keys(all.data!).sort()).toEqual(['penalties', 'register', 'tax']);
    expect(all.data!.register).toMatchObject({ uscc: e.uscc, name: e.name, scope: 'register' });
    // The section rows the folded read picks from are the stored version's non-empty sections, in
    // assembly order; every other scope reads as the empty profile's section.
    const head = await platform.database.knex('credit_profiles').where({ uscc: e.uscc }).first();
    const rows = await platform.database.knex('credit_profile_sections').where({ uscc: e.uscc, version: head.current_version }).orderBy('ordinal');
    const own = await platform.services.profiles.profileFor(e.uscc);
    expect(own.sections.map((s) => s.scope)).toEqual([...PROFILE_SCOPES]);
    const isEmpty = (s: { scope: string }) => isDeepStrictEqual(s, EMPTY_SECTIONS.find((empty) => empty.scope === s.scope));
    expect(rows.map((r: { scope: string }) => r.scope)).toEqual(own.sections.filter((s) => !isEmpty(s)).map((s) => s.scope));
    expect(rows.map((r: { scope: string }) => r.scope)).toEqual(expect.arrayContaining(['register', 'tax']));
    expect(rows.length).toBeLessThan(PROFILE_SCOPES.length);
  });

  it('serves the stored version while a rebuild is pending, in the gate statement, and the next version once the drain ran', async () => {
    const e = takeEnterprise();
    await grant(e, { scopes: ['tax'] });
    await sendTax(e.uscc, '2026-05', '100.00');
    const { knex } = platform.database;
    const before = await knex('credit_profiles').where({ uscc: e.uscc }).first();
    expect(before).toMatchObject({ stale: false });
    expect(before.current_version).toBeGreaterThan(0);

    // The state between a record's arrival and its profile's rebuild.
    await knex('credit_profiles').where({ uscc: e.uscc }).update({ stale: true });
    const pending = await foldedRead(e, ['tax']);
    expect(pending.data).toMatchObject({ tax: { scope: 'tax' } });
    expect((await knex('credit_profiles').where({ uscc: e.uscc }).first()).current_version).toBe(before.current_version);

    await sendTax(e.uscc, '2026-04', '12345.00');
    const after = await knex('credit_profiles').where({ uscc: e.uscc }).first();
    expect(after).toMatchObject({ stale: false, current_version: before.current_version + 1 });
    const res = await profile(e, icbc);
    expect(res.status).toBe(200);
    const records = await knex('tax_payment_records').where({ uscc: e.uscc }).pluck('id');
    expect(recordIds((await res.json()) as Gated).sort()).toEqual(records.map(Number).sort());
  });
});
