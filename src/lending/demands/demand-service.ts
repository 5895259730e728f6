import type { Db } from '../../db/database.js';
import type { TransactionRunner } from '../../db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import { conflict, forbidden, notFound, unprocessable } from '../../platform/errors.js';
import { keysetPage, unknownCursor } from '../../platform/keyset-page.js';
import { yuanText } from '../../platform/money.js';
import type { Principal } from '../../platform/roles.js';
import type { ConsentTerms } from '../consent-terms.js';
import type { ApplicationDetail, LoanApplicationService } from '../applications/application-service.js';
import type { DemandStore } from './demand-store.js';
import type { FinancingDemand } from './financing-demand.js';

export interface DemandServiceDeps {
  db: Db;
  transaction: TransactionRunner;
  demands: DemandStore;
  applications: LoanApplicationService;
  clock: Clock;
}

/** 融资需求 and 抢单: SMEs post demands; eligible banks see them; the first acceptance wins. */
export class DemandService {
  constructor(private readonly deps: DemandServiceDeps) {}

  /**
   * The terms (`consent`, checked now) are what the bank that takes the demand will be granted. An
   * enterprise has one open demand at a time (0044): a second is refused naming the first.
   */
  async post(enterprise: Principal, input: { amount: string; termMonths: number; purpose: string; consent?: ConsentTerms }): Promise<FinancingDemand> {
    const { consent, ...demand } = input;
    const enterpriseId = enterpriseOf(enterprise);
    const consentTerms = this.deps.applications.termsOf(consent);
    const posted = await this.deps.demands.insert(this.deps.db, { enterpriseId, ...demand, consentTerms });
    if (posted) return posted;
    const existing = await this.deps.demands.findOpen(this.deps.db, enterpriseId);
    if (!existing) throw conflict('DEMAND_MODIFIED', '融资需求刚被更新，请刷新后重试');
    const message = `已有一笔${yuanText(existing.amount)}、${existing.termMonths}个月的融资需求在等待银行接单，请先撤回再发布新的需求`;
    throw conflict('DEMAND_ALREADY_OPEN', message, [], { existingId: existing.id });
  }

  listMine(enterprise: Principal): Promise<FinancingDemand[]> {
    return this.deps.demands.listByEnterprise(this.deps.db, enterpriseOf(enterprise));
  }

  async withdraw(enterprise: Principal, id: string): Promise<FinancingDemand> {
    const enterpriseId = enterpriseOf(enterprise);
    const demand = await this.deps.demands.findById(this.deps.db, id);
    if (!demand || demand.enterpriseId !== enterpriseId) throw notFound('DEMAND_NOT_FOUND', '融资需求不存在');
    if (!(await this.deps.demands.withdraw(this.deps.db, id, enterpriseId))) {
      throw conflict('DEMAND_NOT_OPEN', '该融资需求不存在或已被银行接单');
    }
    return (await this.deps.demands.findById(this.deps.db, id))!;
  }

  /** One page of the 抢单大厅, oldest first; `nextAfter` names the last demand when more follow, else null. */
  async listOpenForBank(officer: Principal, page: { limit: number; after?: string }): Promise<{ items: FinancingDemand[]; nextAfter: string | null }> {
    const { db, demands } = this.deps;
    if (page.after !== undefined && !(await demands.findById(db, page.after))) throw unknownCursor('after', '需求', 'nextAfter');
    const { items, next } = keysetPage(await demands.listOpenForBank(db, bankOf(officer), { limit: page.limit + 1, after: page.after }), page.limit);
    return { items, nextAfter: next };
  }

  /**
   * 抢单: takes the demand (one conditional update — exactly one bank wins under concurrency)
   * and opens an application for it at the winning bank, accepted, in the same transaction. A
   * demand this bank took already is answered as its taking was (the same application): a bank's
   * system retrying after a lost answer was told 409 "taken by another bank" about its own win.
   */
  async accept(officer: Principal, id: string): Promise<{ demand: FinancingDemand; application: ApplicationDetail }> {
    const bankId = bankOf(officer);
    const { demands, applications, clock } = this.deps;
    const applicationId = await this.deps.transaction(async (tx) => {
      const demand = await demands.findById(tx, id);
      if (!demand) throw notFound('DEMAND_NOT_FOUND', '融资需求不存在');
      if (!(await demands.bankCovers(tx, bankId, demand.amount, demand.termMonths))) {
        throw unprocessable('DEMAND_NOT_ELIGIBLE', '本行没有覆盖该金额和期限的在售产品，不能接单');
      }
      const taken = await demands.take(tx, id, bankId, clock.now());
      if (!taken) {
        // Read again: the statement above waited for a concurrent taker to commit, and this one sees it.
        const current = await demands.findById(tx, id);
        if (current?.status === 'accepted' && current.acceptedByBankId === bankId && current.applicationId) return current.applicationId;
        throw conflict('DEMAND_ALREADY_TAKEN', '该融资需求已被其他银行接单或已撤回');
      }
      const application = await applications.openFromDemand(tx, taken, officer);
      await demands.linkApplication(tx, id, application.id);
      return application.id;
    });
    const demand = (await demands.findById(this.deps.db, id))!;
    return { demand, application: await applications.detail(this.deps.db, applicationId) };
  }
}

function enterpriseOf(principal: Principal): string {
  if (!principal.enterpriseId) throw forbidden('ENTERPRISE_REQUIRED', '仅企业账号可操作');
  return principal.enterpriseId;
}

function bankOf(principal: Principal): string {
  if (!principal.institutionId) throw forbidden('BANK_REQUIRED', '仅银行账号可操作');
  return principal.institutionId;
}
