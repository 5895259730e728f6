import { createServer, type Server } from 'node:http';
import { PackageRefusedError, ExchangeUnavailableError, type ExchangePort, type FeedPackage } from './exchange-port.js';
import { checkPackage, type ReceivedPackage, type RejectRule } from './receipt-checker.js';

/**
 * A national platform (or provincial node) for development and tests: receives packages,
 * checks them and answers with per-record receipts. Scriptable: an outage of N calls, rows to
 * reject with a reason code, receipts held back. Usable in process (it is an ExchangePort),
 * over HTTPS-mode HTTP (`start()`), or behind the file-mode adapter (`processDirectory`).
 */
export class ExchangeSimulator implements ExchangePort {
  private outage = 0;
  private holdReceipts = false;
  private readonly rules: RejectRule[] = [];
  private readonly receipts = new Map<string, Buffer>();
  private readonly received: string[] = [];
  private server: Server | undefined;

  constructor(private readonly senderPublicKey: string) {}

  /** The next `calls` submissions fail as if the receiver were down. */
  failNext(calls: number): void {
    this.outage = calls;
  }

  reject(rule: RejectRule): void {
    this.rules.push(rule);
  }

  clearRules(): void {
    this.rules.length = 0;
  }

  holdBackReceipts(hold: boolean): void {
    this.holdReceipts = hold;
  }

  /** Flows taken so far, in order (a repeated flow is listed once). */
  flows(): readonly string[] {
    return this.received;
  }

  /** Counts one call against a scripted outage: throws while the receiver is "down". */
  protected takeOutage(): void {
    if (this.outage > 0) {
      this.outage--;
      throw new ExchangeUnavailableError('receiver unavailable (simulated outage)');
    }
  }

  accept(pkg: ReceivedPackage & { flow: string }): { ticket: string } {
    this.takeOutage();
    const ticket = `T-${pkg.flow}`;
    if (!this.receipts.has(ticket)) {
      this.receipts.set(ticket, checkPackage(pkg, this.senderPublicKey, this.rules));
      this.received.push(pkg.flow);
    }
    return { ticket };
  }

  async submit(pkg: FeedPackage): Promise<{ ticket: string }> {
    const files = new Map<string, Buffer>();
    for (const f of pkg.files) {
      const parts: Buffer[] = [];
      for await (const chunk of f.open()) parts.push(chunk);
      files.set(f.name, Buffer.concat(parts));
    }
    return this.accept({ flow: pkg.flow, manifest: pkg.manifest, signature: pkg.signature, files });
  }

  async receipt(ticket: string): Promise<Buffer | undefined> {
    return this.holdReceipts ? undefined : this.receipts.get(ticket);
  }

  /**
   * Service mode over HTTP: `PUT /flows/{flow}/files/{name}` (bytes), then
   * `POST /flows/{flow}` (`{manifest, signature}`) → 202 `{ticket}`; `GET /receipts/{ticket}`
   * → 200 gzip JSONL, or 404 while it is not ready. An outage answers 503.
   */
  async start(port = 0): Promise<string> {
    const staged = new Map<string, Map<string, Buffer>>();
    this.server = createServer((req, res) => {
      const parts: Buffer[] = [];
      req.on('data', (c: Buffer) => parts.push(c));
      req.on('end', () => {
        const body = Buffer.concat(parts);
        const path = decodeURIComponent((req.url ?? '').split('?')[0]!);
        const file = /^\/flows\/([^/]+)\/files\/([^/]+)$/.exec(path);
        const flow = /^\/flows\/([^/]+)$/.exec(path);
        const receipt = /^\/receipts\/([^/]+)$/.exec(path);
        try {
          if (req.method === 'PUT' && file) {
            const files = staged.get(file[1]!) ?? new Map<string, Buffer>();
            staged.set(file[1]!, files.set(file[2]!, body));
            res.writeHead(204).end();
          } else if (req.method === 'POST' && flow) {
            const { manifest, signature } = JSON.parse(body.toString('utf8')) as { manifest: string; signature: string };
            const result = this.accept({ flow: flow[1]!, manifest, signature, files: staged.get(flow[1]!) ?? new Map() });
            res.writeHead(202, { 'content-type': 'application/json' }).end(JSON.stringify(result));
          } else if (req.method === 'GET' && receipt) {
            const found = this.holdReceipts ? undefined : this.receipts.get(receipt[1]!);
            if (found) res.writeHead(200, { 'content-type': 'application/gzip' }).end(found);
            else res.writeHead(404).end();
          } else res.writeHead(404).end();
        } catch (error) {
          const status = error instanceof ExchangeUnavailableError ? 503 : error instanceof PackageRefusedError ? 422 : 400;
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: (error as Error).message }));
        }
      });
    });
    await new Promise<void>((resolve) => this.server!.listen(port, '127.0.0.1', resolve));
    const address = this.server.address();
    return `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
