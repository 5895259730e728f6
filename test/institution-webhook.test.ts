import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let platform: TestPlatform;
beforeAll(async () => {
  platform = await startTestPlatform();
});
afterAll(() => platform?.close());

describe('GET /api/v1/institution/webhook', () => {
  it('shows the officer the URL set for the institution (null before), never the secret', async () => {
    const officer = await platform.login('hbb_officer');
    const before = await platform.api('/api/v1/institution/webhook', { token: officer });
    expect(before.status).toBe(200);
    expect(await before.json()).toEqual({ url: null });

    const set = await platform.api('/api/v1/institution/webhook', { method: 'PUT', token: officer, body: { url: 'https://hbb.example.com/events' } });
    expect(set.status).toBe(200);
    const after = await platform.api('/api/v1/institution/webhook', { token: officer });
    expect(await after.json()).toEqual({ url: 'https://hbb.example.com/events' });

    // Another institution's officer sees its own (unset) endpoint.
    const other = await platform.api('/api/v1/institution/webhook', { token: await platform.login('ccb_officer') });
    expect(await other.json()).toEqual({ url: null });
  });

  it('refuses users who are not bank or guarantee officers', async () => {
    const res = await platform.api('/api/v1/institution/webhook', { token: await platform.login('jrj_viewer') });
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { code: string }).code).toBe('ROLE_FORBIDDEN');
  });
});
