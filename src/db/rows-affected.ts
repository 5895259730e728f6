/**
 * The rows a raw write statement touched, as each engine's driver reports it through `knex.raw`:
 * `rowCount` on PostgreSQL (pg), `affectedRows` on PGlite.
 */
export function rowsAffected(result: unknown): number {
  const r = result as { rowCount?: number | null; affectedRows?: number };
  return Number(r.rowCount ?? r.affectedRows ?? 0);
}
