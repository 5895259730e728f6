import type { TestPlatform } from './test-platform.js';

/** The demo enterprise's login (its USCC) from the seeded demo city. */
export function demoEnterpriseLogin(platform: TestPlatform): string {
  const account = platform.demo?.accounts.find((a) => a.role === 'enterprise');
  if (!account) throw new Error('demo enterprise missing');
  return account.username;
}

export const productInput = (overrides: Record<string, unknown> = {}) => ({
  name: '税易贷',
  description: '按纳税信用发放的信用贷款',
  minAmount: '100000',
  maxAmount: '3000000',
  minTermMonths: 6,
  maxTermMonths: 36,
  minRate: '3.45',
  maxRate: '4.80',
  guaranteeType: 'credit',
  eligibility: [{ field: 'yearsEstablished', operator: 'gte', value: 1 }],
  zoneTags: ['tech_loan'],
  ...overrides,
});

/** A bank officer drafts a product, the admin publishes it; returns its id. */
export async function publishedProduct(platform: TestPlatform, officer: string, overrides: Record<string, unknown> = {}): Promise<string> {
  const bank = await platform.login(officer);
  const admin = await platform.login('admin');
  const created = await platform.api('/api/v1/loan-products', { token: bank, body: productInput(overrides) });
  if (created.status !== 201) throw new Error(`create product: ${created.status} ${await created.text()}`);
  const { id } = (await created.json()) as { id: string };
  const published = await platform.api(`/api/v1/loan-products/${id}/publish`, { token: admin, method: 'POST' });
  if (published.status !== 200) throw new Error(`publish: ${published.status}`);
  return id;
}
