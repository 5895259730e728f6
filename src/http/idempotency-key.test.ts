import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * What a caller retrying under an `Idempotency-Key` can be answered, in the spec it generates its
 * client from and in the bank guide it reads: the officer writes a bank's system makes by API took
 * the header but declared neither the 422 of a reused key nor the `Idempotent-Replayed` header,
 * and the guide named neither the 409 of a repeat that overtakes the first nor how long keys are kept.
 */
type Responses = Record<string, { headers?: Record<string, unknown> }>;
type Operation = { operationId?: string; parameters?: { $ref?: string; name?: string }[]; responses: Responses };
const spec = parse(readFileSync(new URL('../../specs/dist/openapi.bundle.yaml', import.meta.url), 'utf8')) as {
  paths: Record<string, Record<string, Operation>>;
  components: { parameters: Record<string, { name: string; description: string }> };
};
const guide = readFileSync(new URL('../../docs/bank-integration.md', import.meta.url), 'utf8');

const parameter = (p: { $ref?: string; name?: string }) => (p.$ref ? spec.components.parameters[p.$ref.split('/').pop()!]! : p);
const taking = Object.values(spec.paths)
  .flatMap((item) => Object.values(item))
  .filter((op): op is Operation => typeof op === 'object' && op !== null && 'responses' in op)
  .filter((op) => (op.parameters ?? []).some((p) => parameter(p).name === 'Idempotency-Key'));

describe('operations that take an Idempotency-Key', () => {
  it('declare the 409 and 422 it can answer, and the Idempotent-Replayed header of a replay', () => {
    expect(taking.map((op) => op.operationId)).toEqual(expect.arrayContaining(['applyForLoan', 'acceptLoanApplication', 'decideLoanApplication', 'recordDisbursement', 'recordRepayment']));
    for (const op of taking) {
      expect(Object.keys(op.responses), op.operationId).toEqual(expect.arrayContaining(['409', '422']));
      const success = Object.entries(op.responses).find(([status]) => /^2/.test(status))![1];
      expect(Object.keys(success.headers ?? {}), op.operationId).toContain('Idempotent-Replayed');
    }
  });

  it('have every code of the header, and how long a key is kept, in the bank guide', () => {
    const { description } = spec.components.parameters.IdempotencyKey!;
    const codes = [...description.matchAll(/\b[A-Z][A-Z_]{6,}\b/g)].map((m) => m[0]);
    expect(codes).toEqual(expect.arrayContaining(['IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_REQUEST_IN_PROGRESS']));
    for (const code of codes) expect(guide, code).toMatch(new RegExp(`\`(\\d{3} )?${code}\``));
    const hours = /kept for (\d+) hours/.exec(description)![1]!;
    expect(guide).toContain(`kept ${hours} hours`);
  });
});
