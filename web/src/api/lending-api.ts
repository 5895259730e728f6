import { api, unwrap } from './client';
import { OPEN_STATUSES } from '@server/lending/applications/application-status';
import type { Schemas } from './schemas';

export type LoanProduct = Schemas['LoanProduct'];
export type LoanApplication = Schemas['LoanApplication'];
export type ApplicationDetail = Schemas['LoanApplicationDetail'];
export type ApplicationStatus = Schemas['ApplicationStatus'];
export type FinancingDemand = Schemas['FinancingDemand'];
export type ConsentTerms = Schemas['ConsentTerms'];
export type ConsentTermsOffer = Schemas['ConsentTermsOffer'];

/** What the enterprise may choose for the bank's reads (数据授权范围, 期限, 频次) and the defaults. */
export function fetchConsentTermsOffer(): Promise<ConsentTermsOffer> {
  return unwrap(api.GET('/api/v1/loan-applications/consent-terms'));
}

export interface ProductFilter {
  guaranteeType?: Schemas['GuaranteeType'];
  zoneTag?: Schemas['ZoneTag'];
  amount?: string;
  termMonths?: number;
  status?: LoanProduct['status'];
}

/** 金融产品 (`/api/v1/loan-products`): an SME sees published ones with its match, a bank its own, the admin all. */
export async function listProducts(filter: ProductFilter = {}): Promise<LoanProduct[]> {
  return (await unwrap(api.GET('/api/v1/loan-products', { params: { query: filter } }))).items;
}

export function fetchProduct(id: string): Promise<LoanProduct> {
  return unwrap(api.GET('/api/v1/loan-products/{id}', { params: { path: { id } } }));
}

export function createProduct(body: Schemas['LoanProductInput']): Promise<LoanProduct> {
  return unwrap(api.POST('/api/v1/loan-products', { body }));
}

/** 修改产品: a draft or a returned product of the officer's bank; a returned one goes back to review. */
export function updateProduct(id: string, body: Schemas['LoanProductInput']): Promise<LoanProduct> {
  return unwrap(api.PUT('/api/v1/loan-products/{id}', { params: { path: { id } }, body }));
}

/** 退回修改: the admin sends a draft back to its bank with the reason. */
export function returnProduct(id: string, reason: string): Promise<LoanProduct> {
  return unwrap(api.POST('/api/v1/loan-products/{id}/return', { params: { path: { id } }, body: { reason } }));
}

/** 产品审核记录, oldest first (the admin and the product's own bank). */
export function listProductReviews(id: string): Promise<Schemas['LoanProductReview'][]> {
  return unwrap(api.GET('/api/v1/loan-products/{id}/reviews', { params: { path: { id } } })).then((r) => r.items);
}

/** 上架 of the revision on screen: one its bank edited since is refused (409 PRODUCT_CHANGED_SINCE_REVIEW). */
export function publishProduct(id: string, revision: number): Promise<LoanProduct> {
  return unwrap(api.POST('/api/v1/loan-products/{id}/publish', { params: { path: { id } }, body: { revision } }));
}

export function withdrawProduct(id: string): Promise<LoanProduct> {
  return unwrap(api.POST('/api/v1/loan-products/{id}/withdraw', { params: { path: { id } } }));
}

/**
 * 申请贷款: creates and submits the application (which authorises the bank to read the profile).
 * Calls with the same `idempotencyKey` and body create one application: a double click or a
 * retry after a lost response gets the first answer.
 */
export function applyForLoan(body: Schemas['LoanApplicationInput'], idempotencyKey: string): Promise<ApplicationDetail> {
  return unwrap(api.POST('/api/v1/loan-applications', { body, params: { header: { 'Idempotency-Key': idempotencyKey } } }));
}

/** A random key (crypto.randomUUID needs a secure context; plain-HTTP intranet deployments have none). */
export function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

export interface PageQuery {
  status?: ApplicationStatus;
  productId?: string;
  page?: number;
  pageSize?: number;
}

/** 我的申请. */
export function listMyApplications(query: Omit<PageQuery, 'productId'> = {}): Promise<Schemas['LoanApplicationPage']> {
  return unwrap(api.GET('/api/v1/loan-applications', { params: { query } }));
}

/** The enterprise's open application to a product, if it has one: a new one would be refused (one per product, decision 0044). */
export async function myOpenApplicationTo(productId: string): Promise<LoanApplication | null> {
  const page = await unwrap(api.GET('/api/v1/loan-applications', { params: { query: { productId, pageSize: 100 } } }));
  return page.items.find((a) => OPEN_STATUSES.includes(a.status)) ?? null;
}

export function fetchMyApplication(id: string): Promise<ApplicationDetail> {
  return unwrap(api.GET('/api/v1/loan-applications/{id}', { params: { path: { id } } }));
}

export function withdrawMyApplication(id: string, reason: string): Promise<ApplicationDetail> {
  return unwrap(api.POST('/api/v1/loan-applications/{id}/withdraw', { params: { path: { id } }, body: { reason } }));
}

/** 融资需求 of the SME. */
export async function listMyDemands(): Promise<FinancingDemand[]> {
  return (await unwrap(api.GET('/api/v1/financing-demands'))).items;
}

export function postDemand(body: Schemas['FinancingDemandInput']): Promise<FinancingDemand> {
  return unwrap(api.POST('/api/v1/financing-demands', { body }));
}

export function withdrawDemand(id: string): Promise<FinancingDemand> {
  return unwrap(api.POST('/api/v1/financing-demands/{id}/withdraw', { params: { path: { id } } }));
}

/** 贷款申请 of the officer's bank. */
export function listBankApplications(query: PageQuery = {}): Promise<Schemas['LoanApplicationPage']> {
  return unwrap(api.GET('/api/v1/bank/loan-applications', { params: { query } }));
}

export function fetchBankApplication(id: string): Promise<ApplicationDetail> {
  return unwrap(api.GET('/api/v1/bank/loan-applications/{id}', { params: { path: { id } } }));
}

/** 企业画像 through the consent gate (the read is checked against the grant and logged). */
export function fetchApplicantProfile(id: string): Promise<Record<string, unknown>> {
  return unwrap(api.GET('/api/v1/bank/loan-applications/{id}/profile', { params: { path: { id } } }));
}

/** The applicant's other applications on the platform: counts per status and of banks only. */
export function fetchOtherApplications(id: string) {
  return unwrap(api.GET('/api/v1/bank/loan-applications/{id}/other-applications', { params: { path: { id } } }));
}

export function acceptApplication(id: string, version: number): Promise<ApplicationDetail> {
  return unwrap(api.POST('/api/v1/bank/loan-applications/{id}/accept', { params: { path: { id } }, body: { version } }));
}

export function decideApplication(id: string, body: Schemas['DecisionInput']): Promise<ApplicationDetail> {
  return unwrap(api.POST('/api/v1/bank/loan-applications/{id}/decision', { params: { path: { id } }, body }));
}

export function recordDisbursement(id: string, body: Schemas['LedgerInput']): Promise<ApplicationDetail> {
  return unwrap(api.POST('/api/v1/bank/loan-applications/{id}/disbursements', { params: { path: { id } }, body }));
}

export function recordRepayment(id: string, body: Schemas['RepaymentInput']): Promise<ApplicationDetail> {
  return unwrap(api.POST('/api/v1/bank/loan-applications/{id}/repayments', { params: { path: { id } }, body }));
}

/** 融资需求大厅: open demands the officer's bank may take. */
export async function listOpenDemands(): Promise<FinancingDemand[]> {
  return (await unwrap(api.GET('/api/v1/bank/financing-demands'))).items;
}

/** 抢单: the first bank wins; a later one gets a 409 problem. */
export function acceptDemand(id: string): Promise<Schemas['DemandAcceptance']> {
  return unwrap(api.POST('/api/v1/bank/financing-demands/{id}/accept', { params: { path: { id } } }));
}

/** 银行服务时效 (financial office). */
export function fetchLendingSla(): Promise<Schemas['LendingSla']> {
  return unwrap(api.GET('/api/v1/oversight/lending-sla'));
}
