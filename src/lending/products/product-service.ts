import type { Db, DbOrTrx } from '../../db/database.js';
import type { Clock } from '../../platform/clock.js';
import { conflict, forbidden, notFound, unprocessable, type FieldError } from '../../platform/errors.js';
import type { Principal } from '../../platform/roles.js';
import { evaluateEligibility } from './eligibility.js';
import type { LoanProduct, ProductDraft, ProductFilter, ProductReview, ProductStatus, ProductWithMatch } from './loan-product.js';
import { compareDecimal, compareMoney } from '../../platform/money.js';
import type { ProductDecision, ProductDecisionObserver, ProfileIndicatorPort } from './ports.js';
import type { ProductReviewStore } from './product-review-store.js';
import type { ProductStore } from './product-store.js';

export interface ProductServiceDeps {
  db: Db;
  products: ProductStore;
  reviews: ProductReviewStore;
  indicators: ProfileIndicatorPort;
  observer: ProductDecisionObserver;
  clock: Clock;
}

function rangeErrors(d: ProductDraft): FieldError[] {
  const errors: FieldError[] = [];
  if (compareMoney(d.minAmount, d.maxAmount) > 0) {
    errors.push({ field: 'maxAmount', code: 'RANGE_INVERTED', message: '最高额度不能低于最低额度' });
  }
  if (d.minTermMonths > d.maxTermMonths) {
    errors.push({ field: 'maxTermMonths', code: 'RANGE_INVERTED', message: '最长期限不能短于最短期限' });
  }
  if (compareDecimal(d.minRate, d.maxRate) > 0) {
    errors.push({ field: 'maxRate', code: 'RANGE_INVERTED', message: '利率上限不能低于利率下限' });
  }
  return errors;
}

const STATUS_WORDS: Record<ProductStatus, string> = { draft: '待审核', published: '已上架', withdrawn: '已下架', returned: '已退回' };

/** The admin, or an officer of the product's own bank. */
const managedBy = (viewer: Principal | undefined, product: LoanProduct): boolean =>
  viewer?.role === 'admin' || (viewer?.role === 'bank_officer' && viewer.institutionId === product.bankId);

/** 金融产品: banks draft products, the admin publishes them, SMEs browse and see their match. */
export class ProductService {
  constructor(private readonly deps: ProductServiceDeps) {}

  private bankOf(officer: Principal): string {
    if (!officer.institutionId) throw notFound('BANK_NOT_FOUND', '当前账号未关联银行');
    return officer.institutionId;
  }

  /** `withTheWrite` runs in the draft's transaction with its id (an `Idempotency-Key` claim marked applied, 0060). */
  async createDraft(officer: Principal, draft: ProductDraft, withTheWrite?: (tx: DbOrTrx, productId: string) => Promise<void>): Promise<LoanProduct> {
    const errors = rangeErrors(draft);
    if (errors.length) throw unprocessable('PRODUCT_RANGES_INVALID', errors.map((e) => e.message).join('；'), errors);
    const bankId = this.bankOf(officer);
    return this.deps.db.transaction(async (tx) => {
      const product = await this.deps.products.insert(tx, bankId, draft);
      await withTheWrite?.(tx, product.id);
      return product;
    });
  }

  async updateDraft(officer: Principal, id: string, draft: ProductDraft): Promise<LoanProduct> {
    const errors = rangeErrors(draft);
    if (errors.length) throw unprocessable('PRODUCT_RANGES_INVALID', errors.map((e) => e.message).join('；'), errors);
    // Another bank's product, in any state, is not there for this editor: 404 before the state check.
    if ((await this.get(id)).bankId !== this.bankOf(officer)) throw notFound('PRODUCT_NOT_FOUND', '金融产品不存在');
    if (!(await this.deps.products.updateDraft(this.deps.db, id, this.bankOf(officer), draft))) {
      throw conflict('PRODUCT_NOT_EDITABLE', '只能修改本行草稿或已退回的产品');
    }
    return this.get(id);
  }

  /**
   * 上架 of the revision the admin reviewed: a product its bank edited since (a later revision) is
   * not published, so what goes live is what was checked (maker-checker).
   */
  async publish(admin: Principal, id: string, revision: number): Promise<LoanProduct> {
    await this.get(id);
    return this.decide(admin, id, { kind: 'published' }, async (tx, at) => {
      if (await this.deps.products.publish(tx, id, revision, at)) return;
      const now = await this.find(tx, id);
      if (now.status === 'published') throw conflict('PRODUCT_ALREADY_PUBLISHED', '该产品已上架');
      if (now.status === 'returned') throw conflict('PRODUCT_NOT_AWAITING_REVIEW', '该产品已退回，银行修改后才能上架', [], { productStatus: now.status });
      const message = `银行在审核期间修改了该产品（审核的是第 ${revision} 版，现为第 ${now.revision} 版），请查看最新内容后重新审核`;
      throw conflict('PRODUCT_CHANGED_SINCE_REVIEW', message, [{ field: 'revision', code: 'PRODUCT_CHANGED_SINCE_REVIEW', message }], { revision: now.revision });
    });
  }

  /** 退回修改: only a draft awaiting review; the conflict names the status the product is in. */
  async returnToBank(admin: Principal, id: string, reason: string): Promise<LoanProduct> {
    await this.get(id);
    return this.decide(admin, id, { kind: 'returned', reason }, async (tx, at) => {
      if (!(await this.deps.products.setStatus(tx, id, ['draft'], 'returned', at))) {
        const now = (await this.find(tx, id)).status;
        throw conflict('PRODUCT_NOT_AWAITING_REVIEW', `该产品${STATUS_WORDS[now]}，只能退回待审核的草稿`, [], { productStatus: now });
      }
    });
  }

  async withdraw(admin: Principal, id: string): Promise<LoanProduct> {
    await this.get(id);
    return this.decide(admin, id, { kind: 'withdrawn' }, async (tx, at) => {
      if (!(await this.deps.products.setStatus(tx, id, ['published'], 'withdrawn', at))) {
        throw conflict('PRODUCT_NOT_PUBLISHED', '该产品未上架');
      }
    });
  }

  /** An admin decision, its 产品审核记录 and the bank's notice of it, in one transaction. */
  private decide(admin: Principal, id: string, decision: ProductDecision, change: (tx: DbOrTrx, at: Date) => Promise<void>): Promise<LoanProduct> {
    return this.deps.db.transaction(async (tx) => {
      const at = this.deps.clock.now();
      await change(tx, at);
      await this.deps.reviews.record(tx, id, decision, admin.userId, at);
      const product = await this.find(tx, id);
      await this.deps.observer.onDecision(tx, product, decision, at);
      return product;
    });
  }

  get(id: string): Promise<LoanProduct> {
    return this.find(this.deps.db, id);
  }

  private async find(tx: DbOrTrx, id: string): Promise<LoanProduct> {
    const product = await this.deps.products.findById(tx, id);
    if (!product) throw notFound('PRODUCT_NOT_FOUND', '金融产品不存在');
    return product;
  }

  /**
   * The product as `viewer` may see it: a draft or returned product only by its bank and the admin; to anyone else
   * it is 404, as if it did not exist, before any state check. Published and withdrawn products
   * stay readable (applications refer to them).
   */
  async visibleTo(viewer: Principal | undefined, id: string): Promise<LoanProduct> {
    const product = await this.get(id);
    if ((product.status === 'draft' || product.status === 'returned') && !managedBy(viewer, product)) throw notFound('PRODUCT_NOT_FOUND', '金融产品不存在');
    return product;
  }

  /**
   * 产品审核记录, oldest first: for the admin and the product's own bank. Anyone else who may see
   * the product is refused (its returns are between the bank and the platform); one who may not
   * gets 404 as for the product.
   */
  async reviewsOf(viewer: Principal, id: string): Promise<ProductReview[]> {
    if (!managedBy(viewer, await this.visibleTo(viewer, id))) throw forbidden('PRODUCT_REVIEWS_FORBIDDEN', '只有产品所属银行和平台管理员可以查看审核记录');
    return this.deps.reviews.listFor(this.deps.db, id);
  }

  /**
   * Products a caller may see: the published catalogue for SMEs and the public (with the SME's
   * match when `enterpriseId` is given), a bank's own products in any state, everything for the admin.
   * The catalogue leaves out a suspended (已停用) bank's products: it may be given no new grant.
   */
  async browse(viewer: Principal | undefined, filter: ProductFilter): Promise<ProductWithMatch[]> {
    const { db, products, indicators } = this.deps;
    if (viewer?.role === 'admin') return products.list(db, filter);
    if (viewer?.role === 'bank_officer') return products.list(db, { ...filter, bankId: this.bankOf(viewer) });
    const published = await products.list(db, { ...filter, status: 'published', offered: true });
    if (viewer?.role !== 'enterprise' || !viewer.enterpriseId) return published;
    const profile = await indicators.indicatorsFor(db, viewer.enterpriseId);
    return published.map((p) => ({ ...p, match: evaluateEligibility(p.eligibility, profile) }));
  }
}
