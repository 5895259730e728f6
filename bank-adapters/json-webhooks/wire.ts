import { z } from 'zod';
import { wireDate, wireId, wireMoney, wireRate, wireTermMonths, wireText } from '../../src/platform/wire-fields.js';
import { ACTION_TYPES, REJECTION_REASONS, submissionPayloadSchema, type BankEventType, type SubmissionPayload } from '../port.js';

/**
 * Protocol 1 — the platform's JSON protocol over HTTPS (OCEN-style envelope): requests carry
 * `Idempotency-Key` and `metadata.requestId`; callbacks are Standard Webhooks (`webhook-id`,
 * `webhook-timestamp`, `webhook-signature`). These are the wire shapes both sides use.
 */
export const JSON_BANK_STATUSES = {
  RECEIVED: 'accepted',
  IN_REVIEW: 'under_review',
  DOCUMENTS_REQUIRED: 'action_required',
  APPROVED: 'approved',
  DECLINED: 'rejected',
  CONTRACT_SIGNED: 'contracted',
  DISBURSED: 'disbursed',
  REPAYMENT_RECEIVED: 'repaid',
  SETTLED: 'closed',
  DEFAULTED: 'defaulted',
} as const satisfies Record<string, BankEventType>;
export type JsonBankStatus = keyof typeof JSON_BANK_STATUSES;

export const JSON_STATUS_OF: Record<BankEventType, JsonBankStatus> = Object.fromEntries(
  Object.entries(JSON_BANK_STATUSES).map(([code, type]) => [type, code]),
) as Record<BankEventType, JsonBankStatus>;

const transaction = z.object({ reference: wireId, amount: wireMoney, date: wireDate });

export const applicationDataSchema = z.object({
  applicationId: z.uuid(),
  bankReference: wireId,
  /** `PENDING`: received, not yet accepted (only in status reports; no platform event). */
  status: z.enum([...(Object.keys(JSON_BANK_STATUSES) as JsonBankStatus[]), 'PENDING']),
  approval: z.object({ amount: wireMoney, rate: wireRate, termMonths: wireTermMonths }).optional(),
  rejection: z.object({ code: z.enum(REJECTION_REASONS), description: wireText(1000) }).optional(),
  action: z.object({ code: z.enum(ACTION_TYPES), description: wireText(1000) }).optional(),
  transaction: transaction.optional(),
});
export type ApplicationData = z.infer<typeof applicationDataSchema>;

/**
 * Callback body: `{type, timestamp, data}` as Standard Webhooks recommends. `timestamp` is when
 * this callback was sent, as `webhook-timestamp` is: the signature covers it, so it is held to
 * the same window (a retry is signed and dated afresh).
 */
export const webhookBodySchema = z.object({
  type: z.literal('loan_application.status_changed'),
  timestamp: z.iso.datetime({ offset: true }).meta({
    description: 'When this callback is sent, RFC 3339 with an offset (e.g. 2026-12-05T02:00:00.000Z); within 300 seconds of the platform clock, as webhook-timestamp',
  }),
  data: applicationDataSchema,
});
export type WebhookBody = z.infer<typeof webhookBodySchema>;

/** `GET /applications/{id}`: the bank's current view, including every tranche and repayment. */
export const statusReportSchema = applicationDataSchema.omit({ transaction: true }).extend({
  disbursements: z.array(transaction),
  repayments: z.array(transaction),
});
export type StatusReport = z.infer<typeof statusReportSchema>;

const metadata = z.object({
  version: z.literal('1.0'),
  /** Our stable id of the request, the same as the `Idempotency-Key` header. */
  requestId: z.string(),
  timestamp: z.string().meta({ format: 'date-time', description: 'When the platform sent this request, ISO 8601 in UTC (…Z)' }),
});

/** `POST /applications`: the submission payload under the protocol's own name for our id. */
export const submitBodySchema = z.object({
  metadata,
  application: submissionPayloadSchema.omit({ applicationId: true, submittedAt: true }).extend({ platformApplicationId: z.uuid() }),
});
export type SubmitBody = z.infer<typeof submitBodySchema> & { application: Omit<SubmissionPayload, 'applicationId' | 'submittedAt'> };

/** `POST /applications/{applicationId}/cancel`. */
export const cancelBodySchema = z.object({ reason: z.string() });

export const submitResponseSchema = z.object({ bankReference: z.string().min(1), status: z.string() });

/** `POST /ping` body: `{metadata, nonce}`. */
export const pingBodySchema = z.object({ metadata, nonce: z.string() });
export type PingBody = z.infer<typeof pingBodySchema>;

/** `POST /ping` answer: the nonce echoed, the body signed with the webhook secret (Standard Webhooks headers, `webhook-id` = the nonce). */
export const pingResponseSchema = z.object({ nonce: z.string() });
