import { expect } from 'vitest';

/** A 科担贷 guarantee product on `loanProductId` (full guarantee, 0.80 % fee, 0.30 % subsidised), with `overrides`. */
export const guaranteeProduct = (loanProductId: string, overrides: Record<string, unknown>) => ({
  loanProductId,
  name: '科担贷',
  templateCode: 'KC60-HIGH-TECH',
  guaranteedShareBp: 10000,
  feeRate: '0.80',
  feeSubsidyRate: '0.30',
  singleFirmCap: '5000000.00',
  maxTermMonths: 36,
  ...overrides,
});

/** The id of what `res` created; fails the test, with the answer, unless it is 201. */
export async function created(res: Response): Promise<{ id: string }> {
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as { id: string };
}
