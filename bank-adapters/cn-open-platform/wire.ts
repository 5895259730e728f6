import { z } from 'zod';
import { fromCompactDate } from '../../src/platform/calendar-date.js';
import { wireCompactDate, wireId, wireMoney, wireRate, wireTermMonths, wireText } from '../../src/platform/wire-fields.js';
import type { ActionType, BankEvent, BankEventType, RejectionReason } from '../port.js';

/** Protocol 2 business fields (inside the encrypted biz_content) and the bank's code tables. */
export const API_PATHS = {
  apply: '/api/xyd/loan/apply/V1',
  query: '/api/xyd/loan/query/V1',
  cancel: '/api/xyd/loan/cancel/V1',
  /** Connection test: the bank echoes `nonce` in its signed response. */
  ping: '/api/xyd/ping/V1',
} as const;

/** app_status codes of the bank. */
export const CN_STATUS_CODES = {
  '01': 'accepted',
  '02': 'under_review',
  '03': 'action_required',
  '04': 'approved',
  '05': 'rejected',
  '06': 'contracted',
  '07': 'disbursed',
  '08': 'repaid',
  '09': 'closed',
  '10': 'defaulted',
} as const satisfies Record<string, BankEventType>;
export type CnStatusCode = keyof typeof CN_STATUS_CODES;
export const CN_CODE_OF = Object.fromEntries(Object.entries(CN_STATUS_CODES).map(([c, t]) => [t, c])) as Record<BankEventType, CnStatusCode>;

export const CN_REJECT_CODES = {
  R01: 'LOW_CREDIT_SCORE',
  R02: 'INSUFFICIENT_REPAYMENT_CAPACITY',
  R03: 'DOC_IRREGULARITIES',
  R04: 'POLICY_NOT_MET',
  R05: 'FRAUD',
  R99: 'OTHERS',
} as const satisfies Record<string, RejectionReason>;
export const CN_ACTION_CODES = { A01: 'ADD_DOCUMENT', A02: 'RESUBMIT_DOCUMENT', A03: 'ADDITIONAL_DATA', A99: 'OTHER' } as const satisfies Record<
  string,
  ActionType
>;

/** return_code values: 0 success; 5xxxx the bank is busy (retry); 4xxxx the request is refused. */
export const RETURN_OK = 0;
export const RETURN_BUSY = 50001;
export const RETURN_NOT_FOUND = 40004;
export const RETURN_BAD_REQUEST = 40001;
export const RETURN_BAD_SIGNATURE = 40101;

const trxn = z.object({ trxn_type: z.enum(['D', 'R']), trxn_no: wireId, trxn_amt: wireMoney, trxn_date: wireCompactDate });

const statusFields = {
  platform_app_id: z.uuid(),
  bank_app_no: wireId,
  app_status: z.enum(Object.keys(CN_STATUS_CODES) as [CnStatusCode, ...CnStatusCode[]]),
  appr_amt: wireMoney.optional(),
  appr_rate: wireRate.optional(),
  appr_term: wireTermMonths.optional(),
  reject_code: z.enum(Object.keys(CN_REJECT_CODES) as [keyof typeof CN_REJECT_CODES]).optional(),
  reject_desc: wireText(1000).optional(),
  action_code: z.enum(Object.keys(CN_ACTION_CODES) as [keyof typeof CN_ACTION_CODES]).optional(),
  action_desc: wireText(1000).optional(),
};

export const notifyBizSchema = z.object({
  event_id: wireId,
  ...statusFields,
  trxn_no: wireId.optional(),
  trxn_amt: wireMoney.optional(),
  trxn_date: wireCompactDate.optional(),
});
export type NotifyBiz = z.infer<typeof notifyBizSchema>;

/** In query responses `00` means received, not yet accepted (no platform event). */
export const queryResponseSchema = z.object({
  return_code: z.literal(0),
  ...statusFields,
  app_status: z.enum([...(Object.keys(CN_STATUS_CODES) as CnStatusCode[]), '00']),
  trxn_list: z.array(trxn),
});
export type QueryResponse = z.infer<typeof queryResponseSchema>;

/** biz_content of `apply`. */
export const applyBizSchema = z.object({
  request_id: z.string(),
  platform_app_id: z.uuid(),
  ent_name: z.string(),
  uscc: z.string(),
  product_code: z.string(),
  product_name: z.string(),
  loan_amt: z.string().meta({ description: 'Amount applied for in yuan (元) as a decimal string with two decimals, e.g. "500000.00"' }),
  loan_term: z.number().int().meta({ description: 'Term applied for in whole months' }),
  loan_purpose: z.string(),
  first_loan_flag: z.enum(['0', '1']),
  apply_time: z.string().meta({ description: 'yyyy-MM-dd HH:mm:ss, Asia/Shanghai' }),
});
export type ApplyBiz = z.infer<typeof applyBizSchema>;

/** biz_content of `query`. */
export const queryBizSchema = z.object({ request_id: z.string(), platform_app_id: z.uuid(), bank_app_no: z.string() });
/** biz_content of `cancel`. */
export const cancelBizSchema = queryBizSchema.extend({ cancel_reason: z.string() });
/** biz_content of `ping`, and the response_biz_content the bank answers it with. */
export const pingBizSchema = z.object({ request_id: z.string(), nonce: z.string() });
export const pingResponseBizSchema = z.object({ return_code: z.literal(0), return_msg: z.string(), msg_id: z.string(), nonce: z.string() });
/** response_biz_content of `apply` (and of every refusal: return_code ≠ 0, return_msg). */
export const applyResponseBizSchema = z.object({
  return_code: z.number().int(),
  return_msg: z.string(),
  msg_id: z.string(),
  bank_app_no: z.string().optional(),
  app_status: z.string().optional(),
});

export const compactDate = (iso: string) => iso.replace(/-/g, '');

/** One bank status (and optionally one transaction) as a platform event. */
export type StatusFields = z.infer<z.ZodObject<typeof statusFields>>;

export function toPlatformEvent(
  eventId: string,
  s: StatusFields & { trxn_no?: string; trxn_amt?: string; trxn_date?: string },
  occurredAt: Date,
): BankEvent {
  return {
    eventId,
    applicationId: s.platform_app_id,
    type: CN_STATUS_CODES[s.app_status],
    occurredAt,
    bankReference: s.bank_app_no,
    ...(s.appr_amt && s.appr_rate && s.appr_term ? { approval: { amount: s.appr_amt, rate: s.appr_rate, termMonths: s.appr_term } } : {}),
    ...(s.reject_code ? { rejection: { reason: CN_REJECT_CODES[s.reject_code], description: s.reject_desc ?? '' } } : {}),
    ...(s.action_code ? { action: { type: CN_ACTION_CODES[s.action_code], description: s.action_desc ?? '' } } : {}),
    ...(s.trxn_no && s.trxn_amt && s.trxn_date ? { entry: { reference: s.trxn_no, amount: s.trxn_amt, occurredOn: fromCompactDate(s.trxn_date) } } : {}),
  };
}
