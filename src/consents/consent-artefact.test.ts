import { describe, expect, it } from 'vitest';
import { generateSm2KeyPair } from '../platform/sm2.js';
import { canonicalArtefact, signArtefact, verifyArtefact, type ConsentArtefact } from './consent-artefact.js';

const artefact: ConsentArtefact = {
  version: 1,
  consentId: '6f1c1f0e-2b7c-4c59-9a40-0c7d3f7f1a11',
  grantor: { enterpriseId: 'e1', uscc: '91420200MA4K000000', name: '黄石华兴科技有限公司' },
  grantee: { institutionId: 'i1', code: 'ICBC_HS', name: '中国工商银行黄石分行', type: 'bank' },
  scopes: ['register', 'tax'],
  purpose: 'loan_application',
  applicationId: null,
  validFrom: '2026-11-25T02:00:00.000Z',
  validUntil: '2027-02-25T02:00:00.000Z',
  fetchType: 'ONETIME',
  frequency: null,
  createdAt: '2026-11-25T02:00:00.000Z',
  createdBy: 'u1',
};

describe('consent artefact', () => {
  it('serialises with sorted keys and no whitespace, whatever the key order', () => {
    const shuffled = Object.fromEntries(Object.entries(artefact).reverse()) as unknown as ConsentArtefact;
    const text = canonicalArtefact(shuffled);
    expect(text).toBe(canonicalArtefact(artefact));
    expect(text.startsWith('{"applicationId":null,"consentId":')).toBe(true);
    expect(text).not.toMatch(/\s/);
  });

  it('verifies with the platform public key and fails once a byte changes or with another key', () => {
    const keys = generateSm2KeyPair();
    const { text, signature } = signArtefact(artefact, keys);
    expect(verifyArtefact(text, signature, keys.publicKey)).toBe(true);
    expect(verifyArtefact(text.replace('"tax"', '"judicial"'), signature, keys.publicKey)).toBe(false);
    expect(verifyArtefact(text, signature, generateSm2KeyPair().publicKey)).toBe(false);
  });
});
