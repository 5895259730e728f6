import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { buildEnvelope, openEnvelope, openSignedResponse, signedResponse } from '../cn-open-platform/envelope.js';
import {
  API_PATHS,
  CN_ACTION_CODES,
  CN_CODE_OF,
  CN_REJECT_CODES,
  compactDate,
  RETURN_BAD_REQUEST,
  RETURN_BAD_SIGNATURE,
  RETURN_BUSY,
  RETURN_NOT_FOUND,
  type ApplyBiz,
} from '../cn-open-platform/wire.js';
import type { BankEventType } from '../port.js';
import type { BankBackOffice } from './bank-desk.js';
import { send } from './http-io.js';
import type { Callback, SimApplication, SimulatedBank } from './simulated-application.js';

type CnBank = Extract<SimulatedBank, { protocol: 'cn-open-platform-sm' }>;

const inverse = (table: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(table).map(([code, name]) => [name, code]));
const REJECT_CODE_OF = inverse(CN_REJECT_CODES);
const ACTION_CODE_OF = inverse(CN_ACTION_CODES);

/** The simulated bank's front in protocol 2 (SM2-signed, SM4-encrypted open-platform envelopes). */
export async function serveCnBank(office: BankBackOffice, bank: CnBank, path: string, body: string, res: ServerResponse): Promise<void> {
  const reply = (biz: Record<string, unknown>, status = 200) =>
    send(res, status, 'application/json; charset=utf-8', signedResponse({ msg_id: randomUUID().replace(/-/g, ''), ...biz }, bank.bankKeys));
  const opened = openEnvelope(path, body, {
    appId: bank.appId,
    sm4Key: bank.sm4Key,
    signerPublicKey: bank.platformPublicKey,
    now: office.now(),
    windowSeconds: 600,
  });
  if (!opened.ok) return reply({ return_code: RETURN_BAD_SIGNATURE, return_msg: opened.reason });
  const biz = opened.biz as Record<string, unknown>;
  if (path === API_PATHS.ping) return reply({ return_code: 0, return_msg: 'success', nonce: biz.nonce });
  if (path === API_PATHS.apply) {
    const apply = biz as unknown as ApplyBiz;
    const { request_id, ...rest } = apply;
    const result = office.submit(bank, request_id, JSON.stringify(rest), {
      applicationId: apply.platform_app_id,
      amount: apply.loan_amt,
      termMonths: apply.loan_term,
      productId: apply.product_code || null,
    });
    if (result.kind === 'hang') return office.hang(res);
    if (result.kind === 'busy') return reply({ return_code: RETURN_BUSY, return_msg: '系统繁忙' });
    if (result.kind === 'conflict') return reply({ return_code: RETURN_BAD_REQUEST, return_msg: 'request_id 重复且内容不同' });
    return reply({ return_code: 0, return_msg: 'success', bank_app_no: result.application.bankReference, app_status: '00' });
  }
  const app = office.find(String(biz.platform_app_id));
  if (path === API_PATHS.query) {
    if (!app || app.bank !== bank) return reply({ return_code: RETURN_NOT_FOUND, return_msg: '无此申请' });
    return reply({ return_code: 0, return_msg: 'success', ...cnStatus(app), trxn_list: cnTransactions(app) });
  }
  if (path === API_PATHS.cancel) {
    if (app) app.cancelled = true;
    return reply({ return_code: 0, return_msg: 'success' });
  }
  reply({ return_code: RETURN_BAD_REQUEST, return_msg: 'unknown api' }, 404);
}

/** One notification; true when the platform answered with a verified `return_code` 0. */
export async function postCnCallback(bank: CnBank, callback: Callback, badlySigned: boolean, now: Date): Promise<boolean> {
  const { application: app, eventId, step, txn } = callback;
  const biz = {
    event_id: eventId,
    ...cnStatus(app, step.event),
    ...(txn ? { trxn_no: txn.reference, trxn_amt: txn.amount, trxn_date: compactDate(txn.date) } : {}),
  };
  const path = new URL(bank.callbackUrl).pathname;
  const envelope = buildEnvelope(path, biz, { appId: bank.appId, sm4Key: bank.sm4Key, signer: bank.bankKeys }, now, {
    from: 'bank',
    api: '/notify/xyd/loan/status/V1',
  });
  if (badlySigned) envelope.sign = Buffer.from('forged-signature').toString('base64');
  const res = await fetch(bank.callbackUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
    body: new URLSearchParams(envelope).toString(),
    signal: AbortSignal.timeout(10_000),
  });
  const ack = openSignedResponse(await res.text(), bank.platformPublicKey);
  return ack !== undefined && Number(ack.return_code) === 0;
}

function cnStatus(app: SimApplication, event: BankEventType | 'submitted' = app.status) {
  return {
    platform_app_id: app.applicationId,
    bank_app_no: app.bankReference,
    app_status: event === 'submitted' ? '00' : CN_CODE_OF[event],
    ...(app.approval ? { appr_amt: app.approval.amount, appr_rate: app.approval.rate, appr_term: app.approval.termMonths } : {}),
    ...(app.rejection && event === 'rejected' ? { reject_code: REJECT_CODE_OF[app.rejection.code], reject_desc: app.rejection.description } : {}),
    ...(app.action && event === 'action_required' ? { action_code: ACTION_CODE_OF[app.action.code], action_desc: app.action.description } : {}),
  };
}

function cnTransactions(app: SimApplication) {
  return [
    ...app.disbursements.map((t) => ({ trxn_type: 'D', trxn_no: t.reference, trxn_amt: t.amount, trxn_date: compactDate(t.date) })),
    ...app.repayments.map((t) => ({ trxn_type: 'R', trxn_no: t.reference, trxn_amt: t.amount, trxn_date: compactDate(t.date) })),
  ];
}
