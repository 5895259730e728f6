import { api, unwrap, unwrapNoContent } from './client';
import type { Schemas } from './schemas';

export type InstitutionClient = Schemas['InstitutionClient'];
export type ClientScope = Schemas['ClientScope'];

/** 接口凭证: the institution's machine clients (`/api/v1/institution/clients`). */
export async function listClients(): Promise<InstitutionClient[]> {
  return (await unwrap(api.GET('/api/v1/institution/clients'))).items;
}

export function createClient(body: Schemas['InstitutionClientRequest']): Promise<Schemas['InstitutionClientCreated']> {
  return unwrap(api.POST('/api/v1/institution/clients', { body }));
}

/** Rotation, step one: a second live secret, shown once. */
export function addClientSecret(clientId: string): Promise<Schemas['ClientSecretIssued']> {
  return unwrap(api.POST('/api/v1/institution/clients/{clientId}/secrets', { params: { path: { clientId } } }));
}

/** Rotation, step two: the old secret stops working at once. */
export async function revokeClientSecret(clientId: string, secretId: string): Promise<void> {
  await unwrapNoContent(api.DELETE('/api/v1/institution/clients/{clientId}/secrets/{secretId}', { params: { path: { clientId, secretId } } }));
}

/** 回调地址 set now (null when none); the signing secret is never shown again. */
export async function getWebhook(): Promise<string | null> {
  return (await unwrap(api.GET('/api/v1/institution/webhook'))).url;
}

/** 回调地址: stores the URL and returns a new signing secret, shown once. */
export function setWebhook(url: string): Promise<Schemas['WebhookConfig']> {
  return unwrap(api.PUT('/api/v1/institution/webhook', { body: { url } }));
}

export type WebhookTest = Schemas['WebhookTest'];

/** 发送测试事件: one signed `webhook.test` event to the 回调地址, delivered as real events are. */
export function sendWebhookTest(): Promise<WebhookTest> {
  return unwrap(api.POST('/api/v1/institution/webhook/test'));
}

/** How a test event went: pending, delivered, or failed with the receiver's answer. */
export function getWebhookTest(eventId: string): Promise<WebhookTest> {
  return unwrap(api.GET('/api/v1/institution/webhook/test/{eventId}', { params: { path: { eventId } } }));
}
