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

/** Every property of a JSON Schema with its dotted path (array items as `[]`, alternatives merged). */
function properties(schema: Record<string, unknown>, path = ''): [string, Record<string, unknown>][] {
  const found: [string, Record<string, unknown>][] = [];
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  for (const [name, child] of Object.entries(props)) found.push([`${path}${name}`, child], ...properties(child, `${path}${name}.`));
  if (schema.items) found.push(...properties(schema.items as Record<string, unknown>, `${path.slice(0, -1)}[].`));
  for (const alt of (schema.anyOf ?? []) as Record<string, unknown>[]) found.push(...properties(alt, path));
  return found;
}

describe('units of the bank wire messages', () => {
  it('every amount, rate, term, date and time states its unit or format, so a bank need not guess', () => {
    const unstated: string[] = [];
    for (const name of Object.keys(WIRE_SCHEMAS)) {
      const schema = JSON.parse(wireSchemaJson(name)) as Record<string, unknown>;
      for (const [path, field] of properties(schema)) {
        const leaf = path.split('.').at(-1)!;
        if (!/amt|amount|rate|term|date|time/i.test(leaf) || field.type === 'object' || field.type === 'array') continue;
        if (typeof field.description !== 'string' || field.description === '') unstated.push(`${name}: ${path}`);
      }
    }
    expect(unstated).toEqual([]);
  });
});
