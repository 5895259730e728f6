import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import type { AddressPolicy } from './address-policy.js';

/**
 * The one way the platform opens outbound HTTP to a URL someone configured (institution
 * webhooks, bank adapters). `check` runs when the URL is saved; `fetch` runs the same policy
 * again at delivery on the addresses DNS gives now, and connects to exactly the address it
 * checked (the check happens inside the socket's lookup), so a name re-pointed at an internal
 * address between check and connect (DNS rebinding) cannot slip through. Redirects are never
 * followed.
 */
export class EgressRefusedError extends Error {
  override readonly name = 'EgressRefusedError';
}

export type Resolver = (hostname: string) => Promise<LookupAddress[]>;

const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses))));

/**
 * Names that always mean this machine or a cloud metadata service, whatever DNS says. Judged on
 * the name without its trailing dots (`localhost.` is the same name, fully qualified), and
 * anchored at both ends: each alternative is the whole name or a whole last label.
 */
const LOCAL_NAMES = /^(?:localhost|localhost\.localdomain|metadata|metadata\.google\.internal|instance-data|.*\.localhost|.*\.internal)$/i;

export interface EgressOptions {
  policy: AddressPolicy;
  /** Only https URLs (production). */
  requireHttps: boolean;
  resolve?: Resolver;
}

export interface EgressInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

const NULL_BODY = new Set([101, 204, 205, 304]);
/** Answers are small acknowledgements; a receiver streaming more is cut off. */
const MAX_RESPONSE_BYTES = 1_048_576;

export class EgressGuard {
  private readonly resolve: Resolver;

  constructor(private readonly options: EgressOptions) {
    this.resolve = options.resolve ?? systemResolver;
  }

  /** Why the platform would refuse to send to `raw`, judged without DNS; undefined when fine. */
  check(raw: string): string | undefined {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return 'not a valid URL';
    }
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && !this.options.requireHttps)) {
      return this.options.requireHttps ? 'only https URLs are allowed' : 'only http(s) URLs are allowed';
    }
    if (url.username || url.password) return 'URLs must not carry credentials';
    const host = hostOf(url);
    if (isIP(host)) return this.options.policy.refusal(host);
    if (LOCAL_NAMES.test(withoutTrailingDots(host))) return this.options.policy.refusal('127.0.0.1') && `${host} names a local or metadata host`;
    return undefined;
  }

  /** `check`, then what DNS answers now (a name that does not resolve passes: delivery re-checks). */
  async checkResolved(raw: string): Promise<string | undefined> {
    const refusal = this.check(raw);
    if (refusal) return refusal;
    const host = hostOf(new URL(raw));
    if (isIP(host)) return undefined;
    const addresses = await this.resolve(host).catch(() => []);
    for (const { address } of addresses) {
      const refused = this.options.policy.refusal(address);
      if (refused) return `${host} resolves to ${refused}`;
    }
    return undefined;
  }

  /** POST/GET to a configured URL; the subset of `fetch` the deliverers use. */
  async fetch(raw: string, init: EgressInit = {}): Promise<Response> {
    const refusal = this.check(raw);
    if (refusal) throw new EgressRefusedError(`egress refused: ${refusal}`);
    const url = new URL(raw);
    const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const lookup: LookupFunction = (hostname, options, callback) => {
      this.resolve(hostname).then(
        (addresses) => {
          const family = options.family === 4 || options.family === 6 ? options.family : undefined;
          const candidates = addresses.filter((a) => family === undefined || a.family === family);
          const refused = candidates.map((a) => this.options.policy.refusal(a.address)).find(Boolean);
          const chosen = candidates[0];
          if (refused || !chosen) {
            callback(new EgressRefusedError(`egress refused: ${hostname} ${refused ? `resolves to ${refused}` : 'has no address'}`), '', 4);
          } else if (options.all) {
            (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, [chosen]);
          } else {
            callback(null, chosen.address, chosen.family);
          }
        },
        (err: NodeJS.ErrnoException) => callback(err, '', 4),
      );
    };
    const body = init.body === undefined ? undefined : Buffer.from(init.body, 'utf8');
    return new Promise<Response>((resolve, reject) => {
      const req = request(
        url,
        {
          method: init.method ?? (body ? 'POST' : 'GET'),
          headers: { ...init.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
          lookup,
          signal: init.signal,
        },
        (res: IncomingMessage) => {
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) req.destroy(new Error(`response larger than ${MAX_RESPONSE_BYTES} bytes`));
            else chunks.push(chunk);
          });
          res.on('error', reject);
          res.on('end', () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(res.headers)) {
              if (value !== undefined) headers.set(name, Array.isArray(value) ? value.join(', ') : value);
            }
            const status = res.statusCode ?? 502;
            resolve(new Response(NULL_BODY.has(status) ? null : Buffer.concat(chunks), { status, headers }));
          });
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }
}

/** The name without its trailing dots, in one pass (a `/\.+$/` replace backtracks over runs of dots). */
function withoutTrailingDots(host: string): string {
  let end = host.length;
  while (end > 0 && host.charCodeAt(end - 1) === 46) end--;
  return host.slice(0, end);
}

function hostOf(url: URL): string {
  return url.hostname.replace(/^\[|\]$/g, '');
}
