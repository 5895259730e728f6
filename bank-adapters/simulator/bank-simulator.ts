import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { BankEventType } from '../../src/lending/loan-application.js';
import { addMoney, compareMoney, fromFen, toFen } from '../../src/platform/money.js';
import type { Sm2KeyPair } from '../../src/platform/sm2.js';
import { signWebhook } from '../../src/platform/webhooks/standard-webhooks.js';
import { buildEnvelope, openEnvelope, openSignedResponse, signedResponse } from '../cn-open-platform/envelope.js';
import {
  API_PATHS,
  CN_CODE_OF,
  compactDate,
  RETURN_BAD_REQUEST,
  RETURN_BAD_SIGNATURE,
  RETURN_BUSY,
  RETURN_NOT_FOUND,
  type ApplyBiz,
} from '../cn-open-platform/wire.js';
import { JSON_STATUS_OF, type ApplicationData, type StatusReport, type SubmitBody, type WebhookBody } from '../json-webhooks/wire.js';
import { CALLBACK_RETRY_MS, DEFAULT_SCRIPT, simScriptSchema, type SimScript, type SimScriptInput, type SimStep } from './script.js';

/** One bank the simulator plays, in one of the two protocols. */
export type SimulatedBank =
  | { bankCode: string; protocol: 'json-webhooks'; callbackUrl: string; apiKey: string; webhookSecret: string }
  | {
      bankCode: string;
      protocol: 'cn-open-platform-sm';
      callbackUrl: string;
      appId: string;
      sm4Key: string;
      bankKeys: Sm2KeyPair;
      platformPublicKey: string;
    };

export interface SimulatorOptions {
  banks: readonly SimulatedBank[];
  /** Multiplies the callback retry schedule (1 = real minutes and hours; tests use ~1e-4). */
  retryScale?: number;
  now?: () => Date;
  /** Chooses the script of an application (before the per-application and default scripts). */
  scriptFor?: (applicationId: string) => SimScriptInput | undefined;
}

interface Txn {
  reference: string;
  amount: string;
  date: string;
}

interface SimApplication {
  bank: SimulatedBank;
  applicationId: string;
  bankReference: string;
  amount: string;
  termMonths: number;
  status: BankEventType | 'submitted';
  approval?: { amount: string; rate: string; termMonths: number };
  rejection?: { code: string; description: string };
  action?: { code: string; description: string };
  disbursements: Txn[];
  repayments: Txn[];
  cancelled: boolean;
}

interface Callback {
  /** The application as it was when the step happened: retries must resend the same content. */
  application: SimApplication;
  eventId: string;
  step: SimStep;
  txn?: Txn;
}

export interface SimulatorStats {
  submits: number;
  /** Submits answered from the idempotency store (a retry, not a second application). */
  replayedSubmits: number;
  applicationsCreated: number;
  callbackAttempts: number;
  callbacksAcknowledged: number;
  badlySignedSent: number;
  /** Badly signed deliveries the platform answered with a refusal / wrongly acknowledged. */
  badlySignedRefused: number;
  badlySignedAcknowledged: number;
  callbacksAbandoned: number;
}

const REJECT_CN: Record<string, string> = {
  LOW_CREDIT_SCORE: 'R01',
  INSUFFICIENT_REPAYMENT_CAPACITY: 'R02',
  DOC_IRREGULARITIES: 'R03',
  POLICY_NOT_MET: 'R04',
  FRAUD: 'R05',
  OTHERS: 'R99',
};
const ACTION_CN: Record<string, string> = { ADD_DOCUMENT: 'A01', RESUBMIT_DOCUMENT: 'A02', ADDITIONAL_DATA: 'A03', OTHER: 'A99' };

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * A real HTTP bank speaking both protocols (`/banks/<code>/…`), scriptable per application:
 * approve after a delay, decline, ask for documents, disburse in parts, answer 5xx, lose
 * responses, and send duplicate, reordered or badly signed callbacks, retrying unacknowledged
 * ones on the open-platform schedule. Control endpoints: `PUT /_control/scripts/<applicationId>`,
 * `PUT /_control/default-script`, `GET /_control/stats`.
 */
export class BankSimulator {
  private server: Server | undefined;
  private readonly banks: Map<string, SimulatedBank>;
  private readonly applications = new Map<string, SimApplication>();
  private readonly idempotency = new Map<string, { fingerprint: string; body: string; status: number }>();
  private readonly submitAttempts = new Map<string, number>();
  private readonly scripts = new Map<string, SimScript>();
  private defaultScript: SimScript = DEFAULT_SCRIPT;
  private readonly timers = new Set<NodeJS.Timeout>();
  private readonly hanging = new Set<ServerResponse>();
  private readonly retryScale: number;
  private readonly now: () => Date;
  private sequence = 0;
  readonly stats: SimulatorStats = {
    submits: 0,
    replayedSubmits: 0,
    applicationsCreated: 0,
    callbackAttempts: 0,
    callbacksAcknowledged: 0,
    badlySignedSent: 0,
    badlySignedRefused: 0,
    badlySignedAcknowledged: 0,
    callbacksAbandoned: 0,
  };
  private readonly scriptFor: ((applicationId: string) => SimScriptInput | undefined) | undefined;

  constructor(options: SimulatorOptions) {
    this.banks = new Map(options.banks.map((b) => [b.bankCode, b]));
    this.retryScale = options.retryScale ?? 1;
    this.now = options.now ?? (() => new Date());
    this.scriptFor = options.scriptFor;
  }

  /** How many submit requests the bank received with this idempotency key. */
  submitAttemptsFor(idempotencyKey: string): number {
    return this.submitAttempts.get(idempotencyKey) ?? 0;
  }

  private scriptOf(applicationId: string): SimScript {
    const chosen = this.scriptFor?.(applicationId);
    if (chosen) return simScriptSchema.parse(chosen);
    return this.scripts.get(applicationId) ?? this.defaultScript;
  }

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    const server = createServer((req, res) => {
      this.route(req, res).catch((error: unknown) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    this.server = server;
    const address = server.address();
    return `http://${host}:${typeof address === 'object' && address ? address.port : port}`;
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const res of this.hanging) res.destroy();
    this.hanging.clear();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  addBank(bank: SimulatedBank): void {
    this.banks.set(bank.bankCode, bank);
  }

  setScript(applicationId: string, script: SimScriptInput): void {
    this.scripts.set(applicationId, simScriptSchema.parse(script));
  }

  setDefaultScript(script: SimScriptInput): void {
    this.defaultScript = simScriptSchema.parse(script);
  }

  /** The bank's view of an application (tests compare it with the platform's). */
  application(applicationId: string): Readonly<SimApplication> | undefined {
    return this.applications.get(applicationId);
  }

  /** Resolves once no callback is scheduled or in flight. */
  async idle(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.timers.size > 0 || this.inFlight > 0) {
      if (Date.now() > deadline) throw new Error('simulator did not become idle');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  private inFlight = 0;

  private later(ms: number, work: () => Promise<void> | void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      this.inFlight += 1;
      Promise.resolve()
        .then(work)
        .catch(() => undefined)
        .finally(() => (this.inFlight -= 1));
    }, ms);
    this.timers.add(timer);
  }

  // ---- HTTP ----

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://simulator');
    const body = await readBody(req);
    const control = /^\/_control\/(scripts\/([^/]+)|default-script|stats)$/.exec(url.pathname);
    if (control) return this.control(req.method ?? 'GET', control, body, res);
    const match = /^\/banks\/([^/]+)(\/.*)$/.exec(url.pathname);
    const bank = match ? this.banks.get(match[1]!) : undefined;
    if (!bank || !match) return this.send(res, 404, 'application/json', '{"error":"unknown bank"}');
    const path = match[2]!;
    if (bank.protocol === 'json-webhooks') return this.jsonBank(bank, req, path, body, res);
    return this.cnBank(bank, path, body, res);
  }

  private control(method: string, match: RegExpExecArray, body: string, res: ServerResponse): void {
    if (match[1] === 'stats' && method === 'GET') return this.send(res, 200, 'application/json', JSON.stringify(this.stats));
    if (method !== 'PUT') return this.send(res, 405, 'text/plain', 'use PUT');
    const parsed = simScriptSchema.safeParse(JSON.parse(body || '{}'));
    if (!parsed.success) return this.send(res, 400, 'application/json', JSON.stringify({ error: parsed.error.issues }));
    if (match[2]) this.scripts.set(decodeURIComponent(match[2]), parsed.data);
    else this.defaultScript = parsed.data;
    this.send(res, 204, 'text/plain', '');
  }

  private send(res: ServerResponse, status: number, contentType: string, body: string): void {
    res.writeHead(status, { 'content-type': contentType });
    res.end(body);
  }

  private async jsonBank(
    bank: Extract<SimulatedBank, { protocol: 'json-webhooks' }>,
    req: IncomingMessage,
    path: string,
    body: string,
    res: ServerResponse,
  ): Promise<void> {
    if (req.headers.authorization !== `Bearer ${bank.apiKey}`) return this.send(res, 401, 'application/json', '{"error":"unauthorised"}');
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string' || !key) return this.send(res, 400, 'application/json', '{"error":"Idempotency-Key required"}');
    const json = (text: string) => JSON.parse(text) as unknown;
    if (req.method === 'POST' && path === '/applications') {
      const submit = json(body) as SubmitBody;
      const result = this.submit(bank, key, JSON.stringify(submit.application), {
        applicationId: submit.application.platformApplicationId,
        amount: submit.application.amount,
        termMonths: submit.application.termMonths,
      });
      if (result.kind === 'hang') return void this.hanging.add(res);
      if (result.kind === 'busy') return this.send(res, 503, 'application/json', '{"error":"bank busy"}');
      if (result.kind === 'conflict') return this.send(res, 422, 'application/json', '{"error":"Idempotency-Key reused with a different body"}');
      return this.send(res, 201, 'application/json', JSON.stringify({ bankReference: result.application.bankReference, status: 'PENDING' }));
    }
    const status = /^\/applications\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && status) {
      const app = this.applications.get(decodeURIComponent(status[1]!));
      if (!app || app.bank !== bank) return this.send(res, 404, 'application/json', '{"error":"not found"}');
      return this.send(res, 200, 'application/json', JSON.stringify(this.jsonReport(app)));
    }
    const cancel = /^\/applications\/([^/]+)\/cancel$/.exec(path);
    if (req.method === 'POST' && cancel) {
      const app = this.applications.get(decodeURIComponent(cancel[1]!));
      if (app) app.cancelled = true;
      return this.send(res, 200, 'application/json', '{"cancelled":true}');
    }
    this.send(res, 404, 'application/json', '{"error":"no such endpoint"}');
  }

  private async cnBank(bank: Extract<SimulatedBank, { protocol: 'cn-open-platform-sm' }>, path: string, body: string, res: ServerResponse): Promise<void> {
    const reply = (biz: Record<string, unknown>, status = 200) =>
      this.send(res, status, 'application/json; charset=utf-8', signedResponse({ msg_id: randomUUID().replace(/-/g, ''), ...biz }, bank.bankKeys));
    const opened = openEnvelope(path, body, {
      appId: bank.appId,
      sm4Key: bank.sm4Key,
      signerPublicKey: bank.platformPublicKey,
      now: this.now(),
      windowSeconds: 600,
    });
    if (!opened.ok) return reply({ return_code: RETURN_BAD_SIGNATURE, return_msg: opened.reason });
    const biz = opened.biz as Record<string, unknown>;
    if (path === API_PATHS.apply) {
      const apply = biz as unknown as ApplyBiz;
      const { request_id, ...rest } = apply;
      const result = this.submit(bank, request_id, JSON.stringify(rest), {
        applicationId: apply.platform_app_id,
        amount: apply.loan_amt,
        termMonths: apply.loan_term,
      });
      if (result.kind === 'hang') return void this.hanging.add(res);
      if (result.kind === 'busy') return reply({ return_code: RETURN_BUSY, return_msg: '系统繁忙' });
      if (result.kind === 'conflict') return reply({ return_code: RETURN_BAD_REQUEST, return_msg: 'request_id 重复且内容不同' });
      return reply({ return_code: 0, return_msg: 'success', bank_app_no: result.application.bankReference, app_status: '00' });
    }
    const app = this.applications.get(String(biz.platform_app_id));
    if (path === API_PATHS.query) {
      if (!app || app.bank !== bank) return reply({ return_code: RETURN_NOT_FOUND, return_msg: '无此申请' });
      return reply({ return_code: 0, return_msg: 'success', ...this.cnStatus(app), trxn_list: this.cnTransactions(app) });
    }
    if (path === API_PATHS.cancel) {
      if (app) app.cancelled = true;
      return reply({ return_code: 0, return_msg: 'success' });
    }
    reply({ return_code: RETURN_BAD_REQUEST, return_msg: 'unknown api' }, 404);
  }

  // ---- the bank's behaviour ----

  private submit(
    bank: SimulatedBank,
    key: string,
    fingerprintSource: string,
    request: { applicationId: string; amount: string; termMonths: number },
  ): { kind: 'ok'; application: SimApplication } | { kind: 'busy' } | { kind: 'hang' } | { kind: 'conflict' } {
    this.stats.submits += 1;
    const script = this.scriptOf(request.applicationId);
    const attempt = (this.submitAttempts.get(key) ?? 0) + 1;
    this.submitAttempts.set(key, attempt);
    if (attempt <= script.submitFailures) return { kind: 'busy' };
    const fingerprint = sha256(fingerprintSource);
    const stored = this.idempotency.get(`${bank.bankCode}:${key}`);
    if (stored) {
      if (stored.fingerprint !== fingerprint) return { kind: 'conflict' };
      this.stats.replayedSubmits += 1;
      return { kind: 'ok', application: this.applications.get(request.applicationId)! };
    }
    const application: SimApplication = {
      bank,
      applicationId: request.applicationId,
      bankReference: `${bank.bankCode}-${String(++this.sequence).padStart(6, '0')}`,
      amount: request.amount,
      termMonths: request.termMonths,
      status: 'submitted',
      disbursements: [],
      repayments: [],
      cancelled: false,
    };
    this.applications.set(request.applicationId, application);
    this.idempotency.set(`${bank.bankCode}:${key}`, { fingerprint, body: '', status: 201 });
    this.stats.applicationsCreated += 1;
    this.run(application, script);
    // A lost response: the bank did the work, the platform never hears back and must retry.
    if (attempt <= script.submitFailures + script.submitTimeouts) return { kind: 'hang' };
    return { kind: 'ok', application };
  }

  /**
   * Plays the script's steps one after another. Each step schedules the next: timers of
   * different durations may fire out of order when the event loop lags, steps must not.
   */
  private run(application: SimApplication, script: SimScript): void {
    const held: Callback[] = [];
    const step = (index: number) => {
      const current = script.steps[index];
      if (!current) return;
      this.later(current.afterMs, () => {
        if (application.cancelled) return;
        const callback = this.apply(application, current);
        const last = index === script.steps.length - 1;
        if (!script.silent) {
          if (script.reorder) {
            held.push(callback);
            if (last) {
              for (const c of [...held].reverse()) this.deliver(c, script, 0);
              // Duplicates of reordered callbacks follow the whole reversed batch.
              if (script.duplicate) for (const c of held) this.deliver(c, { ...script, badSignature: false }, 0);
            }
          } else {
            this.deliver(callback, script, 0);
            if (script.duplicate) this.deliver(callback, { ...script, badSignature: false }, 0);
          }
        }
        step(index + 1);
      });
    };
    step(0);
  }

  private apply(app: SimApplication, step: SimStep): Callback {
    const date = this.now().toISOString().slice(0, 10);
    let txn: Txn | undefined;
    switch (step.event) {
      case 'approved':
        app.approval = { amount: step.amount ?? app.amount, rate: step.rate, termMonths: step.termMonths ?? app.termMonths };
        break;
      case 'rejected':
        app.rejection = { code: step.reason, description: '模拟银行：审批未通过' };
        break;
      case 'action_required':
        app.action = { code: step.actionType, description: '模拟银行：请补充近半年银行流水' };
        break;
      case 'disbursed': {
        const total = app.approval?.amount ?? app.amount;
        const rest = fromFen(toFen(total) - app.disbursements.reduce((sum, t) => sum + toFen(t.amount), 0n));
        txn = { reference: step.reference ?? `DB${String(++this.sequence).padStart(8, '0')}`, amount: step.amount ?? rest, date };
        app.disbursements.push(txn);
        break;
      }
      case 'repaid':
      case 'closed': {
        const owed = app.disbursements.reduce((s, t) => addMoney(s, t.amount), '0.00');
        const paid = app.repayments.reduce((s, t) => addMoney(s, t.amount), '0.00');
        const amount = step.amount ?? fromFen(toFen(owed) - toFen(paid));
        if (compareMoney(amount, '0') > 0) {
          txn = { reference: step.reference ?? `RP${String(++this.sequence).padStart(8, '0')}`, amount, date };
          app.repayments.push(txn);
        }
        break;
      }
      default:
        break;
    }
    app.status = step.event;
    const snapshot: SimApplication = { ...app, disbursements: [...app.disbursements], repayments: [...app.repayments] };
    return { application: snapshot, eventId: `evt_${randomUUID().replace(/-/g, '')}`, step, txn };
  }

  private deliver(callback: Callback, script: SimScript, attempt: number): void {
    const badlySigned = script.badSignature && attempt === 0;
    this.inFlight += 1;
    this.post(callback, badlySigned)
      .then((acknowledged) => {
        if (acknowledged) {
          this.stats.callbacksAcknowledged += 1;
          return;
        }
        const wait = CALLBACK_RETRY_MS[attempt];
        if (wait === undefined) {
          this.stats.callbacksAbandoned += 1;
          return;
        }
        this.later(Math.max(1, Math.round(wait * this.retryScale)), () => this.deliver(callback, script, attempt + 1));
      })
      .finally(() => (this.inFlight -= 1));
  }

  /** One delivery attempt; true when the platform acknowledged it. */
  private async post(callback: Callback, badlySigned: boolean): Promise<boolean> {
    const { application: app, eventId, step, txn } = callback;
    const bank = app.bank;
    this.stats.callbackAttempts += 1;
    if (badlySigned) this.stats.badlySignedSent += 1;
    try {
      if (bank.protocol === 'json-webhooks') {
        const data: ApplicationData = { ...this.jsonData(app, step.event), ...(txn ? { transaction: txn } : {}) };
        const body = JSON.stringify({ type: 'loan_application.status_changed', timestamp: this.now().toISOString(), data } satisfies WebhookBody);
        const headers = signWebhook([bank.webhookSecret], eventId, this.now(), badlySigned ? `${body} ` : body);
        const res = await fetch(bank.callbackUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          body,
          signal: AbortSignal.timeout(10_000),
        });
        await res.arrayBuffer();
        if (badlySigned) this.countBadlySigned(res.ok);
        return res.ok;
      }
      const biz = {
        event_id: eventId,
        ...this.cnStatus(app, step.event),
        ...(txn ? { trxn_no: txn.reference, trxn_amt: txn.amount, trxn_date: compactDate(txn.date) } : {}),
      };
      const path = new URL(bank.callbackUrl).pathname;
      const envelope = buildEnvelope(path, biz, { appId: bank.appId, sm4Key: bank.sm4Key, signer: bank.bankKeys }, this.now(), {
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
      const acknowledged = ack !== undefined && Number(ack.return_code) === 0;
      if (badlySigned) this.countBadlySigned(acknowledged);
      return acknowledged;
    } catch {
      return false;
    }
  }

  private countBadlySigned(acknowledged: boolean): void {
    if (acknowledged) this.stats.badlySignedAcknowledged += 1;
    else this.stats.badlySignedRefused += 1;
  }

  private jsonData(app: SimApplication, event: BankEventType | 'submitted'): ApplicationData {
    return {
      applicationId: app.applicationId,
      bankReference: app.bankReference,
      status: event === 'submitted' ? 'PENDING' : JSON_STATUS_OF[event],
      ...(app.approval ? { approval: app.approval } : {}),
      ...(app.rejection && event === 'rejected' ? { rejection: app.rejection as ApplicationData['rejection'] & object } : {}),
      ...(app.action && event === 'action_required' ? { action: app.action as ApplicationData['action'] & object } : {}),
    };
  }

  private jsonReport(app: SimApplication): StatusReport {
    return { ...this.jsonData(app, app.status), disbursements: app.disbursements, repayments: app.repayments };
  }

  private cnStatus(app: SimApplication, event: BankEventType | 'submitted' = app.status) {
    return {
      platform_app_id: app.applicationId,
      bank_app_no: app.bankReference,
      app_status: event === 'submitted' ? '00' : CN_CODE_OF[event],
      ...(app.approval ? { appr_amt: app.approval.amount, appr_rate: app.approval.rate, appr_term: app.approval.termMonths } : {}),
      ...(app.rejection && event === 'rejected' ? { reject_code: REJECT_CN[app.rejection.code], reject_desc: app.rejection.description } : {}),
      ...(app.action && event === 'action_required' ? { action_code: ACTION_CN[app.action.code], action_desc: app.action.description } : {}),
    };
  }

  private cnTransactions(app: SimApplication) {
    return [
      ...app.disbursements.map((t) => ({ trxn_type: 'D', trxn_no: t.reference, trxn_amt: t.amount, trxn_date: compactDate(t.date) })),
      ...app.repayments.map((t) => ({ trxn_type: 'R', trxn_no: t.reference, trxn_amt: t.amount, trxn_date: compactDate(t.date) })),
    ];
  }
}
