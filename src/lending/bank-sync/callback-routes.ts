import type Router from '@koa/router';
import type { Middleware } from 'koa';
import { apiRouter } from '../../http/router.js';
import { z } from 'zod';
import { readRawBody } from '../../http/raw-body.js';
import { signatureHeld } from '../../http/signature-failure-guard.js';
import { parseInput } from '../../http/validate.js';
import type { Clock } from '../../platform/clock.js';
import type { BankSyncService } from './bank-sync-service.js';

const PREFIX = '/api/v1/callbacks/banks';

/** Where a bank's callbacks arrive (its adapter signs or checks against this path). */
export const bankCallbackPath = (bankCode: string): string => `${PREFIX}/${bankCode}`;

const params = z.object({ bankCode: z.string().regex(/^[A-Z0-9_]{2,32}$/, '银行代码格式不正确') });

/**
 * `POST /api/v1/callbacks/banks/:bankCode`: banks' signed callbacks. Mounted before the JSON
 * body parser: the signature covers the raw body, which may be JSON or a form envelope.
 * `signatureGuard` answers an address whose signatures keep failing (or, while a bank's path is
 * flooded with forgeries, any address that bank never signed from) before its body is checked.
 */
export function callbackRoutes(sync: BankSyncService, clock: Clock, bodyLimitKb: number, signatureGuard: Middleware): Router {
  const router = apiRouter({ prefix: PREFIX });
  router.post('/:bankCode', signatureGuard, async (ctx) => {
    const { bankCode } = parseInput(params, ctx.params);
    const rawBody = await readRawBody(ctx.req, bodyLimitKb * 1024, ctx.ip);
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(ctx.headers)) headers[name] = Array.isArray(value) ? value.join(',') : value;
    const reply = await sync.handleCallback(
      bankCode,
      { path: ctx.path, headers, contentType: ctx.get('content-type'), rawBody, receivedAt: clock.now() },
      ctx.ip || null,
    );
    // A reply is given only once the signature was judged; every refusal of it is 401.
    if (reply.status !== 401) signatureHeld(ctx);
    ctx.status = reply.status;
    ctx.type = reply.contentType;
    ctx.body = reply.body;
  });
  return router;
}
