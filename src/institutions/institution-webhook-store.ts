import type { DbOrTrx } from '../db/database.js';

export interface WebhookEndpoint {
  url: string;
  /** SM4-encrypted Standard Webhooks secret (`whsec_…`). */
  secretEnc: string;
}

export interface InstitutionWebhookStore {
  find(db: DbOrTrx, institutionId: string): Promise<WebhookEndpoint | undefined>;
  set(db: DbOrTrx, institutionId: string, endpoint: WebhookEndpoint): Promise<void>;
}

export const institutionWebhookStore: InstitutionWebhookStore = {
  async find(db, institutionId) {
    const row = (await db('institutions').where({ id: institutionId }).first('webhook_url', 'webhook_secret_enc')) as
      | { webhook_url: string | null; webhook_secret_enc: string | null }
      | undefined;
    return row?.webhook_url && row.webhook_secret_enc ? { url: row.webhook_url, secretEnc: row.webhook_secret_enc } : undefined;
  },
  async set(db, institutionId, endpoint) {
    await db('institutions').where({ id: institutionId }).update({ webhook_url: endpoint.url, webhook_secret_enc: endpoint.secretEnc });
  },
};
