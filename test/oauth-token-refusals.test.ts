import { describe, expect, it } from 'vitest';
import { createClient, icbcAdmin, platform, startConsentPlatform } from './helpers/consent-platform.js';

/**
 * The token endpoint as a bank's OAuth 2.0 client library meets it (RFC 6749 §5.2): such a
 * library reads the `error` member. Before, a request without grant_type or without any client
 * credentials was answered without it, and a failed HTTP Basic login without WWW-Authenticate.
 */
startConsentPlatform(0);

const token = (form: Record<string, string>, basic?: string) =>
  fetch(`${platform.url}/api/v1/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(basic ? { authorization: `Basic ${Buffer.from(basic).toString('base64')}` } : {}) },
    body: new URLSearchParams(form).toString(),
  });

async function refusal(res: Response, status: number, error: string, field?: string): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(res.headers.get('cache-control')).toBe('no-store');
  const body = JSON.parse(text) as { error: string; errors: { field: string }[] };
  expect(body.error, text).toBe(error);
  if (field) expect(body.errors.map((e) => e.field)).toContain(field);
}

describe('POST /api/v1/oauth/token refusals', () => {
  it('carry the OAuth error member, and a failed Basic login names its scheme', async () => {
    const client = await createClient(icbcAdmin);
    const basic = `${client.clientId}:${client.clientSecret}`;
    await refusal(await token({}, basic), 400, 'invalid_request', 'grant_type');
    await refusal(await token({ grant_type: 'client_credentials' }), 400, 'invalid_client', 'client_id');
    await refusal(await token({ grant_type: 'password' }, basic), 400, 'unsupported_grant_type', 'grant_type');
    await refusal(await token({ grant_type: 'client_credentials', scope: 'loans:write' }, basic), 400, 'invalid_scope', 'scope');
    const wrong = await token({ grant_type: 'client_credentials' }, `${client.clientId}:xyds_wrong`);
    expect(wrong.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    await refusal(wrong, 401, 'invalid_client');
    const inBody = await token({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: 'xyds_wrong' });
    expect(inBody.headers.get('www-authenticate')).toBeNull();
    await refusal(inBody, 401, 'invalid_client');
    expect((await token({ grant_type: 'client_credentials' }, basic)).status).toBe(200);
  });

  it('refuse a client that authenticates twice, by HTTP Basic and by a body secret (RFC 6749 §2.3.1)', async () => {
    const client = await createClient(icbcAdmin);
    const basic = `${client.clientId}:${client.clientSecret}`;
    await refusal(await token({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }, basic), 400, 'invalid_request', 'client_secret');
    expect((await token({ grant_type: 'client_credentials', client_id: client.clientId }, basic)).status).toBe(200);
  });
});
