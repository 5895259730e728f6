import type { DbOrTrx } from '../db/database.js';

export interface WebhookEndpoint {
  url: string;
  /** SM4-encrypted Standard Webhooks secret (`whsec_…`). */
  secretEnc: string;
  /** The secret the current one replaced, still signing beside it until `previousUntil`. */
  previousSecretEnc: string | null;
  previousUntil: Date | null;
}

export interface InstitutionWebhookStore {
  /** `lock`: holds the institution's row (FOR UPDATE) until the transaction ends, for a read-then-write. */
  find(db: DbOrTrx, institutionId: string, options?: { lock?: boolean }): Promise<WebhookEndpoint | undefined>;
  set(db: DbOrTrx, institutionId: string, endpoint: WebhookEndpoint): Promise<void>;
}

interface Row {
  webhook_url: string | null;
  webhook_secret_enc: string | null;
  webhook_previous_secret_enc: string | null;
  webhook_previous_secret_until: Date | string | null;
}

export const institutionWebhookStore: InstitutionWebhookStore = {
  async find(db, institutionId, options = {}) {
    const query = db('institutions').where({ id: institutionId }).first('webhook_url', 'webhook_secret_enc', 'webhook_previous_secret_enc', 'webhook_previous_secret_until');
    const row = (await (options.lock ? query.forUpdate() : query)) as Row | undefined;
    if (!row?.webhook_url || !row.webhook_secret_enc) return undefined;
    const until = row.webhook_previous_secret_until;
    return {
      url: row.webhook_url,
      secretEnc: row.webhook_secret_enc,
      previousSecretEnc: row.webhook_previous_secret_enc,
      previousUntil: until === null ? null : new Date(until),
    };
  },
  async set(db, institutionId, endpoint) {
    await db('institutions').where({ id: institutionId }).update({
      webhook_url: endpoint.url,
      webhook_secret_enc: endpoint.secretEnc,
      webhook_previous_secret_enc: endpoint.previousSecretEnc,
      webhook_previous_secret_until: endpoint.previousUntil,
    });
  },
};
