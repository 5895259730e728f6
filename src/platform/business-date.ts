const HOUR_MS = 3_600_000;

/**
 * The business date (Asia/Shanghai, YYYY-MM-DD) of an instant. China's civil time has been a
 * fixed UTC+8 since 1991 (no daylight saving), so this is arithmetic, not a time-zone lookup:
 * it does not depend on the ICU data the Node build ships.
 */
export function shanghaiDate(instant: Date): string {
  return new Date(instant.getTime() + 8 * HOUR_MS).toISOString().slice(0, 10);
}

/**
 * An instant as the platform writes it into text a person reads and into files people download:
 * `2026-03-02 09:00`, Asia/Shanghai, as the portal shows a moment (web/src/format/date.ts).
 */
export function shanghaiMinute(instant: Date): string {
  return new Date(instant.getTime() + 8 * HOUR_MS).toISOString().slice(0, 16).replace('T', ' ');
}
