/**
 * A list's empty text under a filter: a queue that opens on 待审核 and has nothing waiting says
 * so and where the rest is, instead of "暂无…" over a book that is not empty.
 */
export function emptyUnderFilter(what: string, filters: readonly (string | undefined)[], widen: string): string {
  const named = filters.filter((f): f is string => Boolean(f));
  return named.length ? `暂无${named.map((f) => `“${f}”`).join('、')}的${what}，${widen}` : `暂无${what}`;
}
