import type { Db, DbOrTrx } from '../db/database.js';
import type { TransactionRunner } from '../db/transaction.js';
import type { LoanApplicationService } from '../lending/applications/application-service.js';
import { shanghaiDate } from '../platform/business-date.js';
import type { Clock } from '../platform/clock.js';
import { conflict, forbidden, notFound, unauthenticated, unprocessableField, validationError } from '../platform/errors.js';
import { findDuplicateKey, findJsonHazard } from '../platform/json-hazards.js';
import { hazardError } from '../http/json-guards.js';
import { sm3Hex } from '../platform/national-crypto.js';
import { parseInput } from '../http/validate.js';
import { verifyRegistryNotice } from './registry-notice-signing.js';
import { registryNoticeSchema } from './real-estate-schemas.js';
import type { Deliverer, NewOutboxMessage } from '../platform/outbox/outbox-message.js';
import type { Principal } from '../platform/roles.js';
import type { RealEstateMortgage } from './real-estate-mortgage.js';
import { MORTGAGE_WAYS, REGISTRY_NODES, type BusinessNotice, type MortgageRegistrationRequest, type MortgageWay, type RealEstateRegistryPort, type RegistryNotice } from './real-estate-registry.js';
import type { RealEstateStore } from './real-estate-store.js';

export const REGISTRY_CHANNEL = 'real_estate_registry';

/** Statuses in which the bank registers the mortgage: after approval, before the money goes out. */
const REGISTRABLE = ['APPROVED', 'CONTRACTED'];

export interface MortgageInput {
  mortgageWay: MortgageWay;
  evaluationValue: string;
  highestClaimAmount: string | null;
  termMonths: number;
  unitNo: string;
  location: string;
}

export interface RealEstateServiceDeps {
  db: Db;
  transaction: TransactionRunner;
  store: RealEstateStore;
  registry: RealEstateRegistryPort;
  /** The registry's SM2 public key: its notices over HTTP are signed with the matching key. */
  registryPublicKey: string;
  outbox: { enqueue(tx: DbOrTrx, message: NewOutboxMessage): Promise<void> };
  applications: Pick<LoanApplicationService, 'getForBank' | 'getForEnterprise'>;
  clock: Clock;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const rank = (status: RealEstateMortgage['status']): number => REGISTRY_NODES.indexOf(status as (typeof REGISTRY_NODES)[number]);

/**
 * 不动产抵押登记: the bank applies through the outbox (the registry may be down), the registry's
 * 受理 / 核定 / 登簿 notices move the registration on (each recorded once, never backwards), a
 * progress query fills in notices that never came, and a 查封 notice on a registered unit
 * raises an alert for the lending bank.
 */
export class RealEstateService {
  constructor(private readonly deps: RealEstateServiceDeps) {}

  async apply(officer: Principal, applicationId: string, input: MortgageInput): Promise<RealEstateMortgage> {
    const { application } = await this.deps.applications.getForBank(officer, applicationId);
    if (!REGISTRABLE.includes(application.status)) throw conflict('MORTGAGE_NOT_REGISTRABLE', '贷款审批通过后、放款前方可申请抵押登记');
    if (input.mortgageWay === 'maximum' && !input.highestClaimAmount) {
      throw unprocessableField('HIGHEST_CLAIM_REQUIRED', 'highestClaimAmount', '最高额抵押须填写最高债权额');
    }
    const creditAmount = application.approvedAmount ?? application.amount;
    await this.deps.transaction(async (tx) => {
      const id = await this.deps.store.insert(tx, {
        applicationId,
        bankId: application.bankId,
        ...input,
        highestClaimAmount: input.mortgageWay === 'maximum' ? input.highestClaimAmount : null,
        creditAmount,
        appliedBy: officer.userId,
      });
      if (!id) throw conflict('MORTGAGE_EXISTS', '该申请已提交抵押登记');
      const parties = await this.deps.store.parties(tx, applicationId);
      const request: MortgageRegistrationRequest = {
        reqUniqueNo: id,
        mortgageApplyId: id,
        mortgageApplyDate: shanghaiDate(this.deps.clock.now()),
        mortgageType: 'MORTGAGE_PERSONAL',
        mortgageWay: MORTGAGE_WAYS[input.mortgageWay].wire,
        mortgageReason: 'REASON_MOR',
        creditAmount,
        evaluationValue: input.evaluationValue,
        highestClaimAmount: input.mortgageWay === 'maximum' ? input.highestClaimAmount : null,
        mortgageTerm: input.termMonths,
        mortgagees: [{ name: parties.bankName }],
        mortgagors: [{ name: parties.enterpriseName, certificateNo: parties.uscc }],
        realEstates: [{ realEstateUnitId: input.unitNo, sit: input.location }],
      };
      await this.deps.outbox.enqueue(tx, { channel: REGISTRY_CHANNEL, target: 'real_estate_registry', topic: 'mortgage.apply', messageKey: `mortgage-apply:${id}`, payload: { ...request } });
    });
    return this.forBank(officer, applicationId);
  }

  /** Sends an application to the registry; the registry's own answer (受理 id or refusal) is kept. */
  deliverer(): Deliverer {
    return async (message) => {
      const request = message.payload as unknown as MortgageRegistrationRequest;
      const answer = await this.deps.registry.apply(request);
      await this.deps.store.accepted(this.deps.db, request.mortgageApplyId, answer.acceptStatus === '1' && answer.mortgageAcceptId ? { acceptId: answer.mortgageAcceptId } : { refusal: answer.acceptMessage });
    };
  }

  /**
   * A notice the registry posted over HTTP: the signature and its timestamp are checked, then a
   * notice id seen before is answered as before (the same body) or refused (another body).
   */
  async receiveSigned(headers: Record<string, string | undefined>, rawBody: string): Promise<{ noticeId: string; repeated: boolean }> {
    const now = this.deps.clock.now();
    const verified = verifyRegistryNotice(this.deps.registryPublicKey, headers, rawBody, now);
    if (!verified.ok) throw unauthenticated('REGISTRY_SIGNATURE_INVALID', verified.reason);
    const digest = sm3Hex(rawBody);
    const seen = await this.deps.store.receipt(this.deps.db, verified.id);
    if (seen !== undefined) {
      if (seen !== digest) throw unprocessableField('NOTICE_ID_REUSED', 'noticeId', '同一通知编号对应的内容不同');
      return { noticeId: verified.id, repeated: true };
    }
    let body: unknown;
    try {
      body = JSON.parse(rawBody);
    } catch {
      throw validationError('INVALID_JSON', '通知内容不是合法的 JSON', [{ field: '(body)', code: 'INVALID_JSON', message: '不是合法的 JSON' }]);
    }
    const hazard = findJsonHazard(body) ?? findDuplicateKey(rawBody);
    if (hazard) throw hazardError(hazard);
    // Notices are idempotent by themselves, so a notice recorded before its receipt is harmless to repeat.
    await this.receive(parseInput(registryNoticeSchema, body));
    await this.deps.store.addReceipt(this.deps.db, verified.id, digest, now);
    return { noticeId: verified.id, repeated: false };
  }

  /** A notice from the registry. Unknown applications and repeated notices change nothing. */
  async receive(notice: RegistryNotice): Promise<void> {
    if (notice.type === 'business') {
      if (UUID.test(notice.mortgageApplyId)) await this.record(notice.mortgageApplyId, notice, 'notice');
      return;
    }
    const now = this.deps.clock.now();
    await this.deps.transaction(async (tx) => {
      for (const id of await this.deps.store.registeredOnUnit(tx, notice.realEstateUnitId, notice.warrantId)) {
        await this.deps.store.addNotice(tx, id, { kind: 'sealed', warrantNo: notice.warrantId, via: 'notice', occurredAt: new Date(notice.completionTime), receivedAt: now });
        await this.deps.store.markSealed(tx, id, now);
      }
    });
  }

  /** Asks the registry where the application stands and records the nodes whose notices are missing. */
  async queryProgress(officer: Principal, applicationId: string): Promise<RealEstateMortgage> {
    const mortgage = await this.forBank(officer, applicationId);
    const answer = await this.deps.registry.progress(mortgage.id);
    for (const node of answer.nodes) await this.record(mortgage.id, node, 'progress_query');
    return this.forBank(officer, applicationId);
  }

  async forBank(officer: Principal, applicationId: string): Promise<RealEstateMortgage> {
    await this.deps.applications.getForBank(officer, applicationId);
    return this.found(applicationId);
  }

  /** The lending bank's view, or null while none has been applied for (the application itself must be the bank's). */
  async forBankIfAny(officer: Principal, applicationId: string): Promise<RealEstateMortgage | null> {
    await this.deps.applications.getForBank(officer, applicationId);
    return (await this.deps.store.find(this.deps.db, { applicationId })) ?? null;
  }

  /** The borrowing SME's view, or null while none has been applied for. */
  async forEnterpriseIfAny(sme: Principal, applicationId: string): Promise<RealEstateMortgage | null> {
    await this.deps.applications.getForEnterprise(sme, applicationId);
    return (await this.deps.store.find(this.deps.db, { applicationId })) ?? null;
  }

  /** 查封 alerts for the officer's bank. */
  alerts(officer: Principal): Promise<RealEstateMortgage[]> {
    if (!officer.institutionId) throw forbidden('NOT_A_BANK', '当前账号未关联银行');
    return this.deps.store.sealedForBank(this.deps.db, officer.institutionId);
  }

  private async found(applicationId: string): Promise<RealEstateMortgage> {
    const mortgage = await this.deps.store.find(this.deps.db, { applicationId });
    if (!mortgage) throw notFound('MORTGAGE_NOT_FOUND', '该申请尚未办理不动产抵押登记');
    return mortgage;
  }

  private async record(id: string, notice: BusinessNotice, via: 'notice' | 'progress_query'): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.transaction(async (tx) => {
      const mortgage = await this.deps.store.find(tx, { id }, { forUpdate: true });
      if (!mortgage || mortgage.status === 'refused') return;
      const added = await this.deps.store.addNotice(tx, id, { kind: notice.businessNodeCode, warrantNo: notice.warrantId, via, occurredAt: new Date(notice.completionTime), receivedAt: now });
      if (added && rank(notice.businessNodeCode) > rank(mortgage.status)) await this.deps.store.advance(tx, id, notice.businessNodeCode, notice.warrantId);
    });
  }
}
