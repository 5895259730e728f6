import type Router from '@koa/router';
import { apiRouter } from '../http/router.js';
import { requireRole } from '../http/auth.js';
import type { components } from '../http/generated/api.js';
import { parseInput } from '../http/validate.js';
import { alertAudienceOf } from './alert-audience.js';
import { alertParams, cityBalanceInput, drillDownQuery, monthQuery, periodQuery, targetInput, trendQuery } from './oversight-schemas.js';
import type { OversightService } from './oversight-service.js';
import { figureView, iso, shortFigureView } from './oversight-views.js';
import { buildReportWorkbook } from './report-workbook.js';

type Schemas = components['schemas'];

/**
 * 监测看板 for the financial office (read-only figures; it enters targets and the city's 普惠 balance) and the admin;
 * 待处理预警 also for a bank's institution admin (that bank's own list).
 */
export function oversightRoutes(oversight: OversightService): Router {
  const router = apiRouter({ prefix: '/api/v1/oversight' });
  const reader = (ctx: Parameters<typeof requireRole>[0]) => requireRole(ctx, 'financial_office', 'admin');

  router.get('/kpis', async (ctx) => {
    reader(ctx);
    const q = parseInput(monthQuery, ctx.query);
    const r = await oversight.figures(q.month, q.district);
    ctx.body = { asOf: iso(r.asOf), month: r.month, district: q.district ?? null, figures: r.figures.map(figureView) } satisfies Schemas['OversightKpis'];
  });

  router.get('/kpis/by-district', async (ctx) => {
    reader(ctx);
    const q = parseInput(monthQuery, ctx.query);
    const r = await oversight.byDistrict(q.month);
    ctx.body = {
      asOf: iso(r.asOf),
      month: r.month,
      districts: r.districts.map((d) => ({ code: d.code, name: d.name, figures: d.figures.map(shortFigureView) })),
    } satisfies Schemas['OversightKpisByDistrict'];
  });

  router.get('/kpis/trend', async (ctx) => {
    reader(ctx);
    const q = parseInput(trendQuery, ctx.query);
    const r = await oversight.trend(q.to, q.months);
    ctx.body = { asOf: iso(r.asOf), months: r.months, series: r.series } satisfies Schemas['OversightKpiTrend'];
  });

  router.get('/drill-down', async (ctx) => {
    reader(ctx);
    const q = parseInput(drillDownQuery, ctx.query);
    const r = await oversight.drillDown(q.kpi, q.month);
    ctx.body = {
      ...r,
      asOf: iso(r.asOf),
      rows: r.rows.map(({ lastExchangeAt, ...row }) => ({ ...row, ...(lastExchangeAt === undefined ? {} : { lastExchangeAt: iso(lastExchangeAt) }) })),
    } satisfies Schemas['OversightDrillDown'];
  });

  router.get('/funnel', async (ctx) => {
    reader(ctx);
    const q = parseInput(periodQuery, ctx.query);
    const r = await oversight.funnel(q.from, q.to, q.district);
    ctx.body = { ...r, asOf: iso(r.asOf), district: r.districtCode ?? null } satisfies Schemas['OversightFunnel'];
  });

  router.get('/bank-service', async (ctx) => {
    reader(ctx);
    const q = parseInput(periodQuery, ctx.query);
    const r = await oversight.bankService(q.from, q.to);
    ctx.body = {
      asOf: iso(r.asOf),
      from: r.from,
      to: r.to,
      thresholds: r.thresholds,
      rows: r.rows.map((row) => ({ ...row, lastExchangeAt: iso(row.lastExchangeAt) })),
      overdue: r.overdue.map((o) => ({ ...o, submittedAt: o.submittedAt.toISOString() })),
      overdueTotal: r.overdueTotal,
    } satisfies Schemas['OversightBankService'];
  });

  router.get('/report.xlsx', async (ctx) => {
    reader(ctx);
    const q = parseInput(monthQuery, ctx.query);
    const month = q.month ?? oversight.currentMonth();
    const body = await buildReportWorkbook(await oversight.report(month));
    ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
    ctx.attachment(`oversight-report-${month}.xlsx`);
    ctx.body = body;
  });

  router.get('/targets', async (ctx) => {
    reader(ctx);
    ctx.body = { items: await oversight.targets() } satisfies { items: Schemas['OversightTarget'][] };
  });

  router.post('/targets', async (ctx) => {
    const principal = reader(ctx);
    const input = parseInput(targetInput, ctx.request.body ?? {});
    await oversight.addTarget({ ...input, createdBy: principal.userId });
    ctx.status = 204;
  });

  router.put('/city-inclusive-balances', async (ctx) => {
    const principal = requireRole(ctx, 'financial_office');
    const input = parseInput(cityBalanceInput, ctx.request.body ?? {});
    await oversight.setCityBalance(input.month, input.balance, input.source, principal.userId);
    ctx.status = 204;
  });

  router.get('/alerts', async (ctx) => {
    const principal = requireRole(ctx, 'financial_office', 'admin', 'bank_officer');
    const r = await oversight.pendingAlerts(alertAudienceOf(principal, false));
    ctx.body = {
      total: r.total,
      items: r.items.map((a) => ({
        id: a.id,
        applicationId: a.applicationId,
        bankId: a.bankId,
        bankName: a.bankName,
        overdueFor: a.overdueFor,
        submittedAt: a.submittedAt.toISOString(),
        waitedWorkHours: a.waitedWorkHours,
        raisedAt: a.raisedAt.toISOString(),
      })),
    } satisfies Schemas['OversightAlerts'];
  });

  router.post('/alerts/:id/acknowledge', async (ctx) => {
    const principal = requireRole(ctx, 'financial_office', 'bank_officer');
    const audience = alertAudienceOf(principal, true);
    const { id } = parseInput(alertParams, ctx.params);
    await oversight.acknowledgeAlert(audience, id, principal.userId);
    ctx.status = 204;
  });

  router.post('/refresh', async (ctx) => {
    reader(ctx);
    await oversight.refresh();
    ctx.body = { asOf: iso((await oversight.figures()).asOf) };
  });

  return router;
}
