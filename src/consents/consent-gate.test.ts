import { describe, expect, it } from 'vitest';
import type { Db } from '../db/database.js';
import type { StatementPool } from '../db/statement-pool.js';
import { FakeClock } from '../platform/clock.js';
import { DomainError } from '../platform/errors.js';
import type { AccessLogStore, GateOutcome, GateRequest } from './access-log-store.js';
import { ConsentGate } from './consent-gate.js';
import type { EnterpriseDataSource } from './enterprise-data-source.js';
import type { GateDenial } from './gate-denials.js';
import type { RefusedReadStore } from './refused-read-store.js';

const caller = { institutionId: 'bank-1', userId: 'officer-1', clientId: null, requestId: 'req-1' };

/** A log that answers each request with the next outcome (an Error fails the whole statement). */
function fakeLog(outcomes: (GateOutcome | Error)[]): AccessLogStore & { calls: { requests: GateRequest[]; dataSql?: string }[] } {
  const calls: { requests: GateRequest[]; dataSql?: string }[] = [];
  const unused = () => Promise.reject(new Error('not used by the gate'));
  return {
    calls,
    async checkAndLog(_statements, requests, dataSql) {
      calls.push({ requests: [...requests], dataSql });
      return requests.map(() => {
        const next = outcomes.shift();
        if (!next) throw new Error('no more outcomes');
        if (next instanceof Error) throw next;
        return next;
      });
    },
    readSet: unused,
    list: unused,
    lockChain: unused,
    chainHead: unused,
    unsealed: unused,
    seal: unused,
    sealedAfter: unused,
  };
}

/** Keeps the refusals the gate records, in order. */
function fakeRefusals(): RefusedReadStore & { kept: { request: GateRequest; reason: GateDenial }[] } {
  const kept: { request: GateRequest; reason: GateDenial }[] = [];
  return {
    kept,
    async record(_db, request, reason) {
      kept.push({ request, reason });
    },
    list: () => Promise.reject(new Error('not used by the gate')),
    async nthNewestSince(_db, institutionId, n, since) {
      const times = kept
        .filter((k) => k.request.institutionId === institutionId && k.request.now > since)
        .map((k) => k.request.now)
        .sort((a, b) => b.getTime() - a.getTime());
      return times[n - 1];
    },
  };
}

/** A limit no test but the limit's own reaches. */
const refusalLimit = { maxPerInstitution: 1_000, windowSeconds: 3_600 };

/** An allowed read; `data` is the JSON text the gate statement sent, as PostgreSQL writes jsonb. */
const allowed = (data: string | null = null): GateOutcome => ({
  kind: 'allowed',
  logId: 7,
  grantId: 'grant-1',
  enterpriseId: 'ent-1',
  scopes: ['register', 'tax'],
  data,
  dataKeys: data === null ? null : Object.keys(JSON.parse(data) as object),
});

describe('ConsentGate', () => {
  it('reads a source without SQL after the gate, only for the allowed scopes, and reports the rest unavailable', async () => {
    const reads: string[][] = [];
    const source: EnterpriseDataSource = {
      async read(_db, _subject, scopes) {
        reads.push([...scopes]);
        return { register: { name: '甲公司' }, judicial: { cases: 3 } };
      },
    };
    const log = fakeLog([allowed()]);
    const gate = new ConsentGate({ db: {} as Db, statements: {} as StatementPool, accessLog: log, refusals: fakeRefusals(), refusalLimit, source, clock: new FakeClock() });
    const profile = await gate.read(caller, { uscc: 'X', purpose: 'loan_application', scopes: [] });
    expect(reads).toEqual([['register', 'tax']]);
    expect(profile).toMatchObject({ grantId: 'grant-1', accessLogId: 7, scopes: ['register', 'tax'], unavailableScopes: ['tax'] });
    expect(profile.data).toEqual({ register: { name: '甲公司' } });
    expect(log.calls[0]!.dataSql).toBeUndefined();
  });

  it('uses the data the gate statement read for a SQL source, without a second read', async () => {
    const source: EnterpriseDataSource = { sql: 'select 1', read: () => Promise.reject(new Error('second round trip')) };
    const log = fakeLog([allowed('{"register": {"name": "乙公司"}}')]);
    const gate = new ConsentGate({ db: {} as Db, statements: {} as StatementPool, accessLog: log, refusals: fakeRefusals(), refusalLimit, source, clock: new FakeClock() });
    const profile = await gate.read(caller, { uscc: 'X', purpose: 'loan_application', scopes: [] });
    expect(profile.data).toEqual({ register: { name: '乙公司' } });
    expect(log.calls[0]!.dataSql).toBe('select 1');
  });

  it('passes the JSON text the gate statement read on unparsed, as the same answer read gives', async () => {
    // A decimal as PostgreSQL writes it: parsing and serialising again would print 1.5.
    const text = '{"register": {"name": "乙公司", "registeredCapital": 1.50}}';
    const source: EnterpriseDataSource = { sql: 'select 1', read: () => Promise.reject(new Error('second round trip')) };
    const gate = new ConsentGate({ db: {} as Db, statements: {} as StatementPool, accessLog: fakeLog([allowed(text), allowed(text)]), refusals: fakeRefusals(), refusalLimit, source, clock: new FakeClock() });
    const json = await gate.readJson(caller, { uscc: 'X', purpose: 'loan_application', scopes: [] });
    expect(json).toContain(`"data":${text}`);
    const parsed = JSON.parse(json) as unknown;
    expect(parsed).toEqual(await gate.read(caller, { uscc: 'X', purpose: 'loan_application', scopes: [] }));
    expect(parsed).toMatchObject({ grantId: 'grant-1', accessLogId: 7, scopes: ['register', 'tax'], unavailableScopes: ['tax'] });
  });

  it('answers JSON through read when the statement data carries a scope the read was not allowed, or asks for the source', async () => {
    const reads: string[][] = [];
    const source: EnterpriseDataSource = {
      sql: 'select 1',
      async read(_db, _subject, scopes) {
        reads.push([...scopes]);
        return { tax: { paid: '1.00' } };
      },
    };
    const log = fakeLog([allowed('{"register": {"name": "甲"}, "judicial": {"cases": 3}}'), allowed('{"__needsRead": true}')]);
    const gate = new ConsentGate({ db: {} as Db, statements: {} as StatementPool, accessLog: log, refusals: fakeRefusals(), refusalLimit, source, clock: new FakeClock() });
    const extra = JSON.parse(await gate.readJson(caller, { uscc: 'X', purpose: 'loan_application', scopes: [] })) as { data: unknown; unavailableScopes: unknown };
    expect(extra).toMatchObject({ data: { register: { name: '甲' } }, unavailableScopes: ['tax'] });
    expect(extra.data).not.toHaveProperty('judicial');
    const fallback = JSON.parse(await gate.readJson(caller, { uscc: 'X', purpose: 'loan_application', scopes: [] })) as unknown;
    expect(fallback).toMatchObject({ data: { tax: { paid: '1.00' } }, unavailableScopes: ['register'] });
    expect(reads).toEqual([['register', 'tax']]);
  });

  it('names the scopes a scope refusal lacks, in words and in missingScopes', async () => {
    const log = fakeLog([{ kind: 'denied', denial: 'CONSENT_SCOPE_NOT_GRANTED', missingScopes: ['tax', 'social_security'] }]);
    const gate = new ConsentGate({ db: {} as Db, statements: {} as StatementPool, accessLog: log, refusals: fakeRefusals(), refusalLimit, source: { read: async () => ({}) }, clock: new FakeClock() });
    const error = await gate.read(caller, { uscc: 'X', purpose: 'loan_application', scopes: ['register', 'tax', 'social_security'] }).catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'forbidden',
      code: 'CONSENT_SCOPE_NOT_GRANTED',
      message: '所请求的数据类别不在授权范围内：纳税、社会保险',
      extensions: { missingScopes: ['tax', 'social_security'] },
    });
  });

  it('asks again after a race and turns a refusal into a 403 domain error with its code, recording the refusal for the enterprise', async () => {
    const source: EnterpriseDataSource = { read: async () => ({}) };
    const log = fakeLog([{ kind: 'raced' }, { kind: 'denied', denial: 'CONSENT_ALREADY_USED' }]);
    const refusals = fakeRefusals();
    const gate = new ConsentGate({ db: {} as Db, statements: {} as StatementPool, accessLog: log, refusals, refusalLimit, source, clock: new FakeClock() });
    const error = await gate.read(caller, { uscc: 'X', purpose: 'loan_application', scopes: ['tax'] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ kind: 'forbidden', code: 'CONSENT_ALREADY_USED' });
    expect(log.calls).toHaveLength(2);
    expect(refusals.kept).toEqual([
      { request: expect.objectContaining({ uscc: 'X', institutionId: 'bank-1', userId: 'officer-1', purpose: 'loan_application', scopes: ['tax'] }), reason: 'CONSENT_ALREADY_USED' },
    ]);
  });

  it('answers 429 with the seconds until a refusal leaves the window once the institution made its limit, keeping no more, and still lets a granted read through', async () => {
    const denied = (): GateOutcome => ({ kind: 'denied', denial: 'CONSENT_NOT_FOUND' });
    const log = fakeLog([denied(), denied(), denied(), allowed(), denied()]);
    const refusals = fakeRefusals();
    const clock = new FakeClock();
    const limit = { maxPerInstitution: 2, windowSeconds: 600 };
    const gate = new ConsentGate({ db: {} as Db, statements: {} as StatementPool, accessLog: log, refusals, refusalLimit: limit, source: { read: async () => ({}) }, clock });
    const read = () => gate.read(caller, { uscc: 'X', purpose: 'loan_application', scopes: [] }).catch((e: unknown) => e);
    expect(await read()).toMatchObject({ kind: 'forbidden', code: 'CONSENT_NOT_FOUND' });
    clock.advance(100_000);
    expect(await read()).toMatchObject({ kind: 'forbidden', code: 'CONSENT_NOT_FOUND' });
    clock.advance(100_000);
    const limited = await read();
    expect(limited).toMatchObject({ kind: 'rate_limited', code: 'CONSENT_REFUSALS_RATE_LIMITED', extensions: { retryAfterSeconds: 400 } });
    expect(refusals.kept).toHaveLength(2);
    expect(await read()).toMatchObject({ grantId: 'grant-1' });
    // Another institution's refusals are its own.
    const other = await gate.read({ ...caller, institutionId: 'bank-2' }, { uscc: 'X', purpose: 'loan_application', scopes: [] }).catch((e: unknown) => e);
    expect(other).toMatchObject({ code: 'CONSENT_NOT_FOUND' });
    expect(refusals.kept).toHaveLength(3);
  });

  it('checks reads made together in one statement, a second read of the same enterprise by the same bank in the next', async () => {
    const source: EnterpriseDataSource = { read: async () => ({ register: {} }) };
    const log = fakeLog([allowed(), allowed(), allowed()]);
    const gate = new ConsentGate({ db: {} as Db, statements: {} as StatementPool, accessLog: log, refusals: fakeRefusals(), refusalLimit, source, clock: new FakeClock() });
    const reads = await Promise.all([
      gate.read(caller, { uscc: 'A', purpose: 'loan_application', scopes: [] }),
      gate.read(caller, { uscc: 'B', purpose: 'loan_application', scopes: [] }),
      gate.read(caller, { uscc: 'A', purpose: 'loan_application', scopes: [] }),
    ]);
    expect(reads.map((r) => r.uscc)).toEqual(['A', 'B', 'A']);
    expect(log.calls.map((c) => c.requests.map((r) => r.uscc))).toEqual([['A', 'B'], ['A']]);
  });

  it('checks each read under a set-read purpose (pre_credit) in a statement of its own, the others together', async () => {
    const source: EnterpriseDataSource = { read: async () => ({ register: {} }) };
    const log = fakeLog([allowed(), allowed(), allowed(), allowed()]);
    const gate = new ConsentGate({ db: {} as Db, statements: {} as StatementPool, accessLog: log, refusals: fakeRefusals(), refusalLimit, source, clock: new FakeClock() });
    await Promise.all([
      gate.read(caller, { uscc: 'A', purpose: 'pre_credit', scopes: [] }),
      gate.read(caller, { uscc: 'B', purpose: 'loan_application', scopes: [] }),
      gate.read(caller, { uscc: 'C', purpose: 'pre_credit', scopes: [] }),
      gate.read(caller, { uscc: 'D', purpose: 'post_loan_monitoring', scopes: [] }),
    ]);
    const statements = log.calls.map((c) => c.requests.map((r) => r.uscc));
    expect(statements).toHaveLength(3);
    expect(statements).toEqual(expect.arrayContaining([['B', 'D'], ['A'], ['C']]));
  });

  it('fails only the reads of a statement that failed', async () => {
    const source: EnterpriseDataSource = { read: async () => ({ register: {} }) };
    const log = fakeLog([allowed(), new Error('connection lost')]);
    const gate = new ConsentGate({ db: {} as Db, statements: {} as StatementPool, accessLog: log, refusals: fakeRefusals(), refusalLimit, source, clock: new FakeClock() });
    const [first, second] = await Promise.allSettled([
      gate.read(caller, { uscc: 'A', purpose: 'loan_application', scopes: [] }),
      gate.read(caller, { uscc: 'A', purpose: 'loan_application', scopes: [] }),
    ]);
    expect(first).toMatchObject({ status: 'fulfilled', value: { uscc: 'A', accessLogId: 7 } });
    expect(second).toMatchObject({ status: 'rejected', reason: { message: 'connection lost' } });
  });

  it('reads a set for a platform job under the caller, the purpose and the clock, in the range asked', async () => {
    const log = fakeLog([]);
    const asked: unknown[] = [];
    log.readSet = async (_db, request, dataSql) => {
      asked.push({ request, dataSql });
      return [{ uscc: 'A', enterpriseId: 'ent-1', scopes: ['tax'], grantUntil: new Date(0), data: null }];
    };
    const clock = new FakeClock();
    const gate = new ConsentGate({ db: {} as Db, statements: {} as StatementPool, accessLog: log, refusals: fakeRefusals(), refusalLimit, source: { read: async () => ({}) }, clock });
    const rows = await gate.readSet({ ...caller, clientId: null }, { purpose: 'pre_credit', after: 'A0', through: 'B9' }, 'select 1');
    expect(rows.map((r) => r.uscc)).toEqual(['A']);
    expect(asked).toEqual([
      {
        request: { institutionId: 'bank-1', purpose: 'pre_credit', userId: 'officer-1', clientId: null, requestId: 'req-1', now: clock.now(), after: 'A0', through: 'B9' },
        dataSql: 'select 1',
      },
    ]);
  });
});
