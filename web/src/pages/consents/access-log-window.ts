/**
 * The rows the 查询记录 page shows: the newest `limit`, newest first. Polls ask only for reads
 * since shortly before the newest row shown (`pollFrom`) and are merged in by id: a read is
 * committed by the statement that made it, within milliseconds of its time, but commits can
 * land out of id order, so the overlap catches a read committed after a newer one was seen.
 */
export const POLL_OVERLAP_MS = 5_000;

interface Row {
  id: number;
  accessedAt: string;
}

export function pollFrom(shown: readonly Row[], filterFrom: string | undefined): string | undefined {
  const newest = shown[0];
  if (!newest) return filterFrom;
  const since = Date.parse(newest.accessedAt) - POLL_OVERLAP_MS;
  return filterFrom !== undefined && Date.parse(filterFrom) > since ? filterFrom : new Date(since).toISOString();
}

export function mergeNewest<T extends Row>(shown: readonly T[], fresh: readonly T[], limit: number): T[] {
  const byId = new Map<number, T>();
  for (const row of shown) byId.set(row.id, row);
  for (const row of fresh) byId.set(row.id, row);
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, limit);
}
