import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { z } from 'zod';
import { requireRole } from '../http/auth.js';
import type { components } from '../http/generated/api.js';
import { usccField } from '../http/field-schemas.js';
import { parseInput } from '../http/validate.js';
import { CONSENT_PURPOSES, CONSENT_SCOPES, type ConsentScope } from './consent.js';
import { gateCallerOf, type ConsentGate, type JsonText } from './consent-gate.js';
import { namingParameter } from './gate-denials.js';

const isConsentScope = (scope: string): scope is ConsentScope => (CONSENT_SCOPES as readonly string[]).includes(scope);

const params = z.object({
  uscc: usccField(),
});
const query = z.object({
  purpose: z.enum(CONSENT_PURPOSES, { error: '请说明查询用途：loan_application、pre_credit 或 post_loan_monitoring' }),
  // Comma-separated as the spec says; a client that repeats the parameter instead means the same.
  scopes: z
    .preprocess((v) => (Array.isArray(v) ? v.join(',') : v), z.string({ error: '数据类别应以逗号分隔，如 register,tax' }))
    .optional()
    .transform((v) => (v ? [...new Set(v.split(',').map((s) => s.trim()).filter(Boolean))] : []))
    // Unknown values are named together under `scopes`, the parameter the bank sent, not by position.
    .pipe(
      z.array(z.string()).transform((list, ctx): ConsentScope[] => {
        const unknown = list.filter((scope) => !isConsentScope(scope));
        if (unknown.length > 0) {
          ctx.addIssue({ code: 'custom', message: `不支持的数据类别：${unknown.join('、')}（可用的有：${CONSENT_SCOPES.join('、')}）`, params: { code: 'INVALID_VALUE' } });
        }
        return list.filter(isConsentScope);
      }),
    ),
});

/**
 * Institution reads of enterprise data. Every route in this router goes through the consent
 * gate; a test walks this router's routes and expects 403 from each without a grant.
 */
export function institutionDataRoutes(gate: ConsentGate): Router {
  const router = apiRouter({ prefix: '/api/v1/institution/enterprises' });
  router.get('/:uscc/profile', async (ctx) => {
    const principal = requireRole(ctx, 'bank_officer', 'guarantee_officer');
    const { uscc } = parseInput(params, ctx.params);
    const { purpose, scopes } = parseInput(query, ctx.query);
    const profile = await gate
      .readJson(gateCallerOf(principal, principal.institutionId!, String(ctx.state.requestId)), { uscc, purpose, scopes })
      .catch((error: unknown) => {
        throw namingParameter(error);
      });
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'json';
    ctx.body = profile satisfies JsonText<components['schemas']['GatedProfile']>;
  });
  return router;
}
