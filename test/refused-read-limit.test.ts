import { describe, expect, it } from 'vitest';
import { ccb, expectAllowed, expectDenied, grant, icbc, icbcId, platform, profile, startConsentPlatform, takeEnterprise } from './helpers/consent-platform.js';

/**
 * A bank with valid credentials could make refused profile reads without end, each one a row of
 * 查询记录 (`consent_refused_reads`) kept for years. Past the limit the gate answers 429 with
 * Retry-After and keeps nothing; reads it allows are not counted and never refused by it.
 */
const LIMIT = 3;
startConsentPlatform(6, { REFUSED_READS_MAX_PER_INSTITUTION: String(LIMIT), REFUSED_READS_WINDOW_SECONDS: '600' });

const keptFor = async (institutionId: string) =>
  Number(((await platform.database.knex('consent_refused_reads').where({ institution_id: institutionId }).count({ n: '*' })) as { n: string }[])[0]!.n);

describe('refused profile reads past the limit', () => {
  it('are answered 429 problem+json with Retry-After and kept nowhere, while granted reads and other institutions go on', async () => {
    const granted = takeEnterprise();
    const g = await grant(granted, { scopes: ['register'] });
    for (let i = 0; i < LIMIT; i++) await expectDenied(await profile(takeEnterprise(), icbc), 'CONSENT_NOT_FOUND');
    expect(await keptFor(icbcId)).toBe(LIMIT);

    const limited = await profile(takeEnterprise(), icbc);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(((await limited.json()) as { code: string }).code).toBe('CONSENT_REFUSALS_RATE_LIMITED');
    // The credit report reads through the same gate.
    const report = await platform.api(`/api/v1/institution/enterprises/${granted.uscc}/credit-report?purpose=post_loan_monitoring`, { token: icbc });
    expect(report.status).toBe(429);
    expect(await keptFor(icbcId)).toBe(LIMIT);

    await expectAllowed(await profile(granted, icbc), g.id);
    await expectDenied(await profile(granted, ccb), 'CONSENT_NOT_FOUND');
  });
});
