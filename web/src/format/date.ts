/** Business dates and times are shown in Asia/Shanghai as YYYY-MM-DD (and HH:mm). */
const DATE = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' });
const TIME = new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** A timestamp (ISO 8601) or a business date ('YYYY-MM-DD', shown as is). */
export function formatDate(value: string): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return value;
  return DATE.format(new Date(value));
}

export function formatDateTime(value: string): string {
  return `${formatDate(value)} ${TIME.format(new Date(value))}`;
}
