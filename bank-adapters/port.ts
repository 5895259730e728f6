import { z } from 'zod';
import type { Clock } from '../src/platform/clock.js';
import type { EgressGuard } from '../src/platform/egress/egress-guard.js';
import type { FieldError } from '../src/platform/errors.js';
import type { Sm2KeyPair } from '../src/platform/sm2.js';

/**
 * The BankAdapter contract: how the platform talks to one bank's system in that bank's own
 * protocol. Adapters translate, sign, encrypt and verify; they do no database work and keep no
 * state. Every failure leaves an adapter as a {@link BankAdapterError} saying whether a retry
 * can help; the gateway (`gateway.ts`) makes sure of that for unexpected errors too.
 *
 * The contract is owned here and points one way: lending maps its domain onto these types, and
 * no adapter imports a feature of `src/` (docs/architecture.md, enforced by the linter).
 */

// ---- The vocabulary both sides share: what a bank can report, with typed reasons. ----

/** What a bank reports about an application, from a callback, a status poll or an officer. */
export const BANK_EVENT_TYPES = [
  'accepted',
  'under_review',
  'action_required',
  'approved',
  'rejected',
  'contracted',
  'disbursed',
  'repaid',
  'closed',
  'defaulted',
] as const;
export type BankEventType = (typeof BANK_EVENT_TYPES)[number];

/** Typed rejection reasons (OCEN `RejectionDetail.reason`, extended for 信易贷). */
export const REJECTION_REASONS = [
  'LOW_CREDIT_SCORE',
  'INSUFFICIENT_REPAYMENT_CAPACITY',
  'DOC_IRREGULARITIES',
  'POLICY_NOT_MET',
  'FRAUD',
  'OTHERS',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/** Typed "referred back to applicant" actions (OCEN `ActionRequired.actionType`). */
export const ACTION_TYPES = ['ADD_DOCUMENT', 'RESUBMIT_DOCUMENT', 'ADDITIONAL_DATA', 'OTHER'] as const;
export type ActionType = (typeof ACTION_TYPES)[number];

export interface BankEvent {
  /** The bank's stable event id: the dedupe key of callbacks. */
  eventId: string;
  applicationId: string;
  type: BankEventType;
  occurredAt: Date;
  bankReference?: string;
  approval?: { amount: string; rate: string; termMonths: number };
  rejection?: { reason: RejectionReason; description: string };
  action?: { type: ActionType; description: string };
  /** The officer's note on a decision, shown to the SME on its timeline. */
  note?: string;
  /** For `disbursed` (one tranche) and `repaid` (one repayment). */
  entry?: { reference: string; amount: string; occurredOn: string };
}

// ---- Outbound requests. The payloads are what the platform's outbox stores (JSON), so each is
// a schema: the outbox deliverer parses the stored row back into exactly this shape. ----

/** An application as the platform sends it to a bank (the outbox payload of a submission). */
export const submissionPayloadSchema = z.object({
  applicationId: z.string(),
  enterprise: z.object({ uscc: z.string(), name: z.string() }),
  product: z.object({ id: z.string(), name: z.string() }).nullable(),
  amount: z.string().meta({ description: 'Amount applied for in yuan (元) as a decimal string with two decimals, e.g. "500000.00"' }),
  termMonths: z.number().int().meta({ description: 'Term applied for in whole months' }),
  purpose: z.string(),
  /** 首贷户. */
  firstLoan: z.boolean(),
  submittedAt: z.string(),
});
export type SubmissionPayload = z.infer<typeof submissionPayloadSchema>;

/** The SME withdrew the application (the outbox payload of a cancellation). */
export const cancelPayloadSchema = z.object({
  applicationId: z.string(),
  bankReference: z.string().nullable(),
  reason: z.string(),
});
export type CancelPayload = z.infer<typeof cancelPayloadSchema>;

export interface Idempotent {
  /**
   * Our stable id of this request (the outbox message key). The bank must treat a repeat as the
   * same request, so a retry never creates a second application at the bank.
   */
  idempotencyKey: string;
}

export type ApplicationSubmission = Idempotent & SubmissionPayload;
export type CancelRequest = Idempotent & CancelPayload;

export interface SubmissionReceipt {
  /** The bank's own id of the application. */
  bankReference: string;
}

export interface StatusQuery {
  idempotencyKey: string;
  applicationId: string;
  bankReference: string | null;
}

/** An inbound callback exactly as received: the raw body is needed to check its signature. */
export interface InboundCallback {
  /** Request path, e.g. `/api/v1/callbacks/banks/ICBC_HS` (some protocols sign it). */
  path: string;
  headers: Readonly<Record<string, string | undefined>>;
  contentType: string;
  rawBody: string;
  receivedAt: Date;
}

export type CallbackVerification =
  /** `eventIdField`: where the event id was read, named as in the bank's wire format (a reused id is refused naming it). */
  | { ok: true; event: BankEvent; eventIdField: string }
  | {
      ok: false;
      /** Stable reason code for the refusal log, e.g. `SIGNATURE_MISMATCH`, `TIMESTAMP_OUT_OF_WINDOW`. */
      reason: string;
      /** What the bank must fix, in words (which header or field, and how), when the protocol can say it. */
      detail?: string;
      /**
       * Present when the signature held but the content is malformed (`reason` is `MALFORMED_BODY`,
       * or names the rule, e.g. `BODY_TIMESTAMP_OUT_OF_WINDOW`):
       * the fields at fault, named as in the bank's wire format. Answered 400, not 401.
       */
      malformed?: readonly FieldError[];
    };

/** A correctly signed callback whose content does not parse. */
export const malformedCallback = (errors: readonly FieldError[]): CallbackVerification => ({ ok: false, reason: 'MALFORMED_BODY', malformed: errors });

/**
 * What a callback of each event type must carry. Without it an approval has no terms to check
 * the loan's limits against, a tranche or repayment moves the status with nothing in the ledger,
 * and a rejection or an action request tells the SME nothing; so a callback without it is
 * malformed (400 naming the field), never applied. Status polls stay lenient: they report state.
 */
export const EVENT_DATA_REQUIRED: Partial<Record<BankEventType, 'approval' | 'rejection' | 'action' | 'entry'>> = {
  approved: 'approval',
  rejected: 'rejection',
  action_required: 'action',
  disbursed: 'entry',
  repaid: 'entry',
};

/**
 * The wire fields a callback of `type` lacks: `wireFields` names, per piece of data, the fields
 * of the bank's format that carry it and `present` says which were sent. A piece given in part
 * (an approval without its rate) is incomplete whatever the type, as it would be dropped.
 */
export function missingEventData(
  type: BankEventType,
  wireFields: Record<'approval' | 'rejection' | 'action' | 'entry', readonly string[]>,
  present: (field: string) => boolean,
): FieldError[] {
  const required = EVENT_DATA_REQUIRED[type];
  return (Object.entries(wireFields) as [keyof typeof wireFields, readonly string[]][]).flatMap(([piece, fields]) => {
    const given = fields.filter(present);
    if (given.length === 0 && piece !== required) return [];
    return fields
      .filter((f) => !present(f))
      .map((field) => ({ field, code: 'REQUIRED', message: piece === required && given.length === 0 ? `该状态须带 ${field}` : `${fields.join('、')} 须一并给出` }));
  });
}

/** What the platform answers a bank's callback with, in the bank's protocol. */
export interface CallbackReply {
  status: number;
  contentType: string;
  body: string;
}

export interface CallbackAck {
  /** True once the event is durably applied (or was already); false when it is refused. */
  accepted: boolean;
  /**
   * Why a callback was refused: it did not verify (signature, time window, envelope; HTTP 401),
   * or it verified but names an application this bank does not have on the platform (HTTP 422),
   * or it verified but breaks a limit of the loan (an approval outside the product's ranges, a
   * tranche beyond the approved amount, a date out of range: HTTP 422, recorded, not applied).
   */
  refusal?: 'unverified' | 'unknown_application' | 'out_of_range';
  /** Short human message, e.g. `success` or the refusal reason. */
  message: string;
  /** For a refusal: what the bank must fix, in words, when known. */
  detail?: string;
}

/** A connection test (测试连接): a nonce the bank must echo in a reply it signs. */
export interface PingRequest {
  idempotencyKey: string;
  nonce: string;
}

export interface PingResult {
  /** The bank's echo of the nonce, taken from a reply whose signature verified. */
  echoed: string;
}

export interface BankAdapter {
  /** The adapter's static identifier (its protocol), e.g. `json-webhooks`. */
  readonly identifier: string;
  /** The bank this instance talks to, e.g. `CCB_HS`. */
  readonly bankCode: string;

  /**
   * Sends a new application to the bank. Idempotent on `idempotencyKey`: the bank answers a
   * repeat with the original receipt.
   *
   * @throws BankAdapterError `retryable` on timeouts, 5xx and "in progress"; not retryable when
   *   the bank refuses the request itself (bad data, unknown product).
   * @example
   * const { bankReference } = await adapter.submitApplication({
   *   idempotencyKey: 'loan-application:7d0c…:submit', applicationId: '7d0c…',
   *   enterprise: { uscc: '91420200MA…', name: '黄石华兴科技有限公司' }, product: null,
   *   amount: '500000.00', termMonths: 12, purpose: '采购原材料', firstLoan: true,
   *   submittedAt: '2026-11-25T02:00:00.000Z',
   * });
   */
  submitApplication(request: ApplicationSubmission): Promise<SubmissionReceipt>;

  /**
   * Asks the bank what it knows about an application, as platform events: one for the current
   * status plus one per disbursement tranche and repayment. Used by the polling job when the
   * bank's callbacks have been silent. An application unknown to the bank (404, `return_code`
   * 40004) yields `null`; one it holds without news yet (PENDING, `00`) yields `[]`.
   *
   * @example
   * const events = await adapter.queryStatus({ idempotencyKey: 'poll:7d0c…:2026-11-25T03', applicationId: '7d0c…', bankReference: 'CCB-0001' });
   * // [{ type: 'approved', approval: { amount: '400000.00', rate: '3.85', termMonths: 12 }, … }]
   */
  queryStatus(query: StatusQuery): Promise<BankEvent[] | null>;

  /**
   * Tells the bank the SME withdrew the application. Idempotent on `idempotencyKey`.
   *
   * @example
   * await adapter.cancelApplication({ idempotencyKey: 'loan-application:7d0c…:cancel', applicationId: '7d0c…', bankReference: 'CCB-0001', reason: '资金已到位' });
   */
  cancelApplication(request: CancelRequest): Promise<void>;

  /**
   * Verifies an inbound callback (signature, time window) and parses it into a platform event,
   * mapping the bank's status codes to ours. Never throws on bad input: a forged or stale callback
   * yields `{ ok: false, reason }`; a signed one with malformed content also carries `malformed`.
   *
   * @example
   * const verified = adapter.verifyCallback({ path, headers, contentType, rawBody, receivedAt: new Date() });
   * if (!verified.ok) logRefusal(verified.reason);
   */
  verifyCallback(inbound: InboundCallback): CallbackVerification;

  /**
   * The reply a bank expects for a callback. Only send an accepted reply after the event is
   * committed: banks retry until they get one.
   *
   * @example
   * const reply = adapter.acknowledgeCallback({ accepted: true, message: 'success' });
   * ctx.status = reply.status; ctx.type = reply.contentType; ctx.body = reply.body;
   */
  acknowledgeCallback(ack: CallbackAck): CallbackReply;

  /**
   * A signed round trip without business effect: the bank echoes `nonce` in a reply signed with
   * the connection's credentials, so one call proves the endpoint, the keys and the secrets.
   *
   * @throws BankAdapterError when the bank does not answer, answers unsigned, badly signed or
   *   with another nonce.
   * @example
   * const { echoed } = await adapter.ping({ idempotencyKey: 'ping:9f2c…', nonce: '9f2c…' });
   */
  ping(request: PingRequest): Promise<PingResult>;

  /**
   * Maps one of the bank's status codes to the platform's event type; undefined for codes the
   * platform does not act on.
   *
   * @example
   * adapter.mapStatus('04'); // 'approved' (cn-open-platform-sm)
   */
  mapStatus(bankStatus: string): BankEventType | undefined;
}

/** What every adapter instance gets from the platform besides its own options. */
export interface AdapterContext {
  bankCode: string;
  /** The platform's SM2 key pair (signs outbound envelopes and acknowledgements). */
  platformSm2: Sm2KeyPair;
  /** Path of this bank's callback endpoint on the platform. */
  callbackPath: string;
  clock: Clock;
  /** Outbound HTTP to the bank: the platform's egress policy, checked again on every request. */
  egress: EgressGuard;
}

/**
 * One protocol: a static identifier, an options schema (checked whenever a connection is saved),
 * which options are secrets (stored SM4-encrypted, shown once) and a factory.
 */
export interface BankAdapterDefinition<Options> {
  readonly identifier: string;
  readonly optionsSchema: z.ZodType<Options>;
  /** Option names holding secrets; the others are shown in clear. */
  readonly secretOptions: readonly string[];
  /** Secrets the platform can generate when the bank does not issue them (e.g. a webhook secret). */
  generateSecret?(name: string): unknown;
  /** The option carrying the bank's SM2 public key, when the protocol uses one. */
  readonly bankPublicKeyOption?: string;
  create(options: Options, context: AdapterContext): BankAdapter;
}

/** The one failure type adapters raise. */
export class BankAdapterError extends Error {
  override readonly name = 'BankAdapterError';
  constructor(
    message: string,
    /** True when a later attempt may succeed (timeout, 5xx, bank busy). */
    readonly retryable: boolean,
    /** HTTP status or the bank's return code, when there was one. */
    readonly bankStatus?: string,
  ) {
    super(message);
  }
}

/** The HTTP status answering a callback: 200 accepted, 422 unknown application or out of range, 401 not verified. */
export function ackStatus(ack: CallbackAck): number {
  if (ack.accepted) return 200;
  return ack.refusal === 'unknown_application' || ack.refusal === 'out_of_range' ? 422 : 401;
}
