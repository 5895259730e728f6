import { api, unwrap } from './client';
import type { Schemas } from './schemas';

type Commitment = Schemas['CreditCommitment'];

export async function listCommitments(): Promise<Commitment[]> {
  return (await unwrap(api.GET('/api/v1/credit-commitments'))).items;
}

export async function listOwnCommitments(): Promise<Commitment[]> {
  return (await unwrap(api.GET('/api/v1/me/credit-commitments'))).items;
}

export function recordCommitment(body: Schemas['NewCreditCommitment']): Promise<Commitment> {
  return unwrap(api.POST('/api/v1/credit-commitments', { body }));
}

export function checkCommitment(id: string, body: Schemas['CommitmentCheck']): Promise<Commitment> {
  return unwrap(api.POST('/api/v1/credit-commitments/{id}/check', { params: { path: { id } }, body }));
}
