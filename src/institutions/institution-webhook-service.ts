import { randomBytes } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { Clock } from '../platform/clock.js';
import { EgressRefusedError, type EgressGuard } from '../platform/egress/egress-guard.js';
import { unprocessableField } from '../platform/errors.js';
import type { Sm4FieldCipher } from '../platform/national-crypto.js';
import { PermanentDeliveryError, type Deliverer } from '../platform/outbox/outbox-message.js';
import type { OutboxStore } from '../platform/outbox/outbox-store.js';
import { administeredLenderInstitution, type Principal } from '../platform/roles.js';
import { signWebhook } from '../platform/webhooks/standard-webhooks.js';
import type { InstitutionWebhookStore } from './institution-webhook-store.js';

/**
 * Each bank or guarantee company may register one webhook endpoint; events from the outbox
 * (`institution_webhook` channel) are POSTed there as JSON, signed per Standard Webhooks with
 * the institution's secret (kept SM4-encrypted). 2xx is success; 410 disables delivery of the
 * message at once (dead letter); anything else is retried by the relay with backoff. Events for
 * an institution without an endpoint are dead-lettered, and sent when it sets one.
 * A new secret does not cut the receiver off: the one it replaces signs beside it (Standard
 * Webhooks' several `v1,` entries) for `keepPreviousSecretHours`, default
 * `PREVIOUS_SECRET_DEFAULT_HOURS`; 0 ends it at once (a secret that leaked).
 */
export const PREVIOUS_SECRET_DEFAULT_HOURS = 24;
export const PREVIOUS_SECRET_MAX_HOURS = 168;

export const WEBHOOK_CHANNEL = 'institution_webhook';
/**
 * Attempts an event gets before it is dead-lettered: with the relay's waits (doubling from 2 s to
 * at most 30 min, randomised) about a day, so a receiver's maintenance window loses nothing (the
 * outbox default of 10 gave up after some 10 minutes). The bank guide states the span.
 */
export const WEBHOOK_MAX_ATTEMPTS = 110;

export class InstitutionWebhookService {
  constructor(
    private readonly deps: {
      db: Db;
      store: InstitutionWebhookStore;
      outbox: OutboxStore;
      cipher: Sm4FieldCipher;
      clock: Clock;
      egress: EgressGuard;
      timeoutMs?: number;
    },
  ) {}

  /**
   * Stores the URL with a fresh signing secret, returned once, and sends the institution's
   * undelivered events (those that found no endpoint or failed for good) to it.
   */
  async configure(
    principal: Principal,
    url: string,
    keepPreviousSecretHours = PREVIOUS_SECRET_DEFAULT_HOURS,
  ): Promise<{ url: string; secret: string; previousSecretValidUntil: string | null; replayedEvents: number }> {
    const { db, store, outbox, cipher, clock } = this.deps;
    const institutionId = administeredLenderInstitution(principal, '事件推送地址');
    const refusal = await this.deps.egress.checkResolved(url);
    if (refusal) {
      const message = /https|http\(s\)|credentials|valid URL/.test(refusal)
        ? '回调地址须为不含账号密码的 https 地址'
        : '平台不向本机、内网、链路本地或云元数据地址发送回调；如确需使用内网地址，请联系平台管理员加入白名单';
      throw unprocessableField('WEBHOOK_URL_FORBIDDEN', 'url', message);
    }
    const secret = `whsec_${randomBytes(32).toString('base64')}`;
    const now = clock.now();
    const replaced = await store.find(db, institutionId);
    const previousUntil = replaced && keepPreviousSecretHours > 0 ? new Date(now.getTime() + keepPreviousSecretHours * 3_600_000) : null;
    await store.set(db, institutionId, {
      url,
      secretEnc: cipher.encrypt(secret),
      previousSecretEnc: previousUntil ? replaced!.secretEnc : null,
      previousUntil,
    });
    const replayedEvents = await outbox.replayDeadFor(db, { channel: WEBHOOK_CHANNEL, target: institutionId }, now);
    return { url, secret, previousSecretValidUntil: previousUntil?.toISOString() ?? null, replayedEvents };
  }

  /** The URL events go to now (null when none is set) and until when the replaced secret signs too; secrets stay hidden. */
  async current(principal: Principal): Promise<{ url: string | null; previousSecretValidUntil: string | null }> {
    const endpoint = await this.deps.store.find(this.deps.db, administeredLenderInstitution(principal, '事件推送地址'));
    const until = endpoint?.previousUntil;
    return { url: endpoint?.url ?? null, previousSecretValidUntil: until && until > this.deps.clock.now() ? until.toISOString() : null };
  }

  /** The outbox deliverer for the `institution_webhook` channel (target = institution id). */
  deliverer(): Deliverer {
    return async (message) => {
      const { db, store, cipher, clock } = this.deps;
      const endpoint = await store.find(db, message.target);
      if (!endpoint) throw new PermanentDeliveryError('该机构尚未设置事件推送地址，设置后可重新投递');
      const body = JSON.stringify(message.payload);
      const now = clock.now();
      const secrets = [cipher.decrypt(endpoint.secretEnc)];
      if (endpoint.previousSecretEnc && endpoint.previousUntil && endpoint.previousUntil > now) secrets.push(cipher.decrypt(endpoint.previousSecretEnc));
      const headers = signWebhook(secrets, message.messageKey, now, body);
      const response = await this.deps.egress
        .fetch(endpoint.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
          signal: AbortSignal.timeout(this.deps.timeoutMs ?? 10_000),
        })
        .catch((error: unknown) => {
          throw error instanceof EgressRefusedError ? new PermanentDeliveryError(error.message) : error;
        });
      if (response.status === 410) throw new PermanentDeliveryError('receiver answered 410 Gone');
      if (response.status < 200 || response.status >= 300) throw new Error(`receiver answered HTTP ${response.status}`);
    };
  }
}
