import type { IncomingMessage } from 'node:http';
import { DomainError } from '../platform/errors.js';

/**
 * The request body exactly as sent (signatures are computed over these bytes), for routes
 * mounted before the JSON body parser. Over `limitBytes` is a 413.
 */
export async function readRawBody(req: IncomingMessage, limitBytes: number): Promise<string> {
  return (await readRawBytes(req, limitBytes)).toString('utf8');
}

/** As `readRawBody`, as bytes (an uploaded file whose digest is checked). */
export async function readRawBytes(req: IncomingMessage, limitBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > limitBytes) throw new DomainError('payload_too_large', 'PAYLOAD_TOO_LARGE', '请求体超过大小限制');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
