import type ExcelJS from 'exceljs';

/**
 * Text from an enterprise, a person or a department, written into a file people open in a
 * spreadsheet (every .xlsx the platform hands out), must not be taken for a formula (formula or
 * "CSV" injection): a cell beginning with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
 * leading apostrophe, so Excel and WPS show the text instead of running `=HYPERLINK(…)` or a DDE
 * call once the cell is touched (decision 0055). A plain signed number ("-12.50") is left as it
 * is: it cannot call anything, and an amount must read as sent. Files a machine reads in a format
 * that prescribes their bytes (the national feed's CSV and JSONL) are not spreadsheets and are not
 * passed through this.
 */
export function spreadsheetText(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** Every text cell of the workbook through `spreadsheetText`; numbers, dates and formulas the code wrote stay. */
export function guardWorkbookText(workbook: ExcelJS.Workbook): ExcelJS.Workbook {
  workbook.eachSheet((sheet) => sheet.eachRow({ includeEmpty: false }, (row) => guardRowText(row)));
  return workbook;
}

/** One row's text cells through `spreadsheetText` (a streamed sheet, before the row is committed). */
export function guardRowText(row: ExcelJS.Row): ExcelJS.Row {
  row.eachCell({ includeEmpty: false }, (cell) => {
    if (typeof cell.value === 'string') cell.value = spreadsheetText(cell.value);
  });
  return row;
}

/** The workbook as the bytes of an .xlsx, with every text cell guarded: the one way a built workbook leaves the platform. */
export async function xlsxBytes(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await guardWorkbookText(workbook).xlsx.writeBuffer());
}
