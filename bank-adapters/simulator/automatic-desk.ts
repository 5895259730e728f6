import { shanghaiDate } from '../../src/platform/business-date.js';
import { decideAutomatically, indicatorsOf, type BankPolicy, type Decision, type ProductTerms } from './bank-policy.js';

type AutomaticPolicy = Extract<BankPolicy, { mode: 'automatic' }>;

/** Why an automatic bank could not decide (it leaves the application to its officers). */
export class UndecidedError extends Error {
  override readonly name = 'UndecidedError';
}

async function call(url: string, init: RequestInit): Promise<unknown> {
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) });
  const text = await response.text();
  if (!response.ok) throw new UndecidedError(`${init.method ?? 'GET'} ${new URL(url).pathname}: HTTP ${response.status} ${text.slice(0, 200)}`);
  return JSON.parse(text) as unknown;
}

/**
 * The automatic bank's system at work: it signs in with its machine client (OAuth client
 * credentials), reads the product's ranges and the applicant's authorised profile through the
 * platform's consent gate (the read lands in the access log under the client), and decides.
 */
export async function readAndDecide(
  policy: AutomaticPolicy,
  request: { applicationId: string; amount: string; termMonths: number; productId: string | null },
  now: Date,
): Promise<Decision> {
  if (!request.productId) throw new UndecidedError('no product: the officers price applications opened from a demand');
  const base = policy.platformUrl.replace(/\/$/, '');
  const token = (await call(`${base}/api/v1/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: policy.clientId, client_secret: policy.clientSecret }),
  })) as { access_token?: string };
  if (!token.access_token) throw new UndecidedError('the token endpoint answered no access_token');
  const headers = { authorization: `Bearer ${token.access_token}` };
  const product = (await call(`${base}/api/v1/loan-products/${encodeURIComponent(request.productId)}`, { headers })) as ProductTerms;
  const profile = (await call(`${base}/api/v1/bank/loan-applications/${encodeURIComponent(request.applicationId)}/profile`, { headers })) as { data?: unknown };
  return decideAutomatically({
    requested: { amount: request.amount, termMonths: request.termMonths },
    product,
    indicators: indicatorsOf(profile.data),
    today: shanghaiDate(now),
  });
}
