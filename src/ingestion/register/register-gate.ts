import { validateUscc } from '../../platform/uscc.js';
import { valuesOf, type UploadRow } from '../readers/raw-row.js';

/** Rows whose USCCs are looked up in one query (readers that hand over one row at a time are grouped). */
const LOOKUP_ROWS = 1_000;
/** Registered USCCs a batch remembers (a monthly delivery names each enterprise once per period). */
const KNOWN_USCCS = 200_000;

/**
 * Rejects, per row, records of an enterprise absent from the market-entity register
 * (UNREGISTERED_USCC, quarantined like any rejected row): data about a code nobody registered
 * cannot belong to a real market entity of the city. Only well-formed USCCs are looked up; a
 * malformed one is left to the category schema, which names what is wrong with it.
 *
 * A USCC found registered is not looked up again in the same batch (register entries are not
 * removed; a deregistered entity keeps its entry with its status); one not found is asked again.
 */
export async function* registeredOnly(
  batches: AsyncIterable<readonly UploadRow[]>,
  existing: (usccs: readonly string[]) => Promise<Set<string>>,
): AsyncGenerator<readonly UploadRow[]> {
  let pending: UploadRow[] = [];
  const known = new Set<string>();
  const check = async (rows: UploadRow[]): Promise<UploadRow[]> => {
    const codes = new Map<UploadRow, string>();
    for (const row of rows) {
      if ('staged' in row) {
        const { uscc } = row.staged;
        if (!known.has(uscc)) codes.set(row, uscc);
        continue;
      }
      const value = row.values.uscc;
      // A value already found registered is a well-formed USCC as written (most rows of a delivery).
      if ('error' in row || typeof value !== 'string' || known.has(value)) continue;
      const checked = validateUscc(value);
      if (checked.ok) codes.set(row, checked.uscc);
    }
    const unknown = new Set<string>();
    for (const uscc of codes.values()) if (!known.has(uscc)) unknown.add(uscc);
    if (unknown.size === 0) return rows;
    const found = await existing([...unknown]);
    if (known.size + found.size > KNOWN_USCCS) known.clear();
    for (const uscc of found) known.add(uscc);
    return rows.map((row) => {
      const uscc = codes.get(row);
      if (uscc === undefined || known.has(uscc) || found.has(uscc)) return row;
      return { rowNumber: row.rowNumber, values: valuesOf(row), error: { field: 'uscc', code: 'UNREGISTERED_USCC', message: `统一社会信用代码“${uscc}”不在本市市场主体登记信息中` } };
    });
  };
  try {
    for await (const batch of batches) {
      if (pending.length + batch.length >= LOOKUP_ROWS) {
        const rows = pending.length ? [...pending, ...batch] : [...batch];
        pending = [];
        yield await check(rows);
      } else pending.push(...batch);
    }
  } catch (error) {
    // Rows read before the body failed are kept, as without this gate.
    if (pending.length) yield await check(pending);
    throw error;
  }
  if (pending.length) yield await check(pending);
}
