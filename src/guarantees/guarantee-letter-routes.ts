import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { requireRole } from '../http/auth.js';
import { parseInput } from '../http/validate.js';
import { idParams } from '../lending/lending-schemas.js';
import type { GuaranteeLetterService } from './guarantee-letter-service.js';

/** 担保函 download for the three parties of a guaranteed application. */
export function guaranteeLetterRoutes(letters: GuaranteeLetterService): Router {
  const router = apiRouter({ prefix: '/api/v1/loan-applications' });
  router.get('/:id/guarantee-letter.pdf', async (ctx) => {
    const principal = requireRole(ctx, 'enterprise', 'bank_officer', 'guarantee_officer');
    const { id } = parseInput(idParams, ctx.params);
    const letter = await letters.forApplication(principal, id);
    ctx.set('Content-Disposition', `attachment; filename="guarantee-letter-${letter.letterNo}.pdf"`);
    ctx.set('X-Content-SM3', letter.sm3);
    ctx.set('Cache-Control', 'no-store');
    ctx.type = 'application/pdf';
    ctx.body = letter.pdf;
  });
  return router;
}
