import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { EgressGuard } from '../../src/platform/egress/egress-guard.js';
import { DEFAULT_TOLERANCE_SECONDS, verifyWebhook } from '../../src/platform/webhooks/standard-webhooks.js';
import { zodFieldErrors } from '../../src/platform/field-errors.js';
import { findDuplicateKey, findJsonHazard } from '../../src/platform/json-hazards.js';
import { fetchBank } from '../bank-http.js';
import { ackStatus, BankAdapterError, malformedCallback, missingEventData, type BankAdapter, type BankAdapterDefinition, type BankEvent } from '../port.js';
import {
  JSON_BANK_STATUSES,
  pingResponseSchema,
  statusReportSchema,
  submitResponseSchema,
  webhookBodySchema,
  type ApplicationData,
  type JsonBankStatus,
  type SubmitBody,
} from './wire.js';

export const jsonWebhooksOptionsSchema = z
  .object({
    /** e.g. `https://open.bank.example/xyd/v1` */
    baseUrl: z.url().transform((u) => u.replace(/\/+$/, '')),
    /** Bearer token the bank issued to the platform. */
    apiKey: z.string().min(16, 'apiKey 至少 16 个字符'),
    /** Secrets the bank signs callbacks with, current first; several during rotation. */
    webhookSecrets: z
      .array(z.string().regex(/^whsec_[A-Za-z0-9+/]{32,}={0,2}$/, '应为 whsec_ 加至少 24 字节的 Base64'))
      .min(1, '至少需要一个回调签名密钥'),
    timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
  })
  .strict();
export type JsonWebhooksOptions = z.infer<typeof jsonWebhooksOptionsSchema>;

/** Where a callback carries each piece of event data (`EVENT_DATA_REQUIRED`). */
const DATA_FIELDS = { approval: ['data.approval'], rejection: ['data.rejection'], action: ['data.action'], entry: ['data.transaction'] } as const;

function toEvent(eventId: string, data: ApplicationData & { status: JsonBankStatus }, occurredAt: Date): BankEvent {
  const type = JSON_BANK_STATUSES[data.status];
  return {
    eventId,
    applicationId: data.applicationId,
    type,
    occurredAt,
    bankReference: data.bankReference,
    ...(data.approval ? { approval: data.approval } : {}),
    ...(data.rejection ? { rejection: { reason: data.rejection.code, description: data.rejection.description } } : {}),
    ...(data.action ? { action: { type: data.action.code, description: data.action.description } } : {}),
    ...(data.transaction ? { entry: { reference: data.transaction.reference, amount: data.transaction.amount, occurredOn: data.transaction.date } } : {}),
  };
}

async function send(
  egress: EgressGuard,
  options: JsonWebhooksOptions,
  method: string,
  path: string,
  idempotencyKey: string,
  body?: unknown,
): Promise<Response> {
  const response = await fetchBank(
    egress,
    options.baseUrl + path,
    {
      method,
      headers: {
        authorization: `Bearer ${options.apiKey}`,
        'idempotency-key': idempotencyKey,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    },
    options.timeoutMs,
  );
  if (response.ok || response.status === 404) return response;
  const text = (await response.text()).slice(0, 300);
  // 409 = the same key is still in flight at the bank; 429/5xx = try later.
  const retryable = response.status === 409 || response.status === 429 || response.status >= 500;
  throw new BankAdapterError(`bank answered ${response.status}: ${text}`, retryable, String(response.status));
}

async function parse<T>(response: Response, schema: z.ZodType<T>): Promise<T> {
  const parsed = schema.safeParse(await response.json().catch(() => undefined));
  if (!parsed.success) throw new BankAdapterError(`unexpected bank response: ${z.prettifyError(parsed.error)}`, false);
  return parsed.data;
}

/** Protocol 1: JSON over HTTPS with Idempotency-Key; Standard Webhooks callbacks. */
export const jsonWebhooksAdapter: BankAdapterDefinition<JsonWebhooksOptions> = {
  identifier: 'json-webhooks',
  optionsSchema: jsonWebhooksOptionsSchema,
  secretOptions: ['apiKey', 'webhookSecrets'],
  generateSecret: (name) => (name === 'webhookSecrets' ? [`whsec_${randomBytes(32).toString('base64')}`] : undefined),
  create(options, context): BankAdapter {
    return {
      identifier: 'json-webhooks',
      bankCode: context.bankCode,

      async submitApplication(request) {
        const body: SubmitBody = {
          metadata: { version: '1.0', requestId: request.idempotencyKey, timestamp: context.clock.now().toISOString() },
          application: {
            platformApplicationId: request.applicationId,
            enterprise: request.enterprise,
            product: request.product,
            amount: request.amount,
            termMonths: request.termMonths,
            purpose: request.purpose,
            firstLoan: request.firstLoan,
          },
        };
        const response = await send(context.egress, options, 'POST', '/applications', request.idempotencyKey, body);
        if (response.status === 404) throw new BankAdapterError('bank endpoint not found (404)', false, '404');
        return { bankReference: (await parse(response, submitResponseSchema)).bankReference };
      },

      async queryStatus(query) {
        const response = await send(context.egress, options, 'GET', `/applications/${encodeURIComponent(query.applicationId)}`, query.idempotencyKey);
        if (response.status === 404) return null;
        const report = await parse(response, statusReportSchema);
        const at = context.clock.now();
        const { disbursements, repayments, status, ...current } = report;
        return [
          ...disbursements.map((t) => toEvent(`poll:disbursed:${t.reference}`, { ...current, status: 'DISBURSED', transaction: t }, at)),
          ...repayments.map((t) => toEvent(`poll:repaid:${t.reference}`, { ...current, status: 'REPAYMENT_RECEIVED', transaction: t }, at)),
          ...(status === 'PENDING' ? [] : [toEvent(`poll:${status}`, { ...current, status }, at)]),
        ];
      },

      async cancelApplication(request) {
        await send(context.egress, options, 'POST', `/applications/${encodeURIComponent(request.applicationId)}/cancel`, request.idempotencyKey, {
          reason: request.reason,
        });
      },

      async ping(request) {
        const body = { metadata: { version: '1.0', requestId: request.idempotencyKey, timestamp: context.clock.now().toISOString() }, nonce: request.nonce };
        const response = await send(context.egress, options, 'POST', '/ping', request.idempotencyKey, body);
        if (response.status === 404) throw new BankAdapterError('bank has no /ping endpoint (404)', false, '404');
        const text = await response.text();
        const headers = (name: string) => response.headers.get(name) ?? undefined;
        const verified = verifyWebhook(
          options.webhookSecrets,
          { 'webhook-id': headers('webhook-id'), 'webhook-timestamp': headers('webhook-timestamp'), 'webhook-signature': headers('webhook-signature') },
          text,
          context.clock.now(),
        );
        if (!verified.ok) throw new BankAdapterError(`ping reply not signed with the webhook secret: ${verified.reason} (${verified.detail})`, false);
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          throw new BankAdapterError('ping reply is not JSON', false);
        }
        const parsed = pingResponseSchema.safeParse(json);
        if (!parsed.success || parsed.data.nonce !== request.nonce) throw new BankAdapterError('ping reply does not echo the nonce', false);
        return { echoed: parsed.data.nonce };
      },

      verifyCallback(inbound) {
        const verified = verifyWebhook(
          options.webhookSecrets,
          {
            'webhook-id': inbound.headers['webhook-id'],
            'webhook-timestamp': inbound.headers['webhook-timestamp'],
            'webhook-signature': inbound.headers['webhook-signature'],
          },
          inbound.rawBody,
          inbound.receivedAt,
        );
        if (!verified.ok) return { ok: false, reason: verified.reason, detail: verified.detail };
        let json: unknown;
        try {
          json = JSON.parse(inbound.rawBody);
        } catch {
          return malformedCallback([{ field: '(body)', code: 'MALFORMED_JSON', message: '回调内容不是合法的 JSON' }]);
        }
        const hazard = findJsonHazard(json) ?? findDuplicateKey(inbound.rawBody);
        if (hazard) return malformedCallback([hazard]);
        const body = webhookBodySchema.safeParse(json);
        if (!body.success) return malformedCallback(zodFieldErrors(body.error, json));
        // The body's date is signed as the header's is, so it is held to the same window (0045).
        if (Math.abs(inbound.receivedAt.getTime() - Date.parse(body.data.timestamp)) > DEFAULT_TOLERANCE_SECONDS * 1_000) {
          return {
            ok: false,
            reason: 'BODY_TIMESTAMP_OUT_OF_WINDOW',
            malformed: [{ field: 'timestamp', code: 'TIMESTAMP_OUT_OF_WINDOW', message: `应为本次发送的时间，与平台时间相差不超过 ${DEFAULT_TOLERANCE_SECONDS} 秒` }],
          };
        }
        const { status, ...data } = body.data.data;
        if (status === 'PENDING') return malformedCallback([{ field: 'data.status', code: 'INVALID_VALUE', message: 'PENDING 只用于状态查询，不能作为回调' }]);
        const missing = missingEventData(JSON_BANK_STATUSES[status], DATA_FIELDS, (field) => data[field.slice('data.'.length) as keyof typeof data] !== undefined);
        if (missing.length > 0) return malformedCallback(missing);
        return { ok: true, event: toEvent(verified.id, { ...data, status }, verified.timestamp), eventIdField: 'webhook-id' };
      },

      acknowledgeCallback(ack) {
        return {
          status: ackStatus(ack),
          contentType: 'application/json',
          body: JSON.stringify(ack.accepted ? { received: true } : { received: false, error: ack.message, ...(ack.detail ? { detail: ack.detail } : {}) }),
        };
      },

      mapStatus(bankStatus) {
        return JSON_BANK_STATUSES[bankStatus as JsonBankStatus];
      },
    };
  },
};
