import type { EgressGuard } from '../egress/egress-guard.js';
import type { SmsGateway } from './sms-gateway.js';

const DEADLINE_MS = 10_000;

/**
 * The real SMS provider: `POST <SMS_GATEWAY>` with `{"mobile": "...", "content": "..."}` and,
 * when `SMS_GATEWAY_TOKEN` is set, `Authorization: Bearer <token>`; any 2xx is accepted. It goes
 * through the egress guard like every configured URL (https only in production).
 */
export class HttpSmsGateway implements SmsGateway {
  readonly kind = 'http';

  constructor(
    private readonly url: string,
    private readonly egress: Pick<EgressGuard, 'fetch'>,
    private readonly token: string | undefined,
  ) {}

  async send(mobile: string, content: string): Promise<void> {
    const response = await this.egress.fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ mobile, content }),
      signal: AbortSignal.timeout(DEADLINE_MS),
    });
    if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
  }
}
