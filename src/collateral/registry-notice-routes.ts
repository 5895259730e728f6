import type Router from '@koa/router';
import type { Middleware } from 'koa';
import { apiRouter } from '../http/router.js';
import { readRawBody } from '../http/raw-body.js';
import { REGISTRY_NOTICE_PATH } from './real-estate-registry.js';
import type { RealEstateService } from './real-estate-service.js';

/**
 * `POST /api/v1/callbacks/real-estate-registry`: the 不动产登记中心's signed notices (受理 / 核定 /
 * 登簿 / 查封). Mounted before the JSON body parser: the signature covers the raw body.
 * `signatureGuard` answers an address whose signatures keep failing before its body is checked.
 */
export function registryNoticeRoutes(service: RealEstateService, bodyLimitKb: number, signatureGuard: Middleware): Router {
  const router = apiRouter();
  router.post(REGISTRY_NOTICE_PATH, signatureGuard, async (ctx) => {
    const rawBody = await readRawBody(ctx.req, bodyLimitKb * 1024, ctx.ip);
    const headers: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(ctx.headers)) headers[name] = Array.isArray(value) ? value.join(',') : value;
    ctx.body = await service.receiveSigned(headers, rawBody);
  });
  return router;
}
