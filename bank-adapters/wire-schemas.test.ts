import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WIRE_SCHEMAS, wireSchemaJson } from './wire-schemas.js';

const dir = new URL('../specs/bank-events/', import.meta.url);

describe('published JSON Schemas of the bank wire messages (specs/bank-events)', () => {
  it('are exactly the adapters’ zod schemas (regenerate with npm run gen:bank-schemas)', () => {
    expect(readdirSync(dir).sort()).toEqual(Object.keys(WIRE_SCHEMAS).map((n) => `${n}.schema.json`).sort());
    for (const name of Object.keys(WIRE_SCHEMAS)) expect(readFileSync(new URL(`${name}.schema.json`, dir), 'utf8'), name).toBe(wireSchemaJson(name));
  });
});
