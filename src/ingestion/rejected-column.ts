/**
 * How a rejected row's error names its column. Zod-free, so the portal's batch report and the
 * rejected-rows workbook say the same thing: the column's Chinese title as the template and the
 * sender's file use it, 整行 for an error about the whole row (a line that is not JSON, a row
 * with more cells than the header), the field name as sent for a key the format does not know.
 */
export const WHOLE_ROW = '(row)';

export const isWholeRow = (field: string): boolean => field === '' || field === WHOLE_ROW;

export function rejectedColumn(field: string, labels: Readonly<Record<string, string>>): string {
  return isWholeRow(field) ? '整行' : (labels[field] ?? field);
}
