/**
 * 统一社会信用代码 (USCC, GB 32100—2015) rules. Pure and dependency-free: the web portal
 * imports this same file so the form checks exactly what the server checks.
 *
 * Position 18 is a hard check (GB 32100 mod-31). Positions 9–17 embed a 组织机构代码
 * (GB 11714 mod-11); a mismatch there is reported as a warning, because legacy codes with
 * anomalies exist in the register.
 */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;
const USCC_BAD_CHAR = /[^0-9A-HJ-NPQRTUWXY]/u;
const USCC_PATTERN = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

export type UsccErrorCode = 'USCC_REQUIRED' | 'USCC_LENGTH' | 'USCC_CHARSET' | 'USCC_REGION' | 'USCC_CHECK_DIGIT';
export type UsccWarningCode = 'USCC_ORG_CODE_CHECK_DIGIT';

export interface UsccIssue<C extends string> {
  readonly code: C;
  readonly message: string;
}

export type UsccResult =
  | { readonly ok: true; readonly uscc: string; readonly warnings: readonly UsccIssue<UsccWarningCode>[] }
  | { readonly ok: false; readonly uscc: string; readonly error: UsccIssue<UsccErrorCode> };

export function normalizeUscc(input: string): string {
  return input.trim().toUpperCase();
}

/** Value of each character code in USCC_CHARSET (its index), -1 for any other. */
const CHARSET_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < USCC_CHARSET.length; i++) CHARSET_VALUE[USCC_CHARSET.charCodeAt(i)] = i;

/** The check character (position 18) for the first 17 characters. */
export function usccCheckChar(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const code = first17.charCodeAt(i);
    sum += (code < 128 ? CHARSET_VALUE[code]! : -1) * USCC_WEIGHTS[i]!;
  }
  const c = 31 - (sum % 31);
  return USCC_CHARSET.charAt(c === 31 ? 0 : c);
}

/** The 组织机构代码 check character for an 8-character body (digits and upper-case letters). */
export function orgCodeCheckChar(body8: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const ch = body8.charAt(i);
    const value = ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : ch.charCodeAt(0) - 55;
    sum += value * ORG_WEIGHTS[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

const NO_WARNINGS: readonly UsccIssue<UsccWarningCode>[] = Object.freeze([]);

const fail = (uscc: string, code: UsccErrorCode, message: string): UsccResult => ({ ok: false, uscc, error: { code, message } });

/** Runs once per row of a bulk load: no per-call closures or arrays. */
export function validateUscc(input: string): UsccResult {
  const uscc = normalizeUscc(input);
  if (uscc.length === 0) return fail(uscc, 'USCC_REQUIRED', '请输入统一社会信用代码');
  if (uscc.length !== 18) return fail(uscc, 'USCC_LENGTH', `统一社会信用代码应为18位，当前为${uscc.length}位`);
  const badChar = USCC_BAD_CHAR.exec(uscc)?.[0];
  if (badChar !== undefined) {
    return fail(uscc, 'USCC_CHARSET', `统一社会信用代码含有不允许的字符“${badChar}”（不使用 I、O、Z、S、V）`);
  }
  if (!USCC_PATTERN.test(uscc)) return fail(uscc, 'USCC_REGION', '统一社会信用代码第3至8位应为行政区划数字代码');
  if (usccCheckChar(uscc.slice(0, 17)) !== uscc.charAt(17)) {
    return fail(uscc, 'USCC_CHECK_DIGIT', '统一社会信用代码校验位（第18位）不正确，请核对后重新输入');
  }
  if (orgCodeCheckChar(uscc.slice(8, 16)) !== uscc.charAt(16)) {
    return { ok: true, uscc, warnings: [{ code: 'USCC_ORG_CODE_CHECK_DIGIT', message: '内嵌组织机构代码校验位（第17位）不符，已记录待核实' }] };
  }
  return { ok: true, uscc, warnings: NO_WARNINGS };
}
