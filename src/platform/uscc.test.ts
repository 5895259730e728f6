import { describe, expect, it } from 'vitest';
import { orgCodeCheckChar, usccCheckChar, validateUscc, USCC_CHARSET } from './uscc.js';

// Verified vectors from the domain notes (§5.4): both the C18 and the embedded C17 checks pass.
const VALID = [
  '914403001922038216',
  '91440300708461136T',
  '9144030071526726XG',
  '91330100716105852F',
  '91110108551385082Q',
  '91110000802100433B',
  '911100007109288314',
  '91440300192317458F',
];

describe('validateUscc', () => {
  it.each(VALID)('accepts the verified vector %s without warnings', (code) => {
    expect(validateUscc(code)).toEqual({ ok: true, uscc: code, warnings: [] });
  });

  it('reproduces the worked Huawei example', () => {
    expect(usccCheckChar('91440300192203821')).toBe('6');
    expect(orgCodeCheckChar('19220382')).toBe('1');
  });

  it('trims and upper-cases before checking', () => {
    expect(validateUscc('  9144030071526726xg ')).toEqual({ ok: true, uscc: '9144030071526726XG', warnings: [] });
  });

  it.each(VALID)('rejects every wrong check character of %s', (code) => {
    const wrong = [...USCC_CHARSET].filter((ch) => ch !== code.charAt(17));
    for (const ch of wrong) {
      const result = validateUscc(code.slice(0, 17) + ch);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('USCC_CHECK_DIGIT');
    }
  });

  it('detects a change in each of the first 17 positions', () => {
    const base = '914403001922038216';
    for (let i = 0; i < 17; i++) {
      const digitsOnly = i >= 2 && i <= 7;
      const replacement = [...(digitsOnly ? '0123456789' : USCC_CHARSET)].find((ch) => ch !== base.charAt(i))!;
      const altered = base.slice(0, i) + replacement + base.slice(i + 1);
      const result = validateUscc(altered);
      expect(result.ok, `position ${i + 1}`).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('USCC_CHECK_DIGIT');
    }
  });

  it.each(['I', 'O', 'Z', 'S', 'V'])('rejects the excluded letter %s', (letter) => {
    const result = validateUscc(`91440300192203821${letter}`);
    expect(result).toMatchObject({ ok: false, error: { code: 'USCC_CHARSET' } });
    if (!result.ok) expect(result.error.message).toContain(`“${letter}”`);
  });

  it('names the first character that is not allowed', () => {
    const result = validateUscc('9144030019220SO8I6');
    expect(result.ok ? '' : result.error.message).toContain('“S”');
  });

  it('rejects the bad-C18 and letter-O negative vectors', () => {
    expect(validateUscc('914403001922038217')).toMatchObject({ ok: false, error: { code: 'USCC_CHECK_DIGIT' } });
    expect(validateUscc('914403001922O38216')).toMatchObject({ ok: false, error: { code: 'USCC_CHARSET' } });
  });

  it.each([
    ['', 'USCC_REQUIRED'],
    ['91440300192203821', 'USCC_LENGTH'],
    ['9144030019220382160', 'USCC_LENGTH'],
    ['91A40300192203821X', 'USCC_REGION'],
  ])('rejects %j with %s', (input, code) => {
    expect(validateUscc(input)).toMatchObject({ ok: false, error: { code } });
  });

  it('warns, without rejecting, when only the embedded organisation-code check fails', () => {
    const first16 = '9144030019220382'; // org body 19220382 has check '1'; use '2'
    const first17 = `${first16}2`;
    const code = first17 + usccCheckChar(first17);
    const result = validateUscc(code);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.warnings.map((w) => w.code)).toEqual(['USCC_ORG_CODE_CHECK_DIGIT']);
  });

  it('rejects known "real-looking" fixtures that fail the checksum', () => {
    for (const code of ['9133010057462616XH', '91110108717809965C', '91110000800088421P', '91350203M0001QAY9B']) {
      expect(validateUscc(code).ok, code).toBe(false);
    }
  });
});
