import { randomBytes, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { zodFieldErrors } from '../../src/platform/field-errors.js';
import { findDuplicateKey, findJsonHazard } from '../../src/platform/json-hazards.js';
import { fetchBank } from '../bank-http.js';
import { ackStatus, BankAdapterError, malformedCallback, missingEventData, type BankAdapter, type BankAdapterDefinition, type CallbackAck } from '../port.js';
import { buildEnvelope, envelopeTimestamp, openEnvelope, openSignedResponse, signedResponse } from './envelope.js';
import {
  API_PATHS,
  CN_STATUS_CODES,
  notifyBizSchema,
  queryResponseSchema,
  RETURN_BAD_REQUEST,
  RETURN_BAD_SIGNATURE,
  RETURN_NOT_FOUND,
  RETURN_OK,
  toPlatformEvent as toEventWith,
  type ApplyBiz,
  type CnStatusCode,
  type NotifyBiz,
} from './wire.js';

/**
 * Where a notification carries each piece of event data (`EVENT_DATA_REQUIRED`); a description
 * may be left out, a code may not.
 */
const NOTIFY_DATA_FIELDS = {
  approval: ['appr_amt', 'appr_rate', 'appr_term'],
  rejection: ['reject_code'],
  action: ['action_code'],
  entry: ['trxn_no', 'trxn_amt', 'trxn_date'],
} as const;

export const cnOpenPlatformOptionsSchema = z
  .object({
    /** Gateway base URL, e.g. `https://gw.open.bank.example` */
    baseUrl: z.url().transform((u) => u.replace(/\/+$/, '')),
    /** app_id the bank issued to the platform. */
    appId: z.string().min(4).max(64),
    /** Shared SM4 key for biz_content, 32 hex characters. */
    sm4Key: z.string().regex(/^[0-9a-fA-F]{32}$/, '应为 32 位十六进制字符（128 位）'),
    /** The bank's SM2 public key (uncompressed, 04…): verifies responses and notifications. */
    bankPublicKey: z.string().regex(/^04[0-9a-fA-F]{128}$/, '应为 SM2 未压缩公钥（04 开头，130 位十六进制）'),
    timeoutMs: z.number().int().min(100).max(60_000).default(10_000),
    /** Accepted clock difference for notification timestamps. */
    windowSeconds: z.number().int().min(30).max(3_600).default(300),
  })
  .strict();
export type CnOpenPlatformOptions = z.infer<typeof cnOpenPlatformOptionsSchema>;

/**
 * The `return_code` answering a notification, from the protocol's one table (§5.4 of the bank
 * guide), as the bank's own answers to the platform use it: 40101 not verified, 40004 an
 * application the bank does not have here, 40001 a report that breaks a limit of the loan. A
 * code outside that table (every refusal but the last was `1`) left the bank's system guessing.
 */
export function notifyReturnCode(ack: CallbackAck): number {
  if (ack.accepted) return RETURN_OK;
  if (ack.refusal === 'out_of_range') return RETURN_BAD_REQUEST;
  if (ack.refusal === 'unknown_application') return RETURN_NOT_FOUND;
  return RETURN_BAD_SIGNATURE;
}

/** msg_id: unique per transmission (the bank rejects repeats within 10 minutes), derived from our stable key. */
const msgIdFor = (idempotencyKey: string) => `${idempotencyKey.replace(/[^A-Za-z0-9]/g, '').slice(-20)}${randomUUID().replace(/-/g, '').slice(0, 12)}`;

/** Protocol 2: ICBC/CMB-style form envelope, SM4-CBC biz_content, SM3withSM2 signatures. */
export const cnOpenPlatformAdapter: BankAdapterDefinition<CnOpenPlatformOptions> = {
  identifier: 'cn-open-platform-sm',
  optionsSchema: cnOpenPlatformOptionsSchema,
  secretOptions: ['sm4Key'],
  generateSecret: (name) => (name === 'sm4Key' ? randomBytes(16).toString('hex') : undefined),
  bankPublicKeyOption: 'bankPublicKey',
  create(options, context): BankAdapter {
    const keys = { appId: options.appId, sm4Key: options.sm4Key, signer: context.platformSm2 };

    async function call(path: string, request: object, idempotencyKey: string): Promise<Record<string, unknown>> {
      const envelope = buildEnvelope(path, request, keys, context.clock.now(), {}, msgIdFor(idempotencyKey));
      const response = await fetchBank(
        context.egress,
        options.baseUrl + path,
        {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
          body: new URLSearchParams(envelope).toString(),
        },
        options.timeoutMs,
      );
      const text = await response.text();
      if (response.status >= 500 || response.status === 429) {
        throw new BankAdapterError(`bank answered HTTP ${response.status}`, true, String(response.status));
      }
      const biz = openSignedResponse(text, options.bankPublicKey);
      if (!biz) throw new BankAdapterError(`bank response unsigned or badly signed (HTTP ${response.status})`, true, String(response.status));
      const code = Number(biz.return_code);
      if (code !== RETURN_OK && code !== RETURN_NOT_FOUND) {
        throw new BankAdapterError(`bank return_code ${code}: ${String(biz.return_msg ?? '')}`, code >= 50_000, String(code));
      }
      return biz;
    }

    return {
      identifier: 'cn-open-platform-sm',
      bankCode: context.bankCode,

      async submitApplication(request) {
        const biz: ApplyBiz = {
          request_id: request.idempotencyKey,
          platform_app_id: request.applicationId,
          ent_name: request.enterprise.name,
          uscc: request.enterprise.uscc,
          product_code: request.product?.id ?? '',
          product_name: request.product?.name ?? '',
          loan_amt: request.amount,
          loan_term: request.termMonths,
          loan_purpose: request.purpose,
          first_loan_flag: request.firstLoan ? '1' : '0',
          apply_time: envelopeTimestamp(new Date(request.submittedAt)),
        };
        const response = await call(API_PATHS.apply, biz, request.idempotencyKey);
        if (typeof response.bank_app_no !== 'string') throw new BankAdapterError('bank response lacks bank_app_no', false);
        return { bankReference: response.bank_app_no };
      },

      async queryStatus(query) {
        const response = await call(
          API_PATHS.query,
          { request_id: query.idempotencyKey, platform_app_id: query.applicationId, bank_app_no: query.bankReference ?? '' },
          query.idempotencyKey,
        );
        if (Number(response.return_code) === RETURN_NOT_FOUND) return null;
        const parsed = queryResponseSchema.safeParse(response);
        if (!parsed.success) throw new BankAdapterError(`unexpected query response: ${z.prettifyError(parsed.error)}`, false);
        const { trxn_list, return_code: _ok, app_status, ...status } = parsed.data;
        const at = context.clock.now();
        const current = (code: CnStatusCode) => ({ ...status, app_status: code });
        return [
          ...trxn_list.map((t) =>
            toEventWith(`poll:${t.trxn_type}:${t.trxn_no}`, { ...current(t.trxn_type === 'D' ? '07' : '08'), trxn_no: t.trxn_no, trxn_amt: t.trxn_amt, trxn_date: t.trxn_date }, at),
          ),
          ...(app_status === '00' ? [] : [toEventWith(`poll:${app_status}`, current(app_status), at)]),
        ];
      },

      async cancelApplication(request) {
        await call(
          API_PATHS.cancel,
          { request_id: request.idempotencyKey, platform_app_id: request.applicationId, bank_app_no: request.bankReference ?? '', cancel_reason: request.reason },
          request.idempotencyKey,
        );
      },

      async ping(request) {
        const response = await call(API_PATHS.ping, { request_id: request.idempotencyKey, nonce: request.nonce }, request.idempotencyKey);
        if (response.nonce !== request.nonce) throw new BankAdapterError('ping response does not echo the nonce', false);
        return { echoed: request.nonce };
      },

      verifyCallback(inbound) {
        const opened = openEnvelope(inbound.path, inbound.rawBody, {
          appId: options.appId,
          sm4Key: options.sm4Key,
          signerPublicKey: options.bankPublicKey,
          now: inbound.receivedAt,
          windowSeconds: options.windowSeconds,
        });
        if (!opened.ok && opened.reason === 'BIZ_NOT_JSON') {
          return malformedCallback([{ field: 'biz_content', code: 'MALFORMED_JSON', message: 'biz_content 解密后不是合法的 JSON' }]);
        }
        if (!opened.ok) return { ok: false, reason: opened.reason, detail: opened.detail };
        const hazard = findJsonHazard(opened.biz) ?? findDuplicateKey(opened.bizText);
        if (hazard) return malformedCallback([hazard]);
        const biz = notifyBizSchema.safeParse(opened.biz);
        if (!biz.success) return malformedCallback(zodFieldErrors(biz.error, opened.biz));
        const missing = missingEventData(CN_STATUS_CODES[biz.data.app_status], NOTIFY_DATA_FIELDS, (field) => biz.data[field as keyof NotifyBiz] !== undefined);
        if (missing.length > 0) return malformedCallback(missing);
        return { ok: true, event: toEventWith(biz.data.event_id, biz.data, opened.timestamp), eventIdField: 'event_id' };
      },

      acknowledgeCallback(ack) {
        // return_msg: the code, then what to fix when known (`TIMESTAMP_OUT_OF_WINDOW: timestamp …`), as 422's rule and figures are.
        const message = ack.detail ? `${ack.message}: ${ack.detail}` : ack.message;
        const biz = { return_code: notifyReturnCode(ack), return_msg: message, msg_id: randomUUID().replace(/-/g, '') };
        return { status: ackStatus(ack), contentType: 'application/json; charset=utf-8', body: signedResponse(biz, context.platformSm2) };
      },

      mapStatus(bankStatus) {
        return CN_STATUS_CODES[bankStatus as CnStatusCode];
      },
    };
  },
};
