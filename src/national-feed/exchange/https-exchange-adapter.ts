import { Readable } from 'node:stream';
import { ExchangeUnavailableError, PackageRefusedError, type ExchangePort, type FeedPackage } from './exchange-port.js';
import type { DownItem, ProvincialNodePort, UpwardResult } from './provincial-port.js';

/**
 * Service mode (GB/T 39443 §5.7) over HTTPS: each file is PUT, then the signed manifest is
 * POSTed and answered with a ticket; the receipt is fetched by ticket. Timeouts, network
 * errors and 5xx are "unavailable" (retried by the outbox); 4xx refuses the package.
 */
export class HttpsExchangeAdapter implements ExchangePort {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs: number,
  ) {}

  protected async call(method: string, path: string, body?: BodyInit, type?: string): Promise<Response> {
    let res: Response;
    try {
      res = await fetch(this.baseUrl + path, {
        method,
        body,
        headers: type ? { 'content-type': type } : {},
        signal: AbortSignal.timeout(this.timeoutMs),
        ...(body instanceof ReadableStream ? { duplex: 'half' } : {}),
      } as RequestInit);
    } catch (error) {
      throw new ExchangeUnavailableError(`${method} ${path}: ${(error as Error).message}`);
    }
    if (res.status >= 500) throw new ExchangeUnavailableError(`${method} ${path}: HTTP ${res.status}`);
    return res;
  }

  protected get(path: string): Promise<Response> {
    return this.call('GET', path);
  }

  async submit(pkg: FeedPackage): Promise<{ ticket: string }> {
    const flow = encodeURIComponent(pkg.flow);
    for (const f of pkg.files) {
      const body = Readable.toWeb(Readable.from(f.open())) as ReadableStream<Uint8Array>;
      const res = await this.call('PUT', `/flows/${flow}/files/${encodeURIComponent(f.name)}`, body, 'application/gzip');
      if (!res.ok) throw new PackageRefusedError(`PUT ${f.name}: HTTP ${res.status}`);
    }
    const res = await this.call('POST', `/flows/${flow}`, JSON.stringify({ manifest: pkg.manifest, signature: pkg.signature }), 'application/json');
    if (res.status !== 202) throw new PackageRefusedError(`manifest refused: HTTP ${res.status} ${await res.text()}`);
    return (await res.json()) as { ticket: string };
  }

  async receipt(ticket: string): Promise<Buffer | undefined> {
    const res = await this.call('GET', `/receipts/${encodeURIComponent(ticket)}`);
    if (res.status === 404) return undefined;
    if (!res.ok) throw new ExchangeUnavailableError(`receipt ${ticket}: HTTP ${res.status}`);
    return Buffer.from(await res.arrayBuffer());
  }
}

/**
 * The provincial node's service mode: uploads as above, `GET /down?after=<cursor>` for what
 * comes down, and `PUT /results/{resultId}` (JSON) for each result going up.
 */
export class HttpsProvincialAdapter extends HttpsExchangeAdapter implements ProvincialNodePort {
  async pull(cursor: string | null): Promise<{ items: DownItem[]; cursor: string | null }> {
    const res = await this.get(`/down${cursor === null ? '' : `?after=${encodeURIComponent(cursor)}`}`);
    if (!res.ok) throw new ExchangeUnavailableError(`pull: HTTP ${res.status}`);
    return (await res.json()) as { items: DownItem[]; cursor: string | null };
  }

  async sendResult(result: UpwardResult): Promise<void> {
    const res = await this.call('PUT', `/results/${encodeURIComponent(result.resultId)}`, JSON.stringify(result), 'application/json');
    if (!res.ok) throw new PackageRefusedError(`result ${result.resultId} refused: HTTP ${res.status} ${await res.text()}`);
  }
}
