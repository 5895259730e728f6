const WEEKDAYS = ['日', '一', '二', '三', '四', '五', '六', '日'];
const NUMBER = /^\d{1,2}$/;
const pad = (value: string) => value.padStart(2, '0');

/**
 * A job's five-field cron expression (minute hour day-of-month month day-of-week, Asia/Shanghai)
 * in words, for the schedules the platform uses: 每分钟, 每10分钟, 每小时第40分, 每天 03:17,
 * 每月5日 02:00, 每周一 08:00. Any other expression reads 按自定义周期运行 (the page shows its next
 * firing beside it), never the expression itself.
 */
export function cronText(expression: string): string {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) return CUSTOM;
  const [minute, hour, day, month, weekday] = fields as [string, string, string, string, string];
  if (month !== '*') return CUSTOM;
  if (hour === '*' && day === '*' && weekday === '*') {
    if (minute === '*') return '每分钟';
    const every = /^\*\/(\d{1,2})$/.exec(minute);
    if (every) return `每${Number(every[1])}分钟`;
    const ranged = /^(\d{1,2})-(\d{1,2})\/(\d{1,2})$/.exec(minute);
    if (ranged) return `每${Number(ranged[3])}分钟（每小时第${Number(ranged[1])}至${Number(ranged[2])}分）`;
    if (NUMBER.test(minute)) return `每小时第${Number(minute)}分`;
    return CUSTOM;
  }
  if (!NUMBER.test(minute) || !NUMBER.test(hour)) return CUSTOM;
  const time = `${pad(hour)}:${pad(minute)}`;
  if (day === '*' && weekday === '*') return `每天 ${time}`;
  if (NUMBER.test(day) && weekday === '*') return `每月${Number(day)}日 ${time}`;
  if (day === '*' && /^[0-7]$/.test(weekday)) return `每周${WEEKDAYS[Number(weekday)]} ${time}`;
  return CUSTOM;
}

const CUSTOM = '按自定义周期运行';
