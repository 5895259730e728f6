import type { IncomingMessage, ServerResponse } from 'node:http';
import { signWebhook } from '../../src/platform/webhooks/standard-webhooks.js';
import { JSON_STATUS_OF, type ApplicationData, type PingBody, type StatusReport, type SubmitBody, type WebhookBody } from '../json-webhooks/wire.js';
import type { BankEventType } from '../port.js';
import type { BankBackOffice } from './bank-desk.js';
import { send } from './http-io.js';
import type { Callback, SimApplication, SimulatedBank } from './simulated-application.js';

type JsonBank = Extract<SimulatedBank, { protocol: 'json-webhooks' }>;

/** The simulated bank's front in protocol 1 (JSON over HTTPS, Standard Webhooks callbacks). */
export async function serveJsonBank(
  office: BankBackOffice,
  bank: JsonBank,
  req: IncomingMessage,
  path: string,
  body: string,
  res: ServerResponse,
): Promise<void> {
  if (req.headers.authorization !== `Bearer ${bank.apiKey}`) return send(res, 401, 'application/json', '{"error":"unauthorised"}');
  const key = req.headers['idempotency-key'];
  if (typeof key !== 'string' || !key) return send(res, 400, 'application/json', '{"error":"Idempotency-Key required"}');
  if (req.method === 'POST' && path === '/ping') {
    const { nonce } = JSON.parse(body) as PingBody;
    const reply = JSON.stringify({ nonce });
    res.writeHead(200, { 'content-type': 'application/json', ...signWebhook([bank.webhookSecret], nonce, office.now(), reply) });
    res.end(reply);
    return;
  }
  if (req.method === 'POST' && path === '/applications') {
    const submit = JSON.parse(body) as SubmitBody;
    const result = office.submit(bank, key, JSON.stringify(submit.application), {
      applicationId: submit.application.platformApplicationId,
      amount: submit.application.amount,
      termMonths: submit.application.termMonths,
      productId: submit.application.product?.id ?? null,
    });
    if (result.kind === 'hang') return office.hang(res);
    if (result.kind === 'busy') return send(res, 503, 'application/json', '{"error":"bank busy"}');
    if (result.kind === 'conflict') return send(res, 422, 'application/json', '{"error":"Idempotency-Key reused with a different body"}');
    return send(res, 201, 'application/json', JSON.stringify({ bankReference: result.application.bankReference, status: 'PENDING' }));
  }
  const status = /^\/applications\/([^/]+)$/.exec(path);
  if (req.method === 'GET' && status) {
    const app = office.find(decodeURIComponent(status[1]!));
    if (!app || app.bank !== bank) return send(res, 404, 'application/json', '{"error":"not found"}');
    return send(res, 200, 'application/json', JSON.stringify(jsonReport(app)));
  }
  const cancel = /^\/applications\/([^/]+)\/cancel$/.exec(path);
  if (req.method === 'POST' && cancel) {
    const app = office.find(decodeURIComponent(cancel[1]!));
    if (app) app.cancelled = true;
    return send(res, 200, 'application/json', '{"cancelled":true}');
  }
  send(res, 404, 'application/json', '{"error":"no such endpoint"}');
}

/** One webhook delivery; true when the platform acknowledged it. A bad signature is forged on purpose. */
export async function postJsonCallback(bank: JsonBank, callback: Callback, badlySigned: boolean, now: Date): Promise<boolean> {
  const { application: app, eventId, step, txn } = callback;
  const data: ApplicationData = { ...jsonData(app, step.event), ...(txn ? { transaction: txn } : {}) };
  const body = JSON.stringify({ type: 'loan_application.status_changed', timestamp: now.toISOString(), data } satisfies WebhookBody);
  const headers = signWebhook([bank.webhookSecret], eventId, now, badlySigned ? `${body} ` : body);
  const res = await fetch(bank.callbackUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body,
    signal: AbortSignal.timeout(10_000),
  });
  await res.arrayBuffer();
  return res.ok;
}

function jsonData(app: SimApplication, event: BankEventType | 'submitted'): ApplicationData {
  return {
    applicationId: app.applicationId,
    bankReference: app.bankReference,
    status: event === 'submitted' ? 'PENDING' : JSON_STATUS_OF[event],
    ...(app.approval ? { approval: app.approval } : {}),
    ...(app.rejection && event === 'rejected' ? { rejection: app.rejection as ApplicationData['rejection'] & object } : {}),
    ...(app.action && event === 'action_required' ? { action: app.action as ApplicationData['action'] & object } : {}),
  };
}

function jsonReport(app: SimApplication): StatusReport {
  return { ...jsonData(app, app.status), disbursements: app.disbursements, repayments: app.repayments };
}
