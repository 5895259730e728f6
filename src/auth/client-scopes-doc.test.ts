import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { CLIENT_SCOPE_OPERATIONS, CLIENT_SCOPES } from './client-scopes.js';

/**
 * A bank creates its machine client from docs/bank-integration.md alone: every scope it may ask
 * for is in §6's table, with every call the scope opens as the OpenAPI document spells it.
 */
const doc = readFileSync(new URL('../../docs/bank-integration.md', import.meta.url), 'utf8');
const section6 = doc.slice(doc.indexOf('## 6.'), doc.indexOf('## 7.'));
const spec = parse(readFileSync(new URL('../../specs/dist/openapi.bundle.yaml', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, { operationId?: string }>>;
};
const callOf = new Map(
  Object.entries(spec.paths).flatMap(([path, item]) => Object.entries(item).map(([method, op]) => [op.operationId, `${method.toUpperCase()} ${path}`] as const)),
);

describe('the machine-client scopes in docs/bank-integration.md', () => {
  it('has a row for every scope naming each call it opens', () => {
    const rows = new Map([...section6.matchAll(/^ *\| `([a-z-]+:[a-z]+)` \| (.+) \|$/gm)].map((row) => [row[1]!, row[2]!]));
    expect([...rows.keys()].sort()).toEqual([...CLIENT_SCOPES].sort());
    for (const scope of CLIENT_SCOPES) {
      const calls = [...rows.get(scope)!.matchAll(/`([A-Z]+ [^`]+)`/g)].map((m) => m[1]!).sort();
      expect(calls, scope).toEqual(CLIENT_SCOPE_OPERATIONS[scope].map((operationId) => callOf.get(operationId)).sort());
    }
  });

  it('names the refusal of a call outside the client scopes', () => {
    expect(section6).toMatch(/^\| 403 \| `CLIENT_SCOPE_MISSING` \|/m);
  });
});
