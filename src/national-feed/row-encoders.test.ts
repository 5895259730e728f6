import { describe, expect, it } from 'vitest';
import { csvValuesLine } from './row-encoders.js';

describe('csvValuesLine', () => {
  it('writes values exactly as held, formula-looking text included: the national format prescribes the bytes (decision 0055)', () => {
    expect(csvValuesLine(['=HYPERLINK("x")', '-12.50', '@a', 'a,b', null, true])).toBe('"=HYPERLINK(""x"")",-12.50,@a,"a,b",,1\n');
  });
});
