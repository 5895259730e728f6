import { describe, expect, it } from 'vitest';
import { generateSm2KeyPair } from '../platform/sm2.js';
import { REGISTRY_HEADERS, signRegistryNotice, verifyRegistryNotice } from './registry-notice-signing.js';

const registry = generateSm2KeyPair();
const at = new Date('2026-12-05T08:00:00Z');
const body = '{"type":"business","mortgageApplyId":"x"}';
const headers = signRegistryNotice(registry, 'notice-0001', at, body);

describe('registry notice signatures', () => {
  it('accepts a notice signed with the registry key within the window', () => {
    expect(verifyRegistryNotice(registry.publicKey, headers, body, new Date(at.getTime() + 299_000))).toEqual({ ok: true, id: 'notice-0001' });
  });

  it('refuses a stale or future timestamp, a changed body or id, another key and missing headers', () => {
    const refused = (h: Record<string, string | undefined>, b = body, now = at, key = registry.publicKey) => verifyRegistryNotice(key, h, b, now).ok;
    expect(refused(headers, body, new Date(at.getTime() + 301_000))).toBe(false);
    expect(refused(headers, body, new Date(at.getTime() - 301_000))).toBe(false);
    expect(refused(headers, body.replace('x', 'y'))).toBe(false);
    expect(refused({ ...headers, [REGISTRY_HEADERS.id]: 'notice-0002' })).toBe(false);
    expect(refused(headers, body, at, generateSm2KeyPair().publicKey)).toBe(false);
    expect(refused({ ...headers, [REGISTRY_HEADERS.signature]: undefined })).toBe(false);
  });
});
