import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { BankBackOffice, SubmitRequest, SubmitResult } from './bank-desk.js';
import { postCnCallback, serveCnBank } from './cn-desk.js';
import { readBody, send } from './http-io.js';
import { postJsonCallback, serveJsonBank } from './json-desk.js';
import { CALLBACK_RETRY_MS, DEFAULT_SCRIPT, simScriptSchema, type SimScript, type SimScriptInput } from './script.js';
import { generateSm2KeyPair } from '../../src/platform/sm2.js';
import { readAndDecide } from './automatic-desk.js';
import { bankPolicySchema, OPENING_STEPS, stepsFor, type BankPolicy, type BankPolicyInput, type Decision } from './bank-policy.js';
import { applyStep, sandboxBankSchema, type Callback, type SimApplication, type SimulatedBank } from './simulated-application.js';

export type { SimulatedBank } from './simulated-application.js';

export interface SimulatorOptions {
  banks: readonly SimulatedBank[];
  /** Multiplies the callback retry schedule (1 = real minutes and hours; tests use ~1e-4). */
  retryScale?: number;
  now?: () => Date;
  /** Chooses the script of an application (before the per-application and default scripts). */
  scriptFor?: (applicationId: string) => SimScriptInput | undefined;
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
  /** Applications an automatic bank decided, and those it could not (left to its officers). */
  automaticDecisions: number;
  automaticFailures: number;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * A real HTTP bank speaking both protocols (`/banks/<code>/…`), scriptable per application:
 * approve after a delay, decline, ask for documents, disburse in parts, answer 5xx, lose
 * responses, and send duplicate, reordered or badly signed callbacks, retrying unacknowledged
 * ones on the open-platform schedule. Control endpoints: `PUT /_control/scripts/<applicationId>`,
 * `PUT /_control/default-script`, `GET /_control/stats`.
 */
export class BankSimulator implements BankBackOffice {
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
  readonly now: () => Date;
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
    automaticDecisions: 0,
    automaticFailures: 0,
  };
  private readonly policies = new Map<string, BankPolicy>();
  private readonly decisions = new Map<string, Decision | { kind: 'undecided'; why: string }>();
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

  /**
   * The script of an application: one chosen for it (by `scriptFor` or `setScript`) wins; else a
   * bank with a policy plays it (no scripted steps); else the default script.
   */
  private scriptOf(applicationId: string, bankCode: string): { script: SimScript; policy?: BankPolicy } {
    const chosen = this.scriptFor?.(applicationId);
    if (chosen) return { script: simScriptSchema.parse(chosen) };
    const set = this.scripts.get(applicationId);
    if (set) return { script: set };
    const policy = this.policies.get(bankCode);
    if (policy) return { script: simScriptSchema.parse({}), policy };
    return { script: this.defaultScript };
  }

  /** How a bank decides from now on (see `bank-policy.ts`); without one it plays the default script. */
  setPolicy(bankCode: string, policy: BankPolicyInput): void {
    this.policies.set(bankCode, bankPolicySchema.parse(policy));
  }

  /** What an automatic bank decided about an application (tests and the sandbox's view). */
  decisionOf(applicationId: string): Readonly<Decision | { kind: 'undecided'; why: string }> | undefined {
    return this.decisions.get(applicationId);
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
    const sandbox = /^\/_control\/(banks|applications)\/([^/]+)$/.exec(url.pathname);
    if (sandbox) return this.sandbox(req.method ?? 'GET', sandbox[1]!, decodeURIComponent(sandbox[2]!), body, res);
    const match = /^\/banks\/([^/]+)(\/.*)$/.exec(url.pathname);
    const bank = match ? this.banks.get(match[1]!) : undefined;
    if (!bank || !match) return send(res, 404, 'application/json', '{"error":"unknown bank"}');
    const path = match[2]!;
    if (bank.protocol === 'json-webhooks') return serveJsonBank(this, bank, req, path, body, res);
    return serveCnBank(this, bank, path, body, res);
  }

  private control(method: string, match: RegExpExecArray, body: string, res: ServerResponse): void {
    if (match[1] === 'stats' && method === 'GET') return send(res, 200, 'application/json', JSON.stringify(this.stats));
    if (method !== 'PUT') return send(res, 405, 'text/plain', 'use PUT');
    const parsed = simScriptSchema.safeParse(JSON.parse(body || '{}'));
    if (!parsed.success) return send(res, 400, 'application/json', JSON.stringify({ error: parsed.error.issues }));
    if (match[2]) this.scripts.set(decodeURIComponent(match[2]), parsed.data);
    else this.defaultScript = parsed.data;
    send(res, 204, 'text/plain', '');
  }

  /**
   * The sandbox's own controls: `PUT /_control/banks/<code>` adds or replaces a bank with the
   * credentials its connection on the platform uses (the simulator makes the bank's SM2 key
   * pair and answers its public key); `GET /_control/applications/<id>` is the bank's view of an
   * application.
   */
  private sandbox(method: string, kind: string, id: string, body: string, res: ServerResponse): void {
    if (kind === 'applications' && method === 'GET') {
      const app = this.applications.get(id);
      if (!app) return send(res, 404, 'application/json', '{"error":"unknown application"}');
      const { bank, ...view } = app;
      return send(res, 200, 'application/json', JSON.stringify({ ...view, bankCode: bank.bankCode, decision: this.decisions.get(id) ?? null }));
    }
    if (kind !== 'banks' || method !== 'PUT') return send(res, 405, 'text/plain', 'use PUT /_control/banks/<code> or GET /_control/applications/<id>');
    const parsed = sandboxBankSchema.safeParse(JSON.parse(body || '{}'));
    if (!parsed.success) return send(res, 400, 'application/json', JSON.stringify({ error: parsed.error.issues }));
    const { policy, ...credentials } = parsed.data;
    const bank: SimulatedBank =
      credentials.protocol === 'json-webhooks' ? { bankCode: id, ...credentials } : { bankCode: id, ...credentials, bankKeys: generateSm2KeyPair() };
    this.addBank(bank);
    if (policy) this.setPolicy(id, policy);
    send(res, 200, 'application/json', JSON.stringify(bank.protocol === 'json-webhooks' ? { bankCode: id } : { bankCode: id, bankPublicKey: bank.bankKeys.publicKey }));
  }

  // ---- what the protocol desks ask of the bank ----

  find(applicationId: string): SimApplication | undefined {
    return this.applications.get(applicationId);
  }

  hang(res: ServerResponse): void {
    this.hanging.add(res);
  }

  // ---- the bank's behaviour ----

  submit(bank: SimulatedBank, key: string, fingerprintSource: string, request: SubmitRequest): SubmitResult {
    this.stats.submits += 1;
    const { script, policy } = this.scriptOf(request.applicationId, bank.bankCode);
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
    if (policy?.mode === 'automatic') this.decideLater(application, policy, request.productId);
    else this.run(application, script);
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
        const callback = applyStep(application, current, this.now(), (prefix) => `${prefix}${String(++this.sequence).padStart(8, '0')}`);
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

  /**
   * An automatic bank acknowledges at once, then decides `decisionDelayMs` later from what it
   * reads through the platform. When it cannot read or decide, the application waits for its
   * officers, as at a manual bank.
   */
  private decideLater(application: SimApplication, policy: Extract<BankPolicy, { mode: 'automatic' }>, productId: string | null): void {
    this.run(application, simScriptSchema.parse({ steps: OPENING_STEPS }));
    this.later(policy.decisionDelayMs + 40, async () => {
      if (application.cancelled) return;
      try {
        const decision = await readAndDecide(policy, { ...application, productId }, this.now());
        this.decisions.set(application.applicationId, decision);
        this.stats.automaticDecisions += 1;
        this.run(application, simScriptSchema.parse({ steps: stepsFor(decision) }));
      } catch (error) {
        this.decisions.set(application.applicationId, { kind: 'undecided', why: String(error) });
        this.stats.automaticFailures += 1;
      }
    });
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
    const bank = callback.application.bank;
    this.stats.callbackAttempts += 1;
    if (badlySigned) this.stats.badlySignedSent += 1;
    try {
      const acknowledged =
        bank.protocol === 'json-webhooks'
          ? await postJsonCallback(bank, callback, badlySigned, this.now())
          : await postCnCallback(bank, callback, badlySigned, this.now());
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
}
