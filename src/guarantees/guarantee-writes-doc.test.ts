import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * A guarantee company's system recording decisions and money by API (guarantees:write,
 * guarantee-payments:write) decides what to do from the refusal's code: every code those writes
 * can answer must be in the table of docs/bank-integration.md §6.
 */
const doc = readFileSync(new URL('../../docs/bank-integration.md', import.meta.url), 'utf8');
const start = doc.indexOf("What a guarantee company's writes answer besides `2xx`");
const table = doc.slice(start, doc.indexOf('\n\n', doc.indexOf('| Status |', start)));
const thrown = (file: string) =>
  [...readFileSync(new URL(file, import.meta.url), 'utf8').matchAll(/\b(?:notFound|conflict|unprocessable|unprocessableField|validationError)\('([A-Z_]+)'/g)].map((m) => m[1]!);

/** Never met by a company's client on its own guarantee: the guarantee names its product, and a client always has its company. */
const UNREACHABLE = new Set(['GUARANTEE_PRODUCT_NOT_FOUND']);

describe('the guarantee company writes in docs/bank-integration.md §6', () => {
  it('name every code the writes can answer', () => {
    const codes = new Set([...thrown('./guarantee-service.ts'), ...thrown('./compensation-service.ts'), ...thrown('./compensation-limits.ts')]);
    for (const code of UNREACHABLE) codes.delete(code);
    expect(codes.size).toBeGreaterThan(12);
    for (const code of codes) expect(table, code).toContain(`\`${code}\``);
  });
});
