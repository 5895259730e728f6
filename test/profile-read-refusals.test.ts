import { describe, expect, it } from 'vitest';
import { grant, icbc, platform, profile, startConsentPlatform, takeEnterprise } from './helpers/consent-platform.js';

/**
 * docs/bank-integration.md §6: a bank reading an authorised profile with the wrong purpose or a
 * scope outside the grant. Before, the 403 named no parameter (errors: []), unlike every other
 * refusal, and `scopes` repeated (scopes=register&scopes=tax, how many HTTP clients send a list)
 * was answered "应为文本".
 */
startConsentPlatform(3);

const fields = async (res: Response, status: number, code: string) => {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  const body = JSON.parse(text) as { code: string; errors: { field: string }[] };
  expect(body.code).toBe(code);
  return body.errors.map((e) => e.field);
};

describe('refusals of a profile read name the parameter at fault', () => {
  it('purpose and scopes, on the profile and the credit report', async () => {
    const e = takeEnterprise();
    await grant(e, { scopes: ['register', 'tax'] });
    expect(await fields(await profile(e, icbc, 'purpose=pre_credit'), 403, 'CONSENT_PURPOSE_MISMATCH')).toEqual(['purpose']);
    expect(await fields(await profile(e, icbc, 'purpose=loan_application&scopes=register,judicial'), 403, 'CONSENT_SCOPE_NOT_GRANTED')).toEqual(['scopes']);
    const report = await platform.api(`/api/v1/institution/enterprises/${e.uscc}/credit-report?purpose=post_loan_monitoring`, { token: icbc });
    expect(await fields(report, 403, 'CONSENT_PURPOSE_MISMATCH')).toEqual(['purpose']);
    // An unknown scope is named under the parameter sent, with the value at fault, wherever it stands.
    const unknown = await profile(e, icbc, 'purpose=loan_application&scopes=register,taxes');
    const refusal = (await unknown.clone().json()) as { errors: { message: string }[] };
    expect(await fields(unknown, 400, 'VALIDATION_FAILED')).toEqual(['scopes']);
    expect(refusal.errors[0]!.message).toContain('taxes');
    // Nothing to name when there is no grant at all.
    expect(await fields(await profile(takeEnterprise(), icbc), 403, 'CONSENT_NOT_FOUND')).toEqual([]);
  });

  it('takes scopes repeated as it takes them comma-separated', async () => {
    const e = takeEnterprise();
    await grant(e, { scopes: ['register', 'tax'] });
    const res = await profile(e, icbc, 'purpose=loan_application&scopes=register&scopes=tax');
    expect(res.status, await res.clone().text()).toBe(200);
    expect(((await res.json()) as { scopes: string[] }).scopes.sort()).toEqual(['register', 'tax']);
  });
});
