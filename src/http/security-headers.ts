import type { Middleware } from 'koa';

/**
 * Headers every response carries, errors included. The CSP fits what the platform serves: the
 * Vue/Element Plus portal (bundled scripts only; Element Plus and Vue set inline style
 * attributes, hence 'unsafe-inline' for styles) and Swagger UI at /docs (local scripts, inline
 * SVG as data: images). No framing anywhere (clickjacking on the login page).
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function securityHeaders(options: { hsts: boolean }): Middleware {
  const headers: Record<string, string> = {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'X-Frame-Options': 'DENY',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=()',
    // Only behind TLS (production): a browser told this over plain http would lock users out.
    ...(options.hsts ? { 'Strict-Transport-Security': 'max-age=31536000; includeSubDomains' } : {}),
  };
  return (ctx, next) => {
    ctx.set(headers);
    // Answers carry personal and credit data (profiles, applications, reports, exports): no
    // browser or shared cache may keep them. Decided for every path, not by matching `/api/`,
    // because routes match without regard to case. What may be cached says so itself (the
    // portal's files, the API docs).
    ctx.set('Cache-Control', 'no-store');
    return next();
  };
}
