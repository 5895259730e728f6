import { describe, expect, it } from 'vitest';
import { orgCodeCheckChar, usccCheckChar, validateUscc } from '@server/platform/uscc';
import { checkUsccAsTyped, checkUsccComplete } from './uscc-as-typed';

/** A code that passes GB 32100; `breakOrgCheck` makes the embedded organisation check char wrong. */
function makeUscc(body8: string, breakOrgCheck = false): string {
  const org = orgCodeCheckChar(body8);
  const first17 = `91420202${body8}${breakOrgCheck ? (org === '1' ? '2' : '1') : org}`;
  return first17 + usccCheckChar(first17);
}

const valid = makeUscc('12345678');
const wrongCheckDigit = valid.slice(0, 17) + (valid.endsWith('1') ? '2' : '1');

describe('checkUsccAsTyped', () => {
  it('treats an empty or short, so far correct code as still being typed', () => {
    expect(checkUsccAsTyped('')).toEqual({ state: 'empty' });
    expect(checkUsccAsTyped('9142')).toEqual({ state: 'partial', length: 4 });
    expect(checkUsccAsTyped(valid.slice(0, 17))).toEqual({ state: 'partial', length: 17 });
  });

  it('reports a forbidden character at once, with the server message', () => {
    const typed = '91O';
    const server = validateUscc(`${typed}${'0'.repeat(15)}`);
    expect(server.ok).toBe(false);
    expect(checkUsccAsTyped(typed)).toEqual({ state: 'invalid', code: 'USCC_CHARSET', message: !server.ok && server.error.message });
  });

  it('reports a letter in the region code (positions 3–8) at once', () => {
    expect(checkUsccAsTyped('91A')).toMatchObject({ state: 'invalid', code: 'USCC_REGION' });
  });

  it('checks the check digit once all 18 characters are there, lower case and spaces allowed', () => {
    expect(checkUsccAsTyped(` ${valid.toLowerCase()} `)).toEqual({ state: 'valid', uscc: valid, warnings: [] });
    expect(checkUsccAsTyped(wrongCheckDigit)).toMatchObject({ state: 'invalid', code: 'USCC_CHECK_DIGIT' });
    expect(checkUsccAsTyped(`${valid}1`)).toMatchObject({ state: 'invalid', code: 'USCC_LENGTH' });
  });

  it('passes on the embedded organisation-code warning without blocking', () => {
    const warned = makeUscc('12345678', true);
    expect(checkUsccAsTyped(warned)).toMatchObject({ state: 'valid', warnings: [{ code: 'USCC_ORG_CODE_CHECK_DIGIT' }] });
  });
});

describe('checkUsccComplete', () => {
  it('is exactly the server rule, short codes included', () => {
    for (const input of ['', '9142', wrongCheckDigit, valid, 'I'.repeat(18)]) {
      const server = validateUscc(input);
      const web = checkUsccComplete(input);
      expect(web.state).toBe(server.ok ? 'valid' : 'invalid');
      if (!server.ok) expect(web).toMatchObject({ code: server.error.code, message: server.error.message });
    }
  });
});
