import { createServer, type Server } from 'node:http';
import type { InteractiveKind, Kind, KindStats } from './_city-day-schedule.js';

/**
 * The city-day requests, one function per kind, as the people and systems of the city make them:
 * each answers the HTTP status and what the kind expects (anything else counts as an error).
 */
export interface Actors {
  password: string;
  banks: { code: string; id: string; officerToken: string; machineToken: string; product: string }[];
  /** Per bank: enterprises with a PERIODIC post-loan grant to it, profiles built. */
  pulls: string[][];
  /** Logged-in enterprises (filled at set-up, refreshed by the login kind). */
  smeTokens: string[];
  smeUsernames: string[];
  /** Enterprises that apply during the phase, one application each (a phase gets its own). */
  applicants: string[];
  officerUsernames: string[];
  office: string;
  /** Per ingest batch: the department's token, the category and its JSON lines. */
  batches: { token: string; category: string; body: string }[];
  /** The bank whose officer starts the phase's white-list run. */
  whitelistBank: number;
}

const TIMEOUT_MS = 30_000;
export interface Outcome {
  status: number;
  expected: boolean;
}

async function call(base: string, path: string, init: { method?: string; token?: string; json?: unknown; body?: string; contentType?: string }): Promise<Response> {
  const headers: Record<string, string> = {};
  if (init.token) headers.authorization = `Bearer ${init.token}`;
  if (init.json !== undefined) headers['content-type'] = 'application/json';
  if (init.contentType) headers['content-type'] = init.contentType;
  return fetch(base + path, {
    method: init.method ?? (init.json !== undefined || init.body !== undefined ? 'POST' : 'GET'),
    headers,
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
    signal: AbortSignal.timeout(TIMEOUT_MS),
  });
}

const drained = async (res: Response, ...expected: number[]): Promise<Outcome> => {
  await res.arrayBuffer();
  return { status: res.status, expected: expected.includes(res.status) };
};

export async function login(base: string, username: string, password: string): Promise<string> {
  const res = await call(base, '/api/v1/auth/token', { json: { username, password } });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { accessToken: string }).accessToken;
}

/** The bank's system: a machine client made by its officer, a token by client credentials. */
export async function machineToken(base: string, adminToken: string): Promise<string> {
  const made = await call(base, '/api/v1/institution/clients', { token: adminToken, json: { name: '城日基准信贷系统' } });
  if (made.status !== 201) throw new Error(`machine client: ${made.status} ${await made.text()}`);
  const { clientId, clientSecret } = (await made.json()) as { clientId: string; clientSecret: string };
  const res = await call(base, '/api/v1/oauth/token', {
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }).toString(),
    contentType: 'application/x-www-form-urlencoded',
  });
  if (res.status !== 200) throw new Error(`client token: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

const SME_PAGES = ['/api/v1/me', '/api/v1/loan-applications', '/api/v1/loan-products', '/api/v1/me/work-queue', '/api/v1/consents'];
const OFFICER_PAGES = ['/api/v1/precredit/whitelist?page=1&pageSize=20', '/api/v1/bank/loan-applications', '/api/v1/me/work-queue', '/api/v1/precredit/whitelist?page=2&pageSize=20'];

export async function request(base: string, kind: Exclude<Kind, 'callback'>, n: number, a: Actors): Promise<Outcome> {
  const bank = a.banks[n % a.banks.length]!;
  const sme = a.smeTokens[n % a.smeTokens.length]!;
  switch (kind) {
    case 'login': {
      // Three in four logins are enterprises', the rest officers' (DAY.login's split).
      const sme = n % 4 !== 3;
      const username = sme ? a.smeUsernames[n % a.smeUsernames.length]! : a.officerUsernames[n % a.officerUsernames.length]!;
      const res = await call(base, '/api/v1/auth/token', { json: { username, password: a.password } });
      if (res.status !== 200) return drained(res, 200);
      if (sme) a.smeTokens[n % a.smeTokens.length] = ((await res.json()) as { accessToken: string }).accessToken;
      else await res.arrayBuffer();
      return { status: 200, expected: true };
    }
    case 'sme_page':
      return drained(await call(base, SME_PAGES[n % SME_PAGES.length]!, { token: sme }), 200);
    case 'officer_page':
      return drained(await call(base, OFFICER_PAGES[n % OFFICER_PAGES.length]!, { token: bank.officerToken }), 200);
    case 'oversight':
      return drained(await call(base, n % 2 ? '/api/v1/oversight/kpis' : '/api/v1/oversight/funnel', { token: a.office }), 200);
    case 'authorisation':
      return drained(
        await call(base, '/api/v1/consents', {
          token: sme,
          json: { granteeInstitutionId: bank.id, scopes: ['register'], purpose: 'loan_application', validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(), fetchType: 'ONETIME' },
        }),
        201,
      );
    case 'profile_pull': {
      const pulls = a.pulls[n % a.pulls.length]!;
      const uscc = pulls[Math.floor(n / a.pulls.length) % pulls.length]!;
      return drained(await call(base, `/api/v1/institution/enterprises/${uscc}/profile?purpose=post_loan_monitoring&scopes=register`, { token: a.banks[n % a.banks.length]!.machineToken }), 200);
    }
    case 'application': {
      const applicant = a.applicants[n % a.applicants.length]!;
      return drained(await call(base, '/api/v1/loan-applications', { token: applicant, json: { productId: bank.product, amount: '500000.00', termMonths: 12, purpose: '城日基准经营周转' } }), 201);
    }
    case 'ingest': {
      const batch = a.batches[n % a.batches.length]!;
      return drained(await call(base, `/api/v1/ingestion/${batch.category}/records?formatVersion=1`, { token: batch.token, body: batch.body, contentType: 'application/x-ndjson' }), 201);
    }
    case 'whitelist_run':
      return drained(await call(base, '/api/v1/precredit/whitelist/runs', { token: a.banks[a.whitelistBank]!.officerToken, json: {} }), 200, 201, 202);
  }
}

export const INTERACTIVE: readonly InteractiveKind[] = ['login', 'sme_page', 'officer_page', 'oversight', 'authorisation', 'profile_pull', 'application'];

/**
 * The banks' callbacks pass through this relay on their way to nginx, so the bench times them as
 * it times its own requests (from the moment the bank sends). `record` is swapped per phase.
 */
export interface CallbackRelay {
  url: string;
  server: Server;
  /** Where the next callbacks are counted (undefined: between phases, not counted). */
  use(stats: KindStats | undefined): void;
}

export async function startCallbackRelay(target: () => string): Promise<CallbackRelay> {
  let current: KindStats | undefined;
  const server = createServer((req, res) => {
    const started = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = Object.fromEntries(Object.entries(req.headers).filter(([k]) => !['host', 'connection', 'content-length', 'transfer-encoding'].includes(k)).map(([k, v]) => [k, String(v)]));
      const stats = current;
      if (stats) stats.sent += 1;
      fetch(target() + req.url, { method: req.method, headers, body: Buffer.concat(chunks), signal: AbortSignal.timeout(TIMEOUT_MS) })
        .then(async (r) => {
          const body = Buffer.from(await r.arrayBuffer());
          if (stats) note(stats, r.status >= 200 && r.status < 300, r.status, performance.now() - started);
          res.writeHead(r.status, { 'content-type': r.headers.get('content-type') ?? 'application/json' }).end(body);
        })
        .catch((error: unknown) => {
          if (stats) note(stats, false, 0, performance.now() - started, error);
          res.writeHead(502).end();
        });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, server, use: (stats) => (current = stats) };
}

export function note(stats: KindStats, expected: boolean, status: number, latency: number, error?: unknown): void {
  stats.latencies.push(latency);
  if (expected) stats.ok += 1;
  else {
    const timeout = error instanceof Error && error.name === 'TimeoutError';
    if (timeout) stats.timeouts += 1;
    else stats.errors += 1;
    const sample = timeout ? 'timeout' : error ? String(error).slice(0, 80) : `HTTP ${status}`;
    if (stats.samples.length < 3 && !stats.samples.includes(sample)) stats.samples.push(sample);
  }
}
