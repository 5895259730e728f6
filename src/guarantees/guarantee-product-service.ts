import type { Db, DbOrTrx } from '../db/database.js';
import type { TransactionRunner } from '../db/transaction.js';
import type { ProductService } from '../lending/products/product-service.js';
import { shanghaiDate } from '../platform/business-date.js';
import type { Clock } from '../platform/clock.js';
import { conflict, forbidden, notFound, unprocessable, type FieldError } from '../platform/errors.js';
import { compareDecimal, compareMoney, fromFen, toFen, yuanText } from '../platform/money.js';
import type { Principal } from '../platform/roles.js';
import { guaranteeEligibility, type GuaranteeEligibility } from './guarantee-eligibility.js';
import type { TechListingService } from '../ingestion/records/tech-listings.js';
import type { GuaranteeCapacity, GuaranteeProduct, GuaranteeProductDraft } from './guarantee-product.js';
import type { GuaranteeProductStore } from './guarantee-product-store.js';
import { feeCapFor, singleFirmCapFor, templateErrors } from './risk-rules.js';
import type { RiskTemplate } from './risk-sharing.js';

export interface GuaranteeProductServiceDeps {
  db: Db;
  transaction: TransactionRunner;
  store: GuaranteeProductStore;
  loanProducts: Pick<ProductService, 'get'>;
  usccOf: (tx: DbOrTrx, enterpriseId: string) => Promise<string>;
  /** The 科技企业名单 category (ingestion): the lists a product's eligibility reads. */
  techListings: Pick<TechListingService, 'listings'>;
  clock: Clock;
}

/** The terms existing guarantees live by, with their names in the portal. */
const TERM_LABELS = { route: '担保模式', templateCode: '风险分担模板', guaranteedShareBp: '担保比例', feeRate: '担保费率', feeSubsidyRate: '保费补贴费率' } as const;
type Term = keyof typeof TERM_LABELS;

function changedTerms(current: GuaranteeProduct, draft: GuaranteeProductDraft): Term[] {
  const changed: Term[] = [];
  if (draft.route !== current.route) changed.push('route');
  if (draft.templateCode !== current.templateCode) changed.push('templateCode');
  if (draft.guaranteedShareBp !== current.guaranteedShareBp) changed.push('guaranteedShareBp');
  if (compareDecimal(draft.feeRate, current.feeRate) !== 0) changed.push('feeRate');
  if (compareDecimal(draft.feeSubsidyRate, current.feeSubsidyRate) !== 0) changed.push('feeSubsidyRate');
  return changed;
}

const fail = (code: string, errors: FieldError[]) => unprocessable(code, errors.map((e) => e.message).join('；'), errors);

/** Risk-sharing templates, guarantee products tied to bank products, batch capacity and eligibility. */
export class GuaranteeProductService {
  constructor(private readonly deps: GuaranteeProductServiceDeps) {}

  private companyOf(officer: Principal): string {
    if (!officer.institutionId) throw forbidden('NOT_A_GUARANTEE_COMPANY', '当前账号未关联担保机构');
    return officer.institutionId;
  }

  private today(): string {
    return shanghaiDate(this.deps.clock.now());
  }

  templates(): Promise<RiskTemplate[]> {
    return this.deps.store.templates(this.deps.db);
  }

  async template(code: string): Promise<RiskTemplate> {
    const template = await this.deps.store.template(this.deps.db, code);
    if (!template) throw notFound('RISK_TEMPLATE_NOT_FOUND', '风险分担模板不存在');
    return template;
  }

  /** A new template, checked on the whole loan (the 60号 bank floor applies where the national fund takes part). */
  async createTemplate(template: RiskTemplate): Promise<RiskTemplate> {
    const errors = templateErrors(template, 10_000);
    if (errors.length) throw fail('RISK_TEMPLATE_INVALID', errors);
    if (!(await this.deps.store.insertTemplate(this.deps.db, template))) throw conflict('RISK_TEMPLATE_EXISTS', '模板编号已存在');
    return this.template(template.code);
  }

  /**
   * A guarantee officer sees their company's products; the financial office and the admin the
   * whole catalogue; an enterprise and a bank only what may be applied for: none of a suspended
   * (已停用) company's or bank's, which may be given no new grant (0063).
   */
  products(viewer: Principal): Promise<GuaranteeProduct[]> {
    const companyId = viewer.role === 'guarantee_officer' ? this.companyOf(viewer) : undefined;
    const offered = viewer.role === 'enterprise' || viewer.role === 'bank_officer';
    return this.deps.store.products(this.deps.db, { companyId, offered });
  }

  async product(id: string, db: DbOrTrx = this.deps.db): Promise<GuaranteeProduct> {
    const product = await this.deps.store.product(db, id);
    if (!product) throw notFound('GUARANTEE_PRODUCT_NOT_FOUND', '担保产品不存在');
    return product;
  }

  /** The guarantee product of a bank loan product, if it has one. */
  async forLoanProduct(db: DbOrTrx, loanProductId: string): Promise<GuaranteeProduct | undefined> {
    return (await this.deps.store.products(db, { loanProductId }))[0];
  }

  async createProduct(officer: Principal, draft: GuaranteeProductDraft): Promise<GuaranteeProduct> {
    const companyId = this.companyOf(officer);
    const errors = await this.productErrors(draft);
    if (errors.length) throw fail('GUARANTEE_PRODUCT_INVALID', errors);
    const id = await this.deps.store.insertProduct(this.deps.db, companyId, draft);
    if (!id) throw conflict('GUARANTEE_PRODUCT_EXISTS', '该银行产品已关联担保产品');
    return this.product(id);
  }

  /**
   * New terms for one of the company's products, under the same 60号 checks as a new one; the bank
   * product it is tied to stays. The terms a guarantee lives by (route, template, guaranteed share,
   * fee and subsidy rates) are read from the product whenever it is decided, resized, compensated
   * or recovered, so they are fixed while any guarantee under it lives (decision 0046): 409 naming
   * each changed field. Eligibility and limits for new applications may change at any time.
   */
  async updateProduct(officer: Principal, id: string, draft: GuaranteeProductDraft): Promise<GuaranteeProduct> {
    const companyId = this.companyOf(officer);
    const current = await this.deps.store.product(this.deps.db, id);
    if (!current || current.companyId !== companyId) throw notFound('GUARANTEE_PRODUCT_NOT_FOUND', '担保产品不存在');
    // Checked before the transaction: PGlite has one connection, which the transaction holds.
    const errors = await this.productErrors({ ...draft, loanProductId: current.loanProductId });
    if (draft.loanProductId !== current.loanProductId) {
      errors.unshift({ field: 'loanProductId', code: 'LOAN_PRODUCT_FIXED', message: '担保产品关联的银行产品不能更改，请新建担保产品' });
    }
    if (errors.length) throw fail('GUARANTEE_PRODUCT_INVALID', errors);
    await this.deps.transaction(async (tx) => {
      await this.deps.store.lockProduct(tx, id, 'update');
      const locked = (await this.deps.store.product(tx, id))!;
      const changed = changedTerms(locked, draft);
      if (changed.length) {
        const live = await this.deps.store.liveGuarantees(tx, id);
        if (live > 0) {
          const message = `该产品下有 ${live} 笔担保按现有条款执行，${changed.map((f) => TERM_LABELS[f]).join('、')}不能修改；如需新条款，请新建担保产品`;
          throw conflict('GUARANTEE_TERMS_IN_USE', message, changed.map((field) => ({ field, code: 'GUARANTEE_TERMS_IN_USE', message: `已有担保按现有${TERM_LABELS[field]}执行，不能修改` })));
        }
      }
      await this.deps.store.updateProduct(tx, companyId, id, draft);
    });
    return this.product(id);
  }

  /** Holds the product's terms until `tx` ends, while a guarantee is opened on them (see `updateProduct`). */
  holdTerms(tx: DbOrTrx, productId: string): Promise<void> {
    return this.deps.store.lockProduct(tx, productId, 'share');
  }

  /** The 60号 checks and the route's rules, each as a field error. */
  private async productErrors(draft: GuaranteeProductDraft): Promise<FieldError[]> {
    const loanProduct = await this.deps.loanProducts.get(draft.loanProductId);
    const template = await this.deps.store.template(this.deps.db, draft.templateCode);
    const errors: FieldError[] = [];
    if (loanProduct.guaranteeType !== 'guarantee_company') {
      errors.push({ field: 'loanProductId', code: 'NOT_GUARANTEED_PRODUCT', message: '所选银行产品的担保方式不是担保公司担保' });
    }
    if (!template) errors.push({ field: 'templateCode', code: 'RISK_TEMPLATE_NOT_FOUND', message: '风险分担模板不存在' });
    else errors.push(...templateErrors(template, draft.guaranteedShareBp, draft.techTier ?? undefined).map((e) => ({ ...e, field: e.field === 'parties' ? 'templateCode' : e.field })));
    const today = this.today();
    const feeCap = feeCapFor('guarantee_fee', draft.singleFirmCap, today);
    if (feeCap && compareDecimal(draft.feeRate, feeCap.maxRatePct) > 0) {
      errors.push({ field: 'feeRate', code: 'FEE_ABOVE_CAP', message: `担保费率不得高于 ${feeCap.maxRatePct}%（${feeCap.source}）` });
    }
    if (compareDecimal(draft.feeSubsidyRate, draft.feeRate) > 0) {
      errors.push({ field: 'feeSubsidyRate', code: 'SUBSIDY_ABOVE_FEE', message: '保费补贴费率不能高于担保费率' });
    }
    const firmCap = singleFirmCapFor(draft.eligibleLists.length > 0, today);
    if (firmCap && compareMoney(draft.singleFirmCap, firmCap) > 0) {
      errors.push({ field: 'singleFirmCap', code: 'FIRM_CAP_ABOVE_POLICY', message: `单户在保上限不得高于 ${yuanText(firmCap)}` });
    }
    if (draft.route === 'loan_first' && draft.autoGrantMaxAmount === null) {
      errors.push({ field: 'autoGrantMaxAmount', code: 'AUTO_GRANT_LIMIT_MISSING', message: '见贷即保产品须设定自动担保的单笔上限' });
    }
    if (draft.route === 'guarantee_first' && draft.autoGrantMaxAmount !== null) {
      errors.push({ field: 'autoGrantMaxAmount', code: 'AUTO_GRANT_ON_GUARANTEE_FIRST', message: '见保即贷产品由担保机构逐笔审批，不设自动担保上限' });
    }
    return errors;
  }

  async capacity(db: DbOrTrx, companyId: string): Promise<GuaranteeCapacity> {
    const batchLimit = (await this.deps.store.batchLimit(db, companyId)) ?? '0.00';
    const used = await this.deps.store.inForce(db, { companyId });
    const left = toFen(batchLimit) - toFen(used);
    return { companyId, batchLimit: fromFen(toFen(batchLimit)), used: fromFen(toFen(used)), left: fromFen(left > 0n ? left : 0n) };
  }

  /** The guaranteed balance in force of a company (or of one firm with it): see the store's `inForce`. */
  inForce(db: DbOrTrx, by: { companyId: string; enterpriseId?: string }): Promise<string> {
    return this.deps.store.inForce(db, by);
  }

  ownCapacity(officer: Principal): Promise<GuaranteeCapacity> {
    return this.capacity(this.deps.db, this.companyOf(officer));
  }

  async setBatchLimit(officer: Principal, batchLimit: string): Promise<GuaranteeCapacity> {
    const companyId = this.companyOf(officer);
    await this.deps.store.setBatchLimit(this.deps.db, companyId, batchLimit, this.deps.clock.now());
    return this.capacity(this.deps.db, companyId);
  }

  /** Whether a firm may have this product's guarantee for a loan, with the reasons when not. */
  async eligibility(db: DbOrTrx, product: GuaranteeProduct, enterpriseId: string, amount: string, termMonths: number): Promise<GuaranteeEligibility> {
    const uscc = await this.deps.usccOf(db, enterpriseId);
    const asOf = this.today();
    const listings = await this.deps.techListings.listings(db, uscc, asOf);
    const firmOutstanding = await this.deps.store.inForce(db, { companyId: product.companyId, enterpriseId });
    return guaranteeEligibility(product, { listings, asOf, amount, termMonths, firmOutstanding });
  }

  async smeEligibility(sme: Principal, productId: string, amount: string, termMonths: number): Promise<GuaranteeEligibility> {
    if (!sme.enterpriseId) throw forbidden('NOT_AN_ENTERPRISE', '当前账号未关联企业');
    return this.eligibility(this.deps.db, await this.product(productId), sme.enterpriseId, amount, termMonths);
  }
}
