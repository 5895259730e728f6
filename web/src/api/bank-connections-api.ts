import { api, unwrap } from './client';
import type { Schemas } from './schemas';

export type BankConnection = Schemas['BankConnection'];
export type BankConnectionRequest = Schemas['BankConnectionRequest'];

/** 银行对接配置: every bank (platform admin) or the caller's own bank (its institution admin). */
export async function listBankConnections(): Promise<BankConnection[]> {
  return (await unwrap(api.GET('/api/v1/bank-connections'))).items;
}

/** Saves the connection; the secrets it set come back in clear, this once. */
export function configureBankConnection(institutionId: string, body: BankConnectionRequest): Promise<Schemas['BankConnectionSaved']> {
  return unwrap(api.PUT('/api/v1/bank-connections/{institutionId}', { params: { path: { institutionId } }, body }));
}

/** 测试连接: a signed round trip with the stored configuration. */
export function testBankConnection(institutionId: string): Promise<Schemas['BankConnectionTest']> {
  return unwrap(api.POST('/api/v1/bank-connections/{institutionId}/test', { params: { path: { institutionId } } }));
}

/** The platform's SM2 public key (the key a bank configures to verify the platform's signatures). */
export async function platformPublicKey(): Promise<string> {
  const { keys } = await unwrap(api.GET('/api/v1/platform/keys'));
  return keys[0]?.publicKey ?? '';
}
