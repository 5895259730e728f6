import { describe, expect, it } from 'vitest';
import { operationIndex } from './operation-index.js';

const operationAt = operationIndex({
  paths: {
    '/api/v1/consents/{id}': { get: { operationId: 'getConsent' } },
    '/api/v1/consents/access-log': { get: { operationId: 'listConsentAccessLog' } },
    '/api/v1/batches/{batchId}/rejections.xlsx': { get: { operationId: 'download' } },
    '/api/v1/loan-products/{id}': { get: { operationId: 'getLoanProduct' }, put: { operationId: 'updateLoanProduct' } },
  },
});

describe('operationIndex', () => {
  it('finds the operation by method and path, a literal segment before a parameter', () => {
    expect(operationAt('GET', '/api/v1/consents/access-log')).toBe('listConsentAccessLog');
    expect(operationAt('GET', '/api/v1/consents/7d5e')).toBe('getConsent');
    expect(operationAt('PUT', '/api/v1/loan-products/1')).toBe('updateLoanProduct');
    expect(operationAt('HEAD', '/api/v1/loan-products/1')).toBe('getLoanProduct');
  });

  it('matches a parameter within one segment only, and dots literally', () => {
    expect(operationAt('GET', '/api/v1/consents/a/b')).toBeUndefined();
    expect(operationAt('GET', '/api/v1/batches/b1/rejectionsxxlsx')).toBeUndefined();
    expect(operationAt('GET', '/api/v1/batches/b1/rejections.xlsx')).toBe('download');
    expect(operationAt('DELETE', '/api/v1/loan-products/1')).toBeUndefined();
  });

  it('takes a trailing slash, and finds on the real spec what a walk over every operation finds', async () => {
    expect(operationAt('GET', '/api/v1/consents/access-log/')).toBe('listConsentAccessLog');
    expect(operationAt('GET', '/api/v1/consents/7d5e/')).toBe('getConsent');
    expect(operationAt('GET', '/api/v1/consents//')).toBeUndefined();
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const spec = parse(readFileSync(new URL('../../specs/dist/openapi.bundle.yaml', import.meta.url), 'utf8')) as Parameters<typeof operationIndex>[0];
    const at = operationIndex(spec);
    const all = Object.entries(spec.paths)
      .flatMap(([template, item]) => Object.entries(item).map(([method, op]) => ({ method: method.toUpperCase(), template, operationId: op?.operationId })))
      .filter((o) => o.operationId)
      .map((o) => ({ ...o, pattern: new RegExp(`^${o.template.replace(/\{[^}]+\}/g, '[^/]+')}/?$`), params: (o.template.match(/\{/g) ?? []).length }))
      .sort((a, b) => a.params - b.params);
    expect(all.length).toBeGreaterThan(100);
    for (const { method, template } of all) {
      const path = template.replace(/\{[^}]+\}/g, 'x1');
      const walked = all.find((o) => o.method === method && o.pattern.test(path))?.operationId;
      expect(at(method, path)).toBe(walked);
      expect(at(method, `${path}/`)).toBe(walked);
    }
  });
});
