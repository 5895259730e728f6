import type Router from '@koa/router';
import { apiRouter } from '../../http/router.js';
import { z } from 'zod';
import { requireRole } from '../../http/auth.js';
import { calendarDate, text } from '../../http/field-schemas.js';
import type { components } from '../../http/generated/api.js';
import { parseInput } from '../../http/validate.js';
import type { CalendarService } from './calendar-service.js';

type Schemas = components['schemas'];

const day = calendarDate('日期');

const calendarSchema = z
  .object({
    days: z
      .array(
        z
          .object({
            day,
            isWorkingDay: z.boolean({ error: 'isWorkingDay 应为 true（调休上班）或 false（放假）' }),
            note: text('说明（如“国庆节”）', 100),
          })
          .strict(),
      )
      .min(1, '至少设置一天')
      .max(400)
      .superRefine((days, ctx) => {
        const seen = new Set<string>();
        days.forEach((d, i) => {
          if (seen.has(d.day)) ctx.addIssue({ code: 'custom', path: [i, 'day'], message: `${d.day} 重复出现`, params: { code: 'DUPLICATE_DAY' } });
          seen.add(d.day);
        });
      }),
  })
  .strict() satisfies z.ZodType<Schemas['WorkingCalendarUpdate']>;

/** The working-day calendar operators maintain (data sources and the financial office read it). */
export function calendarRoutes(calendar: CalendarService): Router {
  const router = apiRouter({ prefix: '/api/v1' });

  router.get('/working-calendar', async (ctx) => {
    requireRole(ctx, 'admin', 'data_source', 'financial_office');
    const { year } = parseInput(z.object({ year: z.coerce.number().int().min(2000).max(2100) }), ctx.query);
    ctx.body = (await calendar.calendar(year)) satisfies Schemas['WorkingCalendarDay'][];
  });

  router.put('/working-calendar', async (ctx) => {
    requireRole(ctx, 'admin');
    const { days } = parseInput(calendarSchema, ctx.request.body);
    await calendar.setCalendarDays(days);
    ctx.status = 204;
  });

  router.delete('/working-calendar/:day', async (ctx) => {
    requireRole(ctx, 'admin');
    const { day: date } = parseInput(z.object({ day }), ctx.params);
    await calendar.removeCalendarDay(date);
    ctx.status = 204;
  });

  return router;
}
