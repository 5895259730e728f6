import { validationError } from './errors.js';

/**
 * Keyset paging over a listing read with one row more than the page holds: the page's rows, and
 * the id of its last row when more follow (the cursor the next page starts after), else null.
 */
export function keysetPage<T extends { id: string }>(rows: readonly T[], limit: number): { items: T[]; next: string | null } {
  const items = rows.slice(0, limit);
  return { items, next: rows.length > limit ? items.at(-1)!.id : null };
}

/** The refusal of a cursor `field` that names no row of the listing (`what`): it must be the previous page's `nextName`. */
export function unknownCursor(field: string, what: string, nextName: string) {
  const message = `应为上一页最后一条${what}的编号（${nextName}）`;
  return validationError('VALIDATION_FAILED', `${field} ${message}`, [{ field, code: 'INVALID_VALUE', message }]);
}
