import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressPolicy } from './address-policy.js';
import { EgressGuard, EgressRefusedError, type Resolver } from './egress-guard.js';

let server: Server;
let port: number;
const received: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push(`${req.method} ${req.headers.host} ${body}`);
      res.writeHead(202, { 'x-seen': 'yes' }).end('ok');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

/** A DNS that first answers a public address, then (rebinding) loopback. */
function rebinding(): Resolver {
  let calls = 0;
  return async () => [{ address: calls++ === 0 ? '93.184.216.34' : '127.0.0.1', family: 4 }];
}
const loopbackDns: Resolver = async () => [{ address: '127.0.0.1', family: 4 }];

describe('EgressGuard.check (when a URL is saved)', () => {
  const guard = new EgressGuard({ policy: new AddressPolicy([]), requireHttps: false });
  it.each([
    'http://127.0.0.1/hook',
    'http://localhost:5432/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]/',
    'http://[::ffff:127.0.0.1]/',
    'http://0.0.0.0:8080/',
    'http://2130706433/',
    'http://0x7f.1/',
    'http://10.0.0.5/',
    'http://metadata.google.internal/',
    // The same names fully qualified (a trailing dot), in any letter case: before, only the bare
    // spelling was recognised, and `localhost.` was saved as a public name.
    'http://localhost./',
    'http://LOCALHOST../',
    'http://metadata.google.internal./',
    'http://metadata./',
    'http://service.cluster.internal./',
    'http://app.localhost./',
    'ftp://bank.example.com/',
    'https://user:pw@bank.example.com/',
  ])('refuses %s', (url) => {
    expect(guard.check(url)).toBeDefined();
  });

  it('accepts a public https URL, and http only outside production', () => {
    expect(guard.check('https://bank.example.com/events')).toBeUndefined();
    expect(guard.check('http://bank.example.com/events')).toBeUndefined();
    const production = new EgressGuard({ policy: new AddressPolicy([]), requireHttps: true });
    expect(production.check('http://bank.example.com/events')).toMatch(/https/);
    expect(production.check('https://bank.example.com/events')).toBeUndefined();
  });

  it('refuses a name that resolves to an internal address now', async () => {
    const g = new EgressGuard({ policy: new AddressPolicy([]), requireHttps: false, resolve: loopbackDns });
    expect(await g.checkResolved('http://bank.example.com/')).toMatch(/resolves to/);
  });
});

describe('EgressGuard.fetch (at delivery)', () => {
  it('refuses a loopback URL without the allow-list, and nothing arrives', async () => {
    const guard = new EgressGuard({ policy: new AddressPolicy([]), requireHttps: false });
    const before = received.length;
    await expect(guard.fetch(`http://127.0.0.1:${port}/x`, { body: 'a' })).rejects.toBeInstanceOf(EgressRefusedError);
    expect(received.length).toBe(before);
  });

  it('refuses a name DNS re-points at loopback after it was checked (rebinding)', async () => {
    const guard = new EgressGuard({ policy: new AddressPolicy([]), requireHttps: false, resolve: rebinding() });
    const before = received.length;
    expect(await guard.checkResolved(`http://bank.example.com:${port}/`)).toBeUndefined();
    await expect(guard.fetch(`http://bank.example.com:${port}/x`, { body: 'a' })).rejects.toThrow(/egress refused/);
    expect(received.length).toBe(before);
  });

  it('delivers to the checked address itself when the allow-list permits it', async () => {
    const guard = new EgressGuard({ policy: new AddressPolicy(['127.0.0.0/8']), requireHttps: false, resolve: loopbackDns });
    // bank.example.com is not resolvable here: the request can only arrive through the pinned address.
    const res = await guard.fetch(`http://bank.example.com:${port}/x`, { method: 'POST', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(202);
    expect(res.headers.get('x-seen')).toBe('yes');
    expect(await res.text()).toBe('ok');
    expect(received.at(-1)).toBe(`POST bank.example.com:${port} {"a":1}`);
  });
});
