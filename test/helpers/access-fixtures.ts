import { productLike } from './lending-fixtures.js';
import type { TestPlatform } from './test-platform.js';

/** A machine client holding `scopes`, created by its institution's 机构管理员 (`adminToken`), and a token for it. */
export async function machineClient(
  platform: TestPlatform,
  adminToken: string,
  scopes: readonly string[],
  name = '信贷审批系统',
): Promise<{ clientId: string; clientSecret: string; secretId: string; token: string }> {
  const created = await platform.api('/api/v1/institution/clients', { token: adminToken, body: { name, scopes } });
  if (created.status !== 201) throw new Error(`create client: ${created.status} ${await created.text()}`);
  const client = (await created.json()) as { clientId: string; clientSecret: string; secretId: string };
  const issued = await platform.api('/api/v1/oauth/token', {
    body: { grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret },
  });
  if (issued.status !== 200) throw new Error(`client token: ${issued.status} ${await issued.text()}`);
  return { ...client, token: ((await issued.json()) as { access_token: string }).access_token };
}

/**
 * The enterprise applies (submitted) for a copy of `productId`, so that it may hold several open
 * applications at the product's bank; returns the application id.
 */
export async function submittedApplication(platform: TestPlatform, enterpriseToken: string, productId: string): Promise<string> {
  const res = await platform.api('/api/v1/loan-applications', {
    token: enterpriseToken,
    body: { productId: await productLike(platform, productId), amount: '300000', termMonths: 12, purpose: '购买设备', submit: true },
  });
  if (res.status !== 201) throw new Error(`apply: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { application: { id: string } }).application.id;
}

/** The enterprise grants `granteeId` a loan_application consent on every-day reads; returns its id. */
export async function consentTo(platform: TestPlatform, enterpriseToken: string, granteeId: string): Promise<string> {
  const res = await platform.api('/api/v1/consents', {
    token: enterpriseToken,
    body: {
      granteeInstitutionId: granteeId,
      scopes: ['register'],
      purpose: 'loan_application',
      validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
      fetchType: 'PERIODIC',
      frequency: { unit: 'DAY', value: 50 },
    },
  });
  if (res.status !== 201) throw new Error(`grant: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}

/** A bank's published product id (the demo seeds one per connected bank). */
export async function publishedProductOf(platform: TestPlatform, bankCode: string): Promise<string> {
  const row = (await platform.database
    .knex('loan_products as p')
    .join('institutions as i', 'i.id', 'p.bank_id')
    .where({ 'i.code': bankCode, 'p.status': 'published' })
    .first('p.id')) as { id: string } | undefined;
  if (!row) throw new Error(`no published product of ${bankCode}`);
  return row.id;
}

/** A financing demand the enterprise posts; returns its id. */
export async function postedDemand(platform: TestPlatform, enterpriseToken: string): Promise<string> {
  const res = await platform.api('/api/v1/financing-demands', { token: enterpriseToken, body: { amount: '500000', termMonths: 12, purpose: '流动资金周转' } });
  if (res.status !== 201) throw new Error(`demand: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { id: string }).id;
}
