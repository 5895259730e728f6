import { randomBytes, randomUUID } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { Clock } from '../platform/clock.js';
import { EgressRefusedError, type EgressGuard } from '../platform/egress/egress-guard.js';
import { conflict, notFound, unprocessableField } from '../platform/errors.js';
import type { Sm4FieldCipher } from '../platform/national-crypto.js';
import { ABOUT_A_DAY_OF_ATTEMPTS } from '../platform/outbox/backoff.js';
import { PermanentDeliveryError, type Deliverer } from '../platform/outbox/outbox-message.js';
import type { OutboxStore } from '../platform/outbox/outbox-store.js';
import { administeredLenderInstitution, LENDER_ROLES, type Principal } from '../platform/roles.js';
import { assertWithinSlidingWindow } from '../platform/sliding-window-limit.js';
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
/** Attempts an event gets before it is dead-lettered: about a day (see ABOUT_A_DAY_OF_ATTEMPTS). */
export const WEBHOOK_MAX_ATTEMPTS = ABOUT_A_DAY_OF_ATTEMPTS;

/**
 * 发送测试事件 (decision 0055): one `webhook.test` event through the same channel, deliverer and
 * signature as every event, tried once (a test that retried for a day would tell nobody anything),
 * not replayed when the address is saved, and at most `WEBHOOK_TEST_LIMIT` per institution.
 */
export const WEBHOOK_TEST_TOPIC = 'webhook.test';
export const WEBHOOK_TEST_LIMIT = { max: 10, windowSeconds: 600 };

export interface WebhookTest {
  eventId: string;
  url: string;
  status: 'pending' | 'delivered' | 'failed';
  requestedAt: string;
  deliveredAt: string | null;
  error: string | null;
}

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
    // The replaced secret is read and the new one written under the institution's row lock: two
    // saves at once (two tabs, a double click) each answered a secret, and the second wrote the
    // first one's predecessor beside its own, so the secret the first answer showed never signed.
    return db.transaction(async (tx) => {
      const now = clock.now();
      const replaced = await store.find(tx, institutionId, { lock: true });
      const previousUntil = replaced && keepPreviousSecretHours > 0 ? new Date(now.getTime() + keepPreviousSecretHours * 3_600_000) : null;
      await store.set(tx, institutionId, {
        url,
        secretEnc: cipher.encrypt(secret),
        previousSecretEnc: previousUntil ? replaced!.secretEnc : null,
        previousUntil,
      });
      const replayedEvents = await outbox.replayDeadFor(tx, { channel: WEBHOOK_CHANNEL, target: institutionId, exceptTopics: [WEBHOOK_TEST_TOPIC] }, now);
      return { url, secret, previousSecretValidUntil: previousUntil?.toISOString() ?? null, replayedEvents };
    });
  }

  /** The URL events go to now (null when none is set) and until when the replaced secret signs too; secrets stay hidden. */
  async current(principal: Principal): Promise<{ url: string | null; previousSecretValidUntil: string | null }> {
    const endpoint = await this.deps.store.find(this.deps.db, administeredLenderInstitution(principal, '事件推送地址'));
    const until = endpoint?.previousUntil;
    return { url: endpoint?.url ?? null, previousSecretValidUntil: until && until > this.deps.clock.now() ? until.toISOString() : null };
  }

  /** Queues a signed test event to the institution's event address; 409 before one is set, 429 past the limit. */
  async sendTest(principal: Principal): Promise<WebhookTest> {
    const { db, store, outbox, clock } = this.deps;
    const institutionId = webhookTester(principal);
    const endpoint = await store.find(db, institutionId);
    if (!endpoint) throw conflict('WEBHOOK_URL_NOT_SET', '尚未设置事件推送地址，请先设置后再发送测试事件');
    const now = clock.now();
    const destination = { channel: WEBHOOK_CHANNEL, target: institutionId };
    await assertWithinSlidingWindow(WEBHOOK_TEST_LIMIT, now, (n, since) => outbox.nthNewestSince(db, { ...destination, topic: WEBHOOK_TEST_TOPIC }, n, since), {
      code: 'WEBHOOK_TESTS_RATE_LIMITED',
      message: `测试事件每 ${WEBHOOK_TEST_LIMIT.windowSeconds / 60} 分钟最多发送 ${WEBHOOK_TEST_LIMIT.max} 次，请稍后再试`,
    });
    const testId = randomUUID();
    const eventId = `${WEBHOOK_TEST_TOPIC}:${testId}`;
    await outbox.enqueue(db, {
      ...destination,
      topic: WEBHOOK_TEST_TOPIC,
      messageKey: eventId,
      maxAttempts: 1,
      payload: { type: WEBHOOK_TEST_TOPIC, timestamp: now.toISOString(), data: { testId, requestedBy: principal.clientId ? 'client' : 'institution_admin' } },
    });
    return { eventId, url: endpoint.url, status: 'pending', requestedAt: now.toISOString(), deliveredAt: null, error: null };
  }

  /** How one of the institution's test events went; 404 for another institution's or an unknown id. */
  async testResult(principal: Principal, eventId: string): Promise<WebhookTest> {
    const { db, store, outbox } = this.deps;
    const institutionId = webhookTester(principal);
    const message = eventId.startsWith(`${WEBHOOK_TEST_TOPIC}:`) ? await outbox.findByKey(db, { channel: WEBHOOK_CHANNEL, target: institutionId }, eventId) : undefined;
    if (!message || message.topic !== WEBHOOK_TEST_TOPIC) throw notFound('WEBHOOK_TEST_NOT_FOUND', '测试事件不存在');
    const endpoint = await store.find(db, institutionId);
    return {
      eventId,
      url: endpoint?.url ?? '',
      status: message.status === 'delivered' ? 'delivered' : message.status === 'dead' ? 'failed' : 'pending',
      requestedAt: new Date(message.createdAt).toISOString(),
      deliveredAt: message.deliveredAt ? new Date(message.deliveredAt).toISOString() : null,
      error: message.status === 'dead' ? message.lastError : null,
    };
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

/**
 * Who may send the institution a test event: its 机构管理员, or its own machine client (the scope
 * guard has already checked the client holds `webhooks:test`). A test changes nothing and sends
 * only to the address the 机构管理员 set, so a client may check the endpoint it serves.
 */
function webhookTester(principal: Principal): string {
  if (principal.clientId !== undefined && principal.institutionId && LENDER_ROLES.includes(principal.role)) return principal.institutionId;
  return administeredLenderInstitution(principal, '事件推送地址');
}
