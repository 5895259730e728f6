import { validateUscc } from '../../platform/uscc.js';
import { valuesOf, type UploadRow } from '../readers/raw-row.js';

/** Rows whose USCCs are looked up in one query (readers that hand over one row at a time are grouped). */
const LOOKUP_ROWS = 1_000;
/** Registered USCCs a batch remembers (a monthly delivery names each enterprise once per period). */
const KNOWN_USCCS = 200_000;

/** A group's lookup under way: the USCCs it asked, and its rows once answered (with what it found). */
interface Lookup {
  asked: ReadonlySet<string>;
  answer: Promise<{ rows: readonly UploadRow[]; found: ReadonlySet<string> }>;
}

/**
 * Rejects, per row, records of an enterprise absent from the market-entity register
 * (UNREGISTERED_USCC, quarantined like any rejected row): data about a code nobody registered
 * cannot belong to a real market entity of the city. Only well-formed USCCs are looked up; a
 * malformed one is left to the category schema, which names what is wrong with it.
 *
 * A USCC found registered is not looked up again in the same batch (register entries are not
 * removed; a deregistered entity keeps its entry with its status); one not found is asked again,
 * unless the group before is asking it already.
 *
 * Each group's lookup is sent as soon as the group is read, and the group is handed on when the
 * next one has been read (or the upload ends): the rows are read and parsed while the register
 * answers, instead of the reader waiting for every answer. Groups are answered in order.
 */
export async function* registeredOnly(
  batches: AsyncIterable<readonly UploadRow[]>,
  existing: (usccs: readonly string[]) => Promise<Set<string>>,
): AsyncGenerator<readonly UploadRow[]> {
  let pending: UploadRow[] = [];
  const known = new Set<string>();
  let previous: Lookup | undefined;
  const lookUp = (rows: UploadRow[], before: Lookup | undefined): Lookup => {
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
    const asked = new Set<string>();
    for (const uscc of codes.values()) if (!known.has(uscc) && !before?.asked.has(uscc)) asked.add(uscc);
    const request = asked.size ? existing([...asked]) : Promise.resolve(new Set<string>());
    const answer = (async () => {
      const found = await request;
      // The group before answers the USCCs it asked, and fills `known` first.
      const earlier = before ? (await before.answer).found : new Set<string>();
      if (known.size + found.size > KNOWN_USCCS) known.clear();
      for (const uscc of found) known.add(uscc);
      const registered = (uscc: string) => known.has(uscc) || found.has(uscc) || earlier.has(uscc);
      return {
        found,
        rows: codes.size === 0 ? rows : rows.map((row): UploadRow => {
          const uscc = codes.get(row);
          if (uscc === undefined || registered(uscc)) return row;
          return { rowNumber: row.rowNumber, values: valuesOf(row), error: { field: 'uscc', code: 'UNREGISTERED_USCC', message: `统一社会信用代码“${uscc}”不在本市市场主体登记信息中` } };
        }),
      };
    })();
    // A failed lookup fails the upload where its group is awaited; a later group waiting on it must not fail the process first.
    answer.catch(() => undefined);
    return { asked, answer };
  };
  /** Sends the group's lookup; gives the group before, whose turn it now is. */
  const send = (rows: UploadRow[]): Lookup | undefined => {
    const before = previous;
    previous = lookUp(rows, before);
    return before;
  };
  const drain = async function* () {
    if (pending.length) {
      const before = send(pending);
      pending = [];
      if (before) yield (await before.answer).rows;
    }
    if (previous) yield (await previous.answer).rows;
  };
  try {
    for await (const batch of batches) {
      if (pending.length + batch.length >= LOOKUP_ROWS) {
        const before = send(pending.length ? [...pending, ...batch] : [...batch]);
        pending = [];
        if (before) yield (await before.answer).rows;
      } else pending.push(...batch);
    }
  } catch (error) {
    // Rows read before the body failed are kept, as without this gate.
    yield* drain();
    throw error;
  }
  yield* drain();
}
