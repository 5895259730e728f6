/**
 * Amounts arrive as decimal strings of 元 (numeric(18,2) on the server) and are formatted with
 * integer arithmetic, never through floats.
 */
const AMOUNT = /^(-?)(\d+)(?:\.(\d{1,2}))?$/;

function toCents(amount: string): bigint {
  const match = AMOUNT.exec(amount.trim());
  if (!match) throw new Error(`not a decimal amount: ${amount}`);
  const [, sign, whole, fraction = ''] = match;
  const cents = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
  return sign ? -cents : cents;
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

function render(hundredths: bigint, trimZeros: boolean): string {
  const negative = hundredths < 0n;
  const abs = negative ? -hundredths : hundredths;
  let fraction = (abs % 100n).toString().padStart(2, '0');
  if (trimZeros) fraction = fraction.replace(/0+$/, '');
  const text = groupThousands((abs / 100n).toString()) + (fraction ? `.${fraction}` : '');
  return negative ? `-${text}` : text;
}

/** "1234567.5" → "1,234,567.50 元" */
export function formatYuan(amount: string): string {
  return `${render(toCents(amount), false)} 元`;
}

/** "3000000.00" → "300 万元"; "1234567.89" → "123.46 万元" (half away from zero, at most two decimals). */
export function formatWanYuan(amount: string): string {
  const cents = toCents(amount);
  const abs = cents < 0n ? -cents : cents;
  // 1 万元 = 1,000,000 分, so hundredths of 万元 are 10,000 分.
  let hundredths = abs / 10_000n + (abs % 10_000n >= 5_000n ? 1n : 0n);
  if (cents < 0n) hundredths = -hundredths;
  return `${render(hundredths, true)} 万元`;
}

const GROUPED = /^\d{1,3}(,\d{3})+(\.\d*)?$/;

/**
 * An amount as people type it — grouped "1,000,000.00" (the way every amount on the portal is
 * shown), full-width "１２０００", a leading ￥ or a trailing 元 — as the plain decimal the API takes.
 * Anything else comes back as typed, for the server to refuse on its field.
 */
export function normalizeAmountInput(text: string): string {
  const halfWidth = text.replace(/[０-９，．]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));
  const bare = halfWidth.replace(/\s+/g, '').replace(/^[¥￥]/, '').replace(/元$/, '');
  return GROUPED.test(bare) ? bare.replace(/,/g, '') : bare;
}

/** What is still owed of the principal lent: disbursed − repaid, as a plain decimal of 元 (never below zero). */
export function outstandingYuan(disbursed: string, repaid: string): string {
  const cents = toCents(disbursed) - toCents(repaid);
  const owed = cents > 0n ? cents : 0n;
  return `${owed / 100n}.${(owed % 100n).toString().padStart(2, '0')}`;
}

/** The share of the principal repaid, in whole percent rounded down (100 only when nothing is owed); 0 before any disbursement. */
export function repaidPercent(disbursed: string, repaid: string): number {
  const lent = toCents(disbursed);
  if (lent <= 0n) return 0;
  const share = (toCents(repaid) * 100n) / lent;
  return Number(share > 100n ? 100n : share);
}
