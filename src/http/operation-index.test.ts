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
});
