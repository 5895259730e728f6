import { readFileSync, writeFileSync } from 'node:fs';

/** Prepends the DO NOT EDIT banner to a generated file (the spec bundle or the API types). */
const file = process.argv[2];
if (!file) throw new Error('usage: mark-generated <file>');
const comment = file.endsWith('.yaml') ? '#' : '//';
const banner = `${comment} DO NOT EDIT. Generated from specs/openapi.yaml by \`npm run gen:api\`.\n`;
const text = readFileSync(file, 'utf8');
if (!text.startsWith(banner)) writeFileSync(file, banner + text);
