import { existsSync } from 'node:fs';
import { extname, join } from 'node:path';
import { send } from '@koa/send';
import type { Middleware } from 'koa';

/**
 * Serves the built web portal (web/dist) with an SPA history fallback: any GET for a page path
 * answers index.html and the portal's router takes over. Mounted after every API router, so it
 * only sees requests nothing else answered; paths the platform owns (`/api/…`, `/docs…`,
 * `/health/…`, `/openapi.json`, `/healthz`, `/metrics`) are never answered here, in any letter
 * case, so an unknown API path (`/API/v1/…` too: the routers match case-sensitively) stays a
 * problem+json 404.
 */
const PLATFORM_PATHS = /^\/(api|docs|health)(\/|$)|^\/(openapi\.json|healthz|metrics)$/i;

const NOT_BUILT_PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>门户尚未构建</title></head>
<body style="font-family:sans-serif;max-width:40em;margin:4em auto">
<h1>信易贷融资信用服务平台</h1>
<p>网页门户尚未构建。请在项目目录运行 <code>npm run build:web</code>（<code>npm start</code> 会自动构建）后刷新本页。</p>
<p>接口文档仍可访问：<a href="/docs">/docs</a></p>
</body></html>`;

export function webPortal(distDir: string): Middleware {
  const indexFile = join(distDir, 'index.html');
  return async (ctx, next) => {
    if ((ctx.method !== 'GET' && ctx.method !== 'HEAD') || PLATFORM_PATHS.test(ctx.path) || ctx.body != null) {
      return next();
    }
    if (!existsSync(indexFile)) {
      ctx.status = 503;
      ctx.type = 'text/html; charset=utf-8';
      ctx.body = NOT_BUILT_PAGE;
      return;
    }
    ctx.set('X-Content-Type-Options', 'nosniff');
    if (extname(ctx.path) !== '') {
      // A file: hashed build assets never change, so browsers may keep them for a year.
      const immutable = ctx.path.startsWith('/assets/');
      // The build's files hold no personal data: they say their own caching (send keeps a
      // Cache-Control already set, such as the no-store every answer starts with).
      ctx.remove('Cache-Control');
      const served = await send(ctx, ctx.path, {
        root: distDir,
        index: false,
        maxage: immutable ? 365 * 24 * 3600 * 1000 : 0,
        immutable,
      }).catch((error: { status?: number }) => {
        if (error.status === 404) return undefined;
        throw error;
      });
      if (served) return;
      return next();
    }
    // A page of the portal: always revalidate index.html so a new build is picked up at once.
    ctx.set('Cache-Control', 'no-cache');
    await send(ctx, 'index.html', { root: distDir });
  };
}
