const dollarSql = new Map<string, string>();

/** `?` placeholders → `$1…$n` (the SQL given here uses `?` only as placeholders). */
export function toDollar(sql: string): string {
  let cached = dollarSql.get(sql);
  if (cached === undefined) {
    let n = 0;
    cached = sql.replace(/\?/g, () => `$${++n}`);
    dollarSql.set(sql, cached);
  }
  return cached;
}
