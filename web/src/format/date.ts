/** Business dates and times are shown in Asia/Shanghai as YYYY-MM-DD (and HH:mm). */
const DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
const SECONDS = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** A timestamp (ISO 8601) or a business date ('YYYY-MM-DD', shown as is). */
export function formatDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return DATE.format(new Date(value));
}

export function formatDateTime(value: string): string {
  return `${formatDate(value)} ${TIME.format(new Date(value))}`;
}

/** To the second, where the moment matters (查询记录). */
export function formatDateTimeSeconds(value: string): string {
  return `${formatDate(value)} ${SECONDS.format(new Date(value))}`;
}

/** A day chosen in the portal ('YYYY-MM-DD', Asia/Shanghai) as the instant it starts. */
export function startOfShanghaiDay(day: string): string {
  return `${day}T00:00:00+08:00`;
}

/** The business day after `day` ('YYYY-MM-DD'). */
export function nextDay(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + 1);
  return date.toISOString().slice(0, 10);
}

/** Today in Asia/Shanghai, 'YYYY-MM-DD'. */
export function todayInShanghai(now = new Date()): string {
  return DATE.format(now);
}
