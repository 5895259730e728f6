import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AddressPolicy } from '../egress/address-policy.js';
import { EgressGuard } from '../egress/egress-guard.js';
import { HttpSmsGateway } from './http-sms-gateway.js';

let server: Server;
let url: string;
const received: { auth: string | undefined; body: unknown }[] = [];
let answer = 200;

const read = async (req: IncomingMessage) => {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return JSON.parse(text) as unknown;
};

beforeAll(async () => {
  server = createServer((req, res) => {
    void read(req).then((body) => {
      received.push({ auth: req.headers.authorization, body });
      res.writeHead(answer).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/send`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('HttpSmsGateway', () => {
  it('posts the mobile and content as JSON with the bearer token, through the egress guard', async () => {
    const guard = new EgressGuard({ policy: new AddressPolicy(['127.0.0.0/8']), requireHttps: false });
    await new HttpSmsGateway(url, guard, 'tok').send('13900001111', '验证码123456');
    expect(received.at(-1)).toEqual({ auth: 'Bearer tok', body: { mobile: '13900001111', content: '验证码123456' } });
    answer = 503;
    await expect(new HttpSmsGateway(url, guard, undefined).send('13900001111', 'x')).rejects.toThrow(/503/);
    answer = 200;
  });

  it('is refused an internal address the egress policy does not allow', async () => {
    const strict = new EgressGuard({ policy: new AddressPolicy([]), requireHttps: false });
    const before = received.length;
    await expect(new HttpSmsGateway(url, strict, undefined).send('13900001111', 'x')).rejects.toThrow();
    expect(received.length).toBe(before);
  });
});
