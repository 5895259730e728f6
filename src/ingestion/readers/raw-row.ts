import type { FieldError } from '../../platform/errors.js';
import type { StagedRecord } from '../format-version.js';
import { rowValues } from './header-map.js';

/** One row as read from a file or a JSON line, before validation. Row numbers are 1-based as a user sees them. */
export type RawRow =
  | { readonly rowNumber: number; readonly values: Record<string, unknown> }
  | { readonly rowNumber: number; readonly values: Record<string, unknown>; readonly error: FieldError };

/**
 * A file row the format staged straight from its cells (FormatVersion `stageCells`): it carries
 * its record and keeps its cells, from which its values are built only if a later check (the
 * register gate) refuses it.
 */
export interface StagedRow {
  readonly rowNumber: number;
  readonly staged: StagedRecord;
  readonly names: readonly (string | undefined)[];
  readonly cells: readonly string[];
}

/** A row of an upload as the readers hand it on. */
export type UploadRow = RawRow | StagedRow;

/** The row's values as the readers build them (empty cells absent). */
export const valuesOf = (row: UploadRow): Record<string, unknown> => ('staged' in row ? rowValues(row.names, row.cells) : row.values);
