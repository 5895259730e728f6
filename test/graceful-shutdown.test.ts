import { connect, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { startTestPlatform } from './helpers/test-platform.js';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Everything the server sends on the socket until it closes it, and how long it kept it open after answering. */
const answer = (socket: Socket) =>
  new Promise<{ text: string; openAfterAnswerMs: number }>((resolve, reject) => {
    let text = '';
    let answeredAt = 0;
    socket.on('data', (chunk: Buffer) => {
      answeredAt ||= Date.now();
      text += chunk.toString('utf8');
    });
    socket.on('close', () => resolve({ text, openAfterAnswerMs: Date.now() - answeredAt }));
    socket.on('error', reject);
  });

describe('stopping the platform (SIGTERM) while requests are in flight', () => {
  it('lets a request whose body is still arriving finish, then closes its connection; new connections are refused', async () => {
    const lines: string[] = [];
    const capture = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString('utf8'));
        done();
      },
    });
    const platform = await startTestPlatform({ SCHEDULER_ENABLED: 'false', LOG_LEVEL: 'info' }, { logDestination: capture });
    const { port } = new URL(platform.url);
    const body = JSON.stringify({ username: 'jrj_viewer', password: 'Demo@2026' });
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    const answered = answer(socket);
    socket.write(`POST /api/v1/auth/token HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n`);
    socket.write(body.slice(0, 10));
    await pause(200);

    const closing = platform.close();
    await pause(200);
    await expect(fetch(platform.url + '/health/live')).rejects.toThrow();
    socket.write(body.slice(10));

    const { text, openAfterAnswerMs } = await answered;
    expect(text).toMatch(/^HTTP\/1\.1 200 /);
    expect(text).toContain('accessToken');
    // The answered connection is closed at once, not after its keep-alive timeout (5 s).
    expect(openAfterAnswerMs).toBeLessThan(2_000);
    await closing;
    // The log says when the stop began, that the request in flight was answered, and that it ended.
    const messages = lines.join('').split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { msg: string }).msg);
    const stopping = messages.indexOf('stopping: no new connections, requests in flight finish');
    expect(stopping).toBeGreaterThanOrEqual(0);
    expect(messages.indexOf('request', stopping)).toBeGreaterThan(stopping);
    expect(messages.at(-1)).toBe('stopped');
  });
});
