import { readFileSync, writeFileSync } from 'node:fs';

/** Prepends the DO NOT EDIT banner to a file written by openapi-typescript. */
const file = process.argv[2];
if (!file) throw new Error('usage: mark-generated <file>');
const banner = '// DO NOT EDIT. Generated from specs/openapi.yaml by `npm run gen:api` (openapi-typescript).\n';
const text = readFileSync(file, 'utf8');
if (!text.startsWith(banner)) writeFileSync(file, banner + text);
