import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { z } from 'zod';
import { requireRole } from '../http/auth.js';
import type { components } from '../http/generated/api.js';
import { parseInput } from '../http/validate.js';
import type { GuaranteeReportService } from './guarantee-report.js';
import { buildGuaranteeReportWorkbook } from './guarantee-report-workbook.js';

const monthQuery = z.object({ month: z.string().regex(/^(20\d{2})-(0[1-9]|1[0-2])$/, '月份应为 YYYY-MM') });

/** 担保业务月报, as JSON for the page and as a workbook to send on. */
export function guaranteeReportRoutes(reports: GuaranteeReportService): Router {
  const router = apiRouter({ prefix: '/api/v1/guarantee-reports' });
  router.get('/monthly', async (ctx) => {
    const officer = requireRole(ctx, 'guarantee_officer');
    const { month } = parseInput(monthQuery, ctx.query);
    ctx.body = (await reports.monthly(officer, month)) satisfies components['schemas']['GuaranteeMonthlyReport'];
  });
  router.get('/monthly.xlsx', async (ctx) => {
    const officer = requireRole(ctx, 'guarantee_officer');
    const { month } = parseInput(monthQuery, ctx.query);
    const body = await buildGuaranteeReportWorkbook(await reports.monthly(officer, month));
    ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    ctx.attachment(`guarantee-report-${month}.xlsx`);
    ctx.body = body;
  });
  return router;
}
