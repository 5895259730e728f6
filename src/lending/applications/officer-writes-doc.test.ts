import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LIMIT_CODES } from './ledger-limits.js';

/**
 * A bank's system recording its officers' steps by API (受理, 审批, 放款, 还款) decides what to do
 * from the refusal's code: every code those writes can answer must be in the table of
 * docs/bank-integration.md §6. `APPLICATION_MODIFIED` (a stale `version`) and
 * `APPROVAL_TERMS_REQUIRED` were in none, nor were the limits listed for these writes.
 */
const doc = readFileSync(new URL('../../../docs/bank-integration.md', import.meta.url), 'utf8');
const table = doc.slice(doc.indexOf('What these writes answer besides `200`'), doc.indexOf('## 7.'));
const source = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');
const thrown = (text: string) => [...text.matchAll(/\b(?:notFound|conflict|unprocessable|unprocessableField|validationError)\('([A-Z_]+)'/g)].map((m) => m[1]!);

/** Met only by an enterprise applying, never by a bank's step on an application it holds. */
const ENTERPRISE_ONLY = new Set(['GUARANTEE_NOT_ELIGIBLE']);

describe('the officer writes in docs/bank-integration.md §6', () => {
  it('name every code the writes can answer', () => {
    const codes = new Set([
      'APPLICATION_NOT_FOUND',
      ...LIMIT_CODES,
      ...thrown(source('./application-state-machine.ts')),
      ...thrown(source('./ledger-limits.ts')),
      ...thrown(source('../../platform/idempotency/idempotency-service.ts')),
      ...thrown(source('../../http/idempotency-key.ts')),
    ]);
    for (const code of ENTERPRISE_ONLY) codes.delete(code);
    expect(codes.size).toBeGreaterThan(12);
    for (const code of codes) expect(table, code).toContain(`\`${code}\``);
  });
});
