import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EARLY_CODES, LIMIT_CODES } from '../applications/ledger-limits.js';

/**
 * A bank's system decides what to do with a refused callback from its code: every code the
 * callback endpoint can answer must be in docs/bank-integration.md §4.7, with whether a repeat of
 * the same event is judged afresh.
 */
const doc = readFileSync(new URL('../../../docs/bank-integration.md', import.meta.url), 'utf8');
const answers = doc.slice(doc.indexOf('### 4.7'), doc.indexOf('## 5. Protocol'));
const service = readFileSync(new URL('./bank-sync-service.ts', import.meta.url), 'utf8');

/** The rows of the limits table: code → the "A repeat of the event" column. */
function limitRows(): Map<string, string> {
  const table = answers.slice(answers.indexOf('#### Limits of a loan'));
  return new Map([...table.matchAll(/^\| `([A-Z_]+)` \| [^|]+ \| ([^|]+) \| [^|]+ \|$/gm)].map((row) => [row[1]!, row[2]!.trim()]));
}

describe('the callback refusals in docs/bank-integration.md', () => {
  it('list every limit of a loan a callback can break, and which of them are judged afresh', () => {
    const rows = limitRows();
    expect([...rows.keys()].sort()).toEqual([...LIMIT_CODES].sort());
    for (const [code, repeat] of rows) expect(repeat, code).toBe(EARLY_CODES.has(code) ? 'judged afresh' : 'refused alike');
  });

  it('name every code the callback service answers with', () => {
    const thrown = [...service.matchAll(/\b(?:notFound|unprocessable|validationError|conflict)\('([A-Z_]+)'/g)].map((m) => m[1]!);
    expect(thrown.length).toBeGreaterThan(0);
    for (const code of thrown) expect(answers, code).toContain(`\`${code}\``);
  });
});

describe('the callback endpoint in the OpenAPI document', () => {
  /**
   * It said a broken loan limit was answered problem+json; the bank is answered in its own protocol
   * (`{"received":false,"error":"<CODE>: …"}`, or `return_code` 40001), as the guide says.
   */
  it('names every limit of a loan among the 422s answered in the bank’s protocol, and only those', async () => {
    const { parse } = await import('yaml');
    const spec = parse(readFileSync(new URL('../../../specs/dist/openapi.bundle.yaml', import.meta.url), 'utf8')) as {
      paths: Record<string, { post: { responses: Record<string, { description: string }> } }>;
    };
    const description = spec.paths['/api/v1/callbacks/banks/{bankCode}']!.post.responses['422']!.description;
    const [inProtocol, asProblem] = description.split('As problem+json') as [string, string];
    const named = (text: string) => [...text.matchAll(/\b[A-Z][A-Z_]{5,}\b/g)].map((m) => m[0]);
    expect(named(inProtocol).sort()).toEqual([...LIMIT_CODES].sort());
    expect(named(asProblem)).toEqual(['EVENT_ID_REUSED']);
  });
});
