import canonicalize from 'canonicalize';
import { sm2Sign, sm2Verify, type Sm2KeyPair } from '../platform/sm2.js';
import { sm3Hex } from '../platform/national-crypto.js';
import type { ConsentPurpose, ConsentScope, FetchType, Frequency, NewConsentGrant } from './consent.js';

/**
 * The consent artefact (授权凭证): what the enterprise agreed to, signed by the platform so a
 * grantee can prove later what it was allowed to read. Serialised with RFC 8785 (JSON
 * Canonicalization Scheme: sorted keys, no whitespace), signed with SM2 (SM3 digest, GB/T 32918).
 */
export interface ConsentArtefact {
  version: 1;
  consentId: string;
  grantor: { enterpriseId: string; uscc: string; name: string };
  grantee: { institutionId: string; code: string; name: string; type: 'bank' | 'guarantee_company' };
  scopes: ConsentScope[];
  purpose: ConsentPurpose;
  applicationId: string | null;
  validFrom: string;
  validUntil: string;
  fetchType: FetchType;
  frequency: Frequency | null;
  createdAt: string;
  createdBy: string;
}

export const ARTEFACT_SIGNATURE_ALGORITHM = 'SM2-SM3';

export function canonicalArtefact(artefact: ConsentArtefact): string {
  const text = canonicalize(artefact);
  if (text === undefined) throw new Error('consent artefact cannot be serialised');
  return text;
}

/** Stable short id of a public key: the first 16 hex digits of its SM3 digest. */
export function keyIdOf(publicKey: string): string {
  return sm3Hex(publicKey).slice(0, 16);
}

export function signArtefact(artefact: ConsentArtefact, keys: Sm2KeyPair): { text: string; signature: string } {
  const text = canonicalArtefact(artefact);
  return { text, signature: sm2Sign(text, keys) };
}

/** A grant about to be stored, with its artefact: written from the grant's own fields and its two parties, and signed. */
export function signedGrant(
  grant: Omit<NewConsentGrant, 'artefact' | 'artefactSignature'>,
  parties: Pick<ConsentArtefact, 'grantor' | 'grantee'>,
  keys: Sm2KeyPair,
): NewConsentGrant {
  const signed = signArtefact(
    {
      version: 1,
      consentId: grant.id,
      ...parties,
      scopes: grant.scopes,
      purpose: grant.purpose,
      applicationId: grant.applicationId,
      validFrom: grant.validFrom.toISOString(),
      validUntil: grant.validUntil.toISOString(),
      fetchType: grant.fetchType,
      frequency: grant.frequency,
      createdAt: grant.createdAt.toISOString(),
      createdBy: grant.createdBy,
    },
    keys,
  );
  return { ...grant, artefact: signed.text, artefactSignature: signed.signature };
}

export function verifyArtefact(text: string, signature: string, publicKey: string): boolean {
  return sm2Verify(text, signature, publicKey);
}
