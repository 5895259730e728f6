import { DataError, UniqueViolationError } from 'objection';
import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable, isDataException, isLockTimeout, isUniqueViolation, sqlState } from './transaction.js';

const driverError = (code: string) => Object.assign(new Error('statement failed'), { code });
/** Objection's wrappers (db-errors; its typings declare Error's constructor) keep the driver's error as `nativeError`, without its code. */
type Wrapper = new (args: { nativeError: Error; client: string }) => Error;
const wrapped = (code: string, as: unknown = DataError) => new (as as Wrapper)({ nativeError: driverError(code), client: 'postgres' });

describe('SQLSTATE of a failed statement', () => {
  it('reads the code from the driver or from inside objection, and nothing else', () => {
    expect(sqlState(driverError('22008'))).toBe('22008');
    expect(sqlState(wrapped('22P02'))).toBe('22P02');
    expect(sqlState(driverError('ECONNREFUSED'))).toBeUndefined();
    expect(sqlState('22008')).toBeUndefined();
    expect(sqlState(null)).toBeUndefined();
  });

  it('tells each kind the services act on', () => {
    expect([isDataException(driverError('22008')), isDataException(wrapped('22003')), isDataException(driverError('23505'))]).toEqual([true, true, false]);
    expect([isUniqueViolation(driverError('23505')), isUniqueViolation(wrapped('23505', UniqueViolationError))]).toEqual([true, true]);
    expect([isLockTimeout(driverError('55P03')), isLockTimeout(wrapped('55P03')), isLockTimeout(driverError('57014'))]).toEqual([true, true, false]);
    expect([isDatabaseUnavailable(driverError('57P01')), isDatabaseUnavailable(driverError('ECONNREFUSED')), isDatabaseUnavailable(driverError('22008'))]).toEqual([true, true, false]);
  });
});
