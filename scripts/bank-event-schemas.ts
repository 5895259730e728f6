import { mkdirSync, writeFileSync } from 'node:fs';
import { WIRE_SCHEMAS, wireSchemaJson } from '../bank-adapters/wire-schemas.js';

/** `npm run gen:bank-schemas`: writes specs/bank-events/<message>.schema.json from the adapters' zod schemas. */
const dir = new URL('../specs/bank-events/', import.meta.url);
mkdirSync(dir, { recursive: true });
for (const name of Object.keys(WIRE_SCHEMAS)) writeFileSync(new URL(`${name}.schema.json`, dir), wireSchemaJson(name));
console.log(`wrote ${Object.keys(WIRE_SCHEMAS).length} schemas to specs/bank-events/`);
