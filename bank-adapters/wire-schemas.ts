import { z } from 'zod';
import {
  applyBizSchema,
  applyResponseBizSchema,
  cancelBizSchema,
  notifyBizSchema,
  pingBizSchema,
  pingResponseBizSchema,
  queryBizSchema,
  queryResponseSchema,
} from './cn-open-platform/wire.js';
import {
  cancelBodySchema,
  pingBodySchema,
  pingResponseSchema,
  statusReportSchema,
  submitBodySchema,
  submitResponseSchema,
  webhookBodySchema,
} from './json-webhooks/wire.js';

/**
 * Every message of both wire protocols, by the name of its JSON Schema file in
 * `specs/bank-events/`. The files are generated from these zod schemas (`npm run gen:bank-schemas`)
 * and a test fails when they differ, so the published schemas are the ones the adapters parse with.
 */
export const WIRE_SCHEMAS: Readonly<Record<string, { title: string; schema: z.ZodType }>> = {
  'json-webhooks.submit-request': { title: 'POST {baseUrl}/applications — request body', schema: submitBodySchema },
  'json-webhooks.submit-response': { title: 'POST {baseUrl}/applications — 200/201 response body', schema: submitResponseSchema },
  'json-webhooks.status-report': { title: 'GET {baseUrl}/applications/{applicationId} — 200 response body', schema: statusReportSchema },
  'json-webhooks.cancel-request': { title: 'POST {baseUrl}/applications/{applicationId}/cancel — request body', schema: cancelBodySchema },
  'json-webhooks.ping-request': { title: 'POST {baseUrl}/ping — request body', schema: pingBodySchema },
  'json-webhooks.ping-response': { title: 'POST {baseUrl}/ping — 200 response body (signed, Standard Webhooks headers)', schema: pingResponseSchema },
  'json-webhooks.callback': { title: 'Callback to the platform: loan_application.status_changed', schema: webhookBodySchema },
  'cn-open-platform-sm.apply-request': { title: '/api/xyd/loan/apply/V1 — biz_content (decrypted)', schema: applyBizSchema },
  'cn-open-platform-sm.apply-response': { title: '/api/xyd/loan/apply/V1 — response_biz_content', schema: applyResponseBizSchema },
  'cn-open-platform-sm.query-request': { title: '/api/xyd/loan/query/V1 — biz_content (decrypted)', schema: queryBizSchema },
  'cn-open-platform-sm.query-response': { title: '/api/xyd/loan/query/V1 — response_biz_content', schema: queryResponseSchema },
  'cn-open-platform-sm.cancel-request': { title: '/api/xyd/loan/cancel/V1 — biz_content (decrypted)', schema: cancelBizSchema },
  'cn-open-platform-sm.ping-request': { title: '/api/xyd/ping/V1 — biz_content (decrypted)', schema: pingBizSchema },
  'cn-open-platform-sm.ping-response': { title: '/api/xyd/ping/V1 — response_biz_content', schema: pingResponseBizSchema },
  'cn-open-platform-sm.notify': { title: 'Notification to the platform — biz_content (decrypted)', schema: notifyBizSchema },
};

/** The JSON Schema file's text for one message. */
export function wireSchemaJson(name: string): string {
  const entry = WIRE_SCHEMAS[name];
  if (!entry) throw new Error(`unknown wire schema ${name}`);
  const json = z.toJSONSchema(entry.schema, { target: 'draft-2020-12', io: 'input', unrepresentable: 'any' });
  return `${JSON.stringify({ $id: `${name}.schema.json`, title: entry.title, ...json }, null, 2)}\n`;
}
