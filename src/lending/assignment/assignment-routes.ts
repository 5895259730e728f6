import type Router from '@koa/router';
import { apiRouter } from '../../http/router.js';
import { z } from 'zod';
import { requireRole } from '../../http/auth.js';
import type { components } from '../../http/generated/api.js';
import { parseInput } from '../../http/validate.js';
import { idParams } from '../lending-schemas.js';
import type { Assignment } from './assignment.js';
import type { AssignmentService } from './assignment-service.js';

type Schemas = components['schemas'];

const assignBody = z
  .object({
    officerId: z.uuid('经办人编号应为 UUID'),
    branchId: z.uuid('经办支行编号应为 UUID'),
  })
  .strict() satisfies z.ZodType<Schemas['AssignmentInput']>;

const assignmentView = (a: Assignment | null): Schemas['ApplicationAssignment'] => ({
  assignment: a && { branchId: a.branchId, branchName: a.branchName, officerId: a.officerId, officerName: a.officerName, assignedAt: a.assignedAt.toISOString() },
});

/** 分派: who at the bank works an application, and the institution admin's workload view. */
export function assignmentRoutes(assignments: AssignmentService): Router {
  const router = apiRouter({ prefix: '/api/v1/bank' });
  router.get('/loan-applications/:id/assignment', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = assignmentView(await assignments.current(officer, id));
  });
  router.put('/loan-applications/:id/assignment', async (ctx) => {
    const admin = requireRole(ctx, 'bank_officer');
    assignments.assertAdmin(admin);
    const { id } = parseInput(idParams, ctx.params);
    const input = parseInput(assignBody, ctx.request.body);
    ctx.body = assignmentView(await assignments.assign(admin, id, input));
  });
  router.post('/loan-applications/:id/assignment/take', async (ctx) => {
    const officer = requireRole(ctx, 'bank_officer');
    const { id } = parseInput(idParams, ctx.params);
    ctx.body = assignmentView(await assignments.take(officer, id));
  });
  router.get('/workload', async (ctx) => {
    const admin = requireRole(ctx, 'bank_officer');
    ctx.body = (await assignments.workload(admin)) satisfies Schemas['BankWorkload'];
  });
  return router;
}
