/**
 * Corpus cases that fail only because of upload work in progress elsewhere (issue 11: XLSX
 * limits and encodings, batches that never end). Each is skipped with its reason; remove the
 * entry once that work is merged and the case passes.
 */
export const PENDING_CASES: Readonly<Record<string, string>> = {
  'upload csv utf-16 with BOM':
    'encodings: a UTF-16 file is read as UTF-8, its header holds NUL characters, writing the batch failure fails and the batch stays in processing (500)',
  'upload csv binary garbage':
    'encodings: non-UTF-8 bytes with NUL reach the header check; the batch failure text cannot be stored and the batch stays in processing (500)',
};
