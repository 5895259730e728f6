import { beforeEach, describe, expect, it } from 'vitest';
import type { BankEvent } from '../../../bank-adapters/port.js';
import type { Db } from '../../db/database.js';
import { fakeTransactionRunner } from '../../db/transaction.js';
import { FakeClock } from '../../platform/clock.js';
import type { OutboxStore } from '../../platform/outbox/outbox-store.js';
import type { Principal } from '../../platform/roles.js';
import { BankAccess } from './bank-access.js';
import { LoanApplicationService } from './application-service.js';
import { ApplicationStateMachine } from './application-state-machine.js';
import type { BankDirectory } from '../bank-directory.js';
import { FakeApplicationStore, FakeCaseFileStore, FakeConsentPort, FakeGuaranteePort, FakeOutbox } from './fake-lending-stores.js';
import { Sm4FieldCipher } from '../../platform/national-crypto.js';
import { DomainError } from '../../platform/errors.js';
import type { LoanProduct } from '../products/loan-product.js';
import type { ProductStore } from '../products/product-store.js';

const BANK = { id: 'bank-1', code: 'CCB_HS', name: '建行' };
const product = {
  id: 'product-1',
  bankId: BANK.id,
  name: '云税贷',
  status: 'published',
  minAmount: '10000.00',
  maxAmount: '1000000.00',
  minTermMonths: 1,
  maxTermMonths: 36,
  minRate: '3.4500',
  maxRate: '4.8000',
} as LoanProduct;
const sme: Principal = { userId: 'user-1', role: 'enterprise', institutionId: null, enterpriseId: 'ent-1' };

let store: FakeApplicationStore;
let outbox: FakeOutbox;
let consents: FakeConsentPort;
let caseFiles: FakeCaseFileStore;
let guarantees: FakeGuaranteePort;
let clock: FakeClock;
let connected: boolean;
let machine: ApplicationStateMachine;
let service: LoanApplicationService;

beforeEach(() => {
  clock = new FakeClock();
  store = new FakeApplicationStore(clock);
  outbox = new FakeOutbox();
  consents = new FakeConsentPort();
  caseFiles = new FakeCaseFileStore();
  guarantees = new FakeGuaranteePort();
  connected = true;
  const banks: BankDirectory = { findById: async () => BANK, findByCode: async () => BANK, hasAdapter: async () => connected };
  const products = { findById: async (_tx: unknown, id: string) => ({ ...product, id }) } as unknown as ProductStore;
  const enterprises = {
    summary: async () => ({ uscc: '91420200MA0000000X', name: '测试企业' }),
    summaries: async (_tx: unknown, ids: readonly string[]) => new Map(ids.map((id) => [id, { uscc: '91420200MA0000000X', name: '测试企业' }])),
  };
  machine = new ApplicationStateMachine({
    db: {} as Db,
    applications: store,
    products,
    outbox: outbox as unknown as OutboxStore,
    consents,
    guarantees,
    banks,
    enterprises,
    clock,
    consentValidityDays: 30,
  });
  service = new LoanApplicationService({
    db: {} as Db,
    transaction: fakeTransactionRunner,
    applications: store,
    products,
    machine,
    consents,
    enterprises,
    access: new BankAccess({ applications: store, institutions: { ancestorIds: async () => [] }, assignmentOf: async () => undefined }),
    caseFiles,
    cipher: new Sm4FieldCipher(Buffer.alloc(16, 7)),
    clock,
    expireDays: 30,
  });
});

const applyOne = (productId = product.id) => service.apply(sme, { productId, amount: '500000', termMonths: 12, purpose: '周转', submit: true });
const bankEvent = (applicationId: string, e: Partial<BankEvent> & Pick<BankEvent, 'type' | 'eventId'>): BankEvent => ({
  applicationId,
  occurredAt: clock.now(),
  ...e,
});
const applyEvent = (id: string, e: Partial<BankEvent> & Pick<BankEvent, 'type' | 'eventId'>) =>
  machine.applyBankReport({} as Db, { applicationId: id, bankId: BANK.id }, bankEvent(id, e), { type: 'bank_system', id: BANK.code });

describe('LoanApplicationService', () => {
  it('submitting grants the bank access and enqueues the submission under a stable key', async () => {
    const { application } = await applyOne();
    expect(application).toMatchObject({ status: 'SUBMITTED', consentGrantId: 'grant-1', firstLoan: true });
    expect(consents.grants).toEqual([{ enterpriseId: 'ent-1', bankId: BANK.id, applicationId: application.id, terms: { scopes: ['credit_lists', 'judicial', 'register', 'social_security', 'tax'], fetchType: 'ONETIME', validDays: 30 }, grantedBy: expect.any(String) }]);
    expect(outbox.messages).toEqual([
      expect.objectContaining({ channel: 'bank_adapter', target: 'CCB_HS', messageKey: `loan-application:${application.id}:submit` }),
    ]);
  });

  it('sends nothing to a bank without an adapter', async () => {
    connected = false;
    await applyOne();
    expect(outbox.messages).toEqual([]);
  });

  it('walks an early disbursement through every step, then fills late approval terms without moving back', async () => {
    const { application } = await applyOne();
    const entry = { reference: 'T1', amount: '300000', occurredOn: '2026-11-25' };
    expect(await applyEvent(application.id, { eventId: 'e3', type: 'disbursed', entry })).toMatchObject({ result: 'applied', status: 'DISBURSED' });
    expect(await applyEvent(application.id, { eventId: 'e1', type: 'accepted' })).toEqual({ result: 'stale', status: 'DISBURSED' });
    const approval = { amount: '300000', rate: '3.85', termMonths: 12 };
    expect(await applyEvent(application.id, { eventId: 'e2', type: 'approved', approval })).toEqual({ result: 'recorded', status: 'DISBURSED' });
    expect(await applyEvent(application.id, { eventId: 'e3-again', type: 'disbursed', entry })).toEqual({ result: 'stale', status: 'DISBURSED' });
    expect(await applyEvent(application.id, { eventId: 'e4', type: 'rejected', rejection: { reason: 'FRAUD', description: '' } })).toEqual({
      result: 'stale',
      status: 'DISBURSED',
    });

    const row = store.rows.get(application.id)!;
    expect(row).toMatchObject({ status: 'DISBURSED', disbursedAmount: '300000.00', approvedAmount: '300000', approvedRate: '3.85', rejectionReason: null });
    expect(store.events.filter((e) => e.applicationId === application.id).map((e) => `${e.fromStatus}>${e.toStatus}`)).toEqual([
      'null>DRAFT',
      'DRAFT>SUBMITTED',
      'SUBMITTED>ACCEPTED',
      'ACCEPTED>UNDER_REVIEW',
      'UNDER_REVIEW>APPROVED',
      'APPROVED>CONTRACTED',
      'CONTRACTED>DISBURSED',
      'DISBURSED>DISBURSED',
    ]);
  });

  it('refuses an officer action the table does not allow, and a stale version', async () => {
    const { application } = await applyOne();
    const officer: Principal = { userId: 'officer-1', role: 'bank_officer', institutionId: BANK.id, enterpriseId: null };
    // Said in words: the status and the move by their labels, never their codes.
    await expect(service.decide(officer, application.id, { decision: 'approve', approval: { amount: '1', rate: '1', termMonths: 1 } })).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      message: '申请当前为“已提交”，不能转为“已审批通过”',
    });
    await expect(service.accept(officer, application.id, application.version - 1)).rejects.toMatchObject({ code: 'APPLICATION_MODIFIED' });
    expect((await service.accept(officer, application.id, application.version)).application.status).toBe('ACCEPTED');
  });

  it('withdrawing a draft tells the bank nothing; withdrawing a submission sends one cancel', async () => {
    const draft = (await service.apply(sme, { productId: 'product-2', amount: '20000', termMonths: 6, purpose: '备货', submit: false })).application;
    expect((await service.withdraw(sme, draft.id, '不需要了')).application.status).toBe('WITHDRAWN');
    expect(outbox.messages).toEqual([]);

    const submitted = (await applyOne()).application;
    await service.withdraw(sme, submitted.id, '资金已到位');
    expect(outbox.messages.map((m) => m.messageKey)).toEqual([`loan-application:${submitted.id}:submit`, `loan-application:${submitted.id}:cancel`]);
  });

  it('refuses a second open application to one product, naming the first; a withdrawn one no longer counts', async () => {
    const first = (await applyOne()).application;
    const refused = await applyOne().catch((e: unknown) => e);
    expect(refused).toMatchObject({ kind: 'conflict', code: 'APPLICATION_ALREADY_OPEN', errors: [{ field: 'productId' }], extensions: { existingId: first.id } });
    expect((refused as DomainError).message).toContain('已提交');
    await service.withdraw(sme, first.id, '重新申请');
    expect((await applyOne()).application.id).not.toBe(first.id);
  });

  it('expires untouched drafts and submissions, not applications a bank took', async () => {
    const taken = (await applyOne()).application;
    await applyEvent(taken.id, { eventId: 'a1', type: 'accepted' });
    const draft = (await service.apply(sme, { productId: 'product-2', amount: '20000', termMonths: 6, purpose: '备货', submit: false })).application;
    clock.advance(31 * 86_400_000);
    expect(await service.expireUntouched()).toBe(1);
    expect(store.rows.get(draft.id)!.status).toBe('EXPIRED');
    expect(store.rows.get(taken.id)!.status).toBe('ACCEPTED');
  });
});

describe('consent terms and the case file', () => {
  const officer: Principal = { userId: 'officer-1', role: 'bank_officer', institutionId: BANK.id, enterpriseId: null };

  it('grants exactly the chosen terms, and refuses scopes below the required ones naming the field', async () => {
    const consent = { scopes: ['register', 'judicial', 'credit_lists'] as const, fetchType: 'ONETIME' as const, validDays: 14 };
    await service.apply(sme, { productId: product.id, amount: '500000', termMonths: 12, purpose: '周转', submit: true, consent: { ...consent, scopes: [...consent.scopes] } });
    expect(consents.grants[0]!.terms).toEqual({ scopes: ['credit_lists', 'judicial', 'register'], fetchType: 'ONETIME', validDays: 14 });
    const refused = await service
      .apply(sme, { productId: product.id, amount: '500000', termMonths: 12, purpose: '周转', submit: true, consent: { ...consent, scopes: ['register'] } })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainError);
    expect((refused as DomainError).errors[0]).toMatchObject({ field: 'consent.scopes', code: 'CONSENT_SCOPE_REQUIRED' });
    expect(consents.grants).toHaveLength(1);
  });

  it('keeps a ONETIME read in the case file and returns it on the next call without reading again', async () => {
    const consent = { scopes: ['register', 'judicial', 'credit_lists'], fetchType: 'ONETIME' as const, validDays: 14 };
    const { application } = await service.apply(sme, { productId: product.id, amount: '500000', termMonths: 12, purpose: '周转', submit: true, consent: consent as never });
    let reads = 0;
    const read = consents.readProfileForApplication.bind(consents);
    consents.readProfileForApplication = async (...args) => {
      reads += 1;
      if (reads > 1) throw new DomainError('forbidden', 'CONSENT_ALREADY_USED', 'spent');
      return read(...args);
    };
    const first = await service.profileForBank(officer, application.id, 'req-1');
    const second = await service.profileForBank(officer, application.id, 'req-2');
    expect(reads).toBe(1);
    expect(first.caseFile).toMatchObject({ reused: false });
    expect(second).toEqual({ ...first, caseFile: { keptAt: first.caseFile!.keptAt, reused: true } });
    const kept = caseFiles.entries.get(`${application.id}:${BANK.id}`)!;
    expect(kept.snapshotEnc).toMatch(/^sm4k:/);
    consents.ended.add(kept.grantId);
    await expect(service.profileForBank(officer, application.id, 'req-3')).rejects.toMatchObject({ code: 'CONSENT_REVOKED' });
    expect(consents.refused).toEqual([{ institutionId: BANK.id, enterpriseId: application.enterpriseId, requestId: 'req-3', code: 'CONSENT_REVOKED' }]);
  });
});

describe('guaranteed applications', () => {
  const GUARANTOR = 'guarantor-1';
  const approval = { amount: '400000', rate: '3.85', termMonths: 12 };
  const flow = (id: string) => store.events.filter((e) => e.applicationId === id).map((e) => `${e.fromStatus}>${e.toStatus}`);

  it('见保即贷: the guarantee company sees it first and names in the grant; the bank only after the guarantee', async () => {
    guarantees.routes.set(product.id, { route: 'guarantee_first', companyId: GUARANTOR });
    const { application } = await applyOne();
    expect(application.status).toBe('GUARANTEE_REVIEW');
    expect(consents.grants.map((g) => g.bankId)).toEqual([BANK.id, GUARANTOR]);
    expect(outbox.messages).toEqual([]);
    const row = store.rows.get(application.id)!;
    await expect(applyEvent(application.id, { eventId: 'early', type: 'accepted' })).resolves.toMatchObject({ status: 'GUARANTEE_REVIEW' });
    await machine.decideGuarantee({} as Db, row, 'grant', { type: 'guarantee_officer', id: 'g-officer' }, null);
    expect(store.rows.get(application.id)!.status).toBe('SUBMITTED');
    expect(outbox.messages.map((m) => m.messageKey)).toEqual([`loan-application:${application.id}:submit`]);
    await expect(machine.decideGuarantee({} as Db, store.rows.get(application.id)!, 'grant', { type: 'guarantee_officer', id: 'g-officer' }, null)).rejects.toMatchObject({
      code: 'INVALID_TRANSITION',
      message: '申请当前为“已提交”，不能同意担保',
    });
    expect(flow(application.id)).toEqual(['null>DRAFT', 'DRAFT>GUARANTEE_REVIEW', 'GUARANTEE_REVIEW>SUBMITTED']);
  });

  it("keeps the guarantee company's ONETIME read in its own case file, apart from the bank's", async () => {
    guarantees.routes.set(product.id, { route: 'guarantee_first', companyId: GUARANTOR });
    const { application } = await applyOne();
    const spent: string[] = [];
    const read = consents.readProfileForApplication.bind(consents);
    consents.readProfileForApplication = async (db, r) => {
      if (spent.includes(r.grantId!)) throw new DomainError('forbidden', 'CONSENT_ALREADY_USED', 'spent');
      spent.push(r.grantId!);
      return read(db, r);
    };
    const guarantor: Principal = { userId: 'g-officer', role: 'guarantee_officer', institutionId: GUARANTOR, enterpriseId: null };
    const first = await service.profileForInstitution(guarantor, GUARANTOR, application.id, 'req-1');
    const second = await service.profileForInstitution(guarantor, GUARANTOR, application.id, 'req-2');
    expect(first.caseFile).toMatchObject({ reused: false });
    expect(second).toEqual({ ...first, caseFile: { keptAt: first.caseFile!.keptAt, reused: true } });
    expect(caseFiles.entries.get(`${application.id}:${GUARANTOR}`)).toMatchObject({ grantId: 'grant-2' });

    // The bank, once sent the application, reads under its own grant into its own case file.
    await machine.decideGuarantee({} as Db, store.rows.get(application.id)!, 'grant', { type: 'guarantee_officer', id: 'g-officer' }, null);
    const officer: Principal = { userId: 'officer-1', role: 'bank_officer', institutionId: BANK.id, enterpriseId: null };
    expect((await service.profileForBank(officer, application.id, 'req-3')).caseFile).toMatchObject({ reused: false });
    expect(spent).toEqual(['grant-2', 'grant-1']);
    consents.ended.add('grant-2');
    await expect(service.profileForInstitution(guarantor, GUARANTOR, application.id, 'req-4')).rejects.toMatchObject({ code: 'CONSENT_REVOKED' });
    expect((await service.profileForBank(officer, application.id, 'req-5')).caseFile).toMatchObject({ reused: true });
    expect(consents.refused).toEqual([{ institutionId: GUARANTOR, enterpriseId: application.enterpriseId, requestId: 'req-4', code: 'CONSENT_REVOKED' }]);
  });

  it('refuses a guarantee company the application named no grant to, and keeps the refusal', async () => {
    const { application } = await applyOne();
    const stranger: Principal = { userId: 'g-officer', role: 'guarantee_officer', institutionId: GUARANTOR, enterpriseId: null };
    await expect(service.profileForInstitution(stranger, GUARANTOR, application.id, 'req-1')).rejects.toMatchObject({ code: 'CONSENT_NOT_FOUND' });
    expect(consents.refused).toEqual([{ institutionId: GUARANTOR, enterpriseId: application.enterpriseId, requestId: 'req-1', code: 'CONSENT_NOT_FOUND' }]);
  });

  it('见保即贷 withdrawn while the guarantee company decides: the bank, never sent it, is told nothing', async () => {
    guarantees.routes.set(product.id, { route: 'guarantee_first', companyId: GUARANTOR });
    const { application } = await applyOne();
    expect(application.status).toBe('GUARANTEE_REVIEW');
    expect((await service.withdraw(sme, application.id, '资金已落实')).application.status).toBe('WITHDRAWN');
    expect(outbox.messages).toEqual([]);
  });

  it('refuses a firm the guarantee product does not take, with its reasons, and keeps nothing', async () => {
    guarantees.routes.set(product.id, { route: 'guarantee_first', companyId: GUARANTOR });
    guarantees.ineligible = ['企业不在高新技术企业名单内'];
    await expect(applyOne()).rejects.toMatchObject({ code: 'GUARANTEE_NOT_ELIGIBLE', errors: [{ field: 'productId', message: '企业不在高新技术企业名单内' }] });
    expect(consents.grants).toEqual([]);
  });

  it('见贷即保: the bank approves and the guarantee follows automatically, or declines with its reason', async () => {
    guarantees.routes.set(product.id, { route: 'loan_first', companyId: GUARANTOR });
    const granted = (await applyOne()).application;
    expect(granted.status).toBe('SUBMITTED');
    expect(await applyEvent(granted.id, { eventId: 'g1', type: 'approved', approval })).toMatchObject({ result: 'applied', status: 'APPROVED' });
    expect(flow(granted.id).slice(-2)).toEqual(['UNDER_REVIEW>APPROVED', 'APPROVED>APPROVED']);
    expect(store.events.at(-1)).toMatchObject({ action: 'confirm_guarantee', actorType: 'guarantee_system' });

    // The approved one is still open: the next application is to another product of the same kind.
    guarantees.routes.set('product-2', { route: 'loan_first', companyId: GUARANTOR });
    guarantees.automatic = { granted: false, reason: '担保机构批量额度不足' };
    const declined = (await applyOne('product-2')).application;
    expect(await applyEvent(declined.id, { eventId: 'd1', type: 'approved', approval })).toMatchObject({ status: 'GUARANTEE_DECLINED' });
    expect(store.rows.get(declined.id)).toMatchObject({ status: 'GUARANTEE_DECLINED' });
    expect(store.events.at(-1)).toMatchObject({ action: 'decline_guarantee', reason: '担保机构批量额度不足' });
    // A bank that reports a disbursement anyway changes nothing.
    expect(await applyEvent(declined.id, { eventId: 'd2', type: 'contracted' })).toMatchObject({ status: 'GUARANTEE_DECLINED' });
  });

  it('见贷即保: in whatever order the bank reports, the guarantee is decided once, at the approval, and the loan ends where it would in order', async () => {
    guarantees.routes.set(product.id, { route: 'loan_first', companyId: GUARANTOR });
    const entry = { reference: 'T1', amount: '400000', occurredOn: '2026-11-25' };
    const script: (Partial<BankEvent> & Pick<BankEvent, 'type'>)[] = [
      { type: 'accepted' },
      { type: 'under_review' },
      { type: 'approved', approval },
      { type: 'contracted' },
      { type: 'disbursed', entry },
    ];
    const orders = permutations(script.map((_, i) => i));
    expect(orders).toHaveLength(120);
    for (const granted of [true, false]) {
      guarantees.automatic = granted ? { granted: true, reason: null } : { granted: false, reason: '担保机构批量额度不足' };
      for (const order of orders) {
        const { application } = await applyOne();
        for (const i of order) await applyEvent(application.id, { eventId: `${application.id}-${i}`, ...script[i]! });
        const events = store.events.filter((e) => e.applicationId === application.id);
        const decisions = events.filter((e) => e.action === 'confirm_guarantee' || e.action === 'decline_guarantee');
        const at = order.map((i) => script[i]!.type).join(',');
        expect(decisions.map((e) => `${e.action}:${e.fromStatus}`), at).toEqual([granted ? 'confirm_guarantee:APPROVED' : 'decline_guarantee:APPROVED']);
        // One unbroken chain of statuses: each event starts where the one before ended.
        expect(events.slice(1).every((e, k) => e.fromStatus === events[k]!.toStatus), at).toBe(true);
        const row = store.rows.get(application.id)!;
        if (granted) expect(row, at).toMatchObject({ status: 'DISBURSED', disbursedAmount: '400000.00', approvedAmount: '400000' });
        else expect(events.some((e) => e.toStatus === 'CONTRACTED' || e.toStatus === 'DISBURSED'), at).toBe(false);
        if (!granted) expect(row.status, at).toBe('GUARANTEE_DECLINED');
        // The guarantee covers the loan the bank made, whichever report told its amount first.
        if (granted) expect(guarantees.guaranteed.get(application.id), at).toBe('400000.00');
      }
    }
  });

  it('见贷即保: approval terms carried by a later report than the one that implied the approval set the guarantee right', async () => {
    guarantees.routes.set(product.id, { route: 'loan_first', companyId: GUARANTOR });
    const { application } = await applyOne();
    await applyEvent(application.id, { eventId: 't1', type: 'contracted' });
    expect(guarantees.guaranteed.get(application.id)).toBe('500000.00');
    const entry = { reference: 'T1', amount: '400000', occurredOn: '2026-11-25' };
    expect(await applyEvent(application.id, { eventId: 't2', type: 'disbursed', entry, approval })).toMatchObject({ result: 'applied', status: 'DISBURSED' });
    expect(guarantees.guaranteed.get(application.id)).toBe('400000.00');
    expect(store.events.at(-1)).toMatchObject({ fromStatus: 'DISBURSED', toStatus: 'DISBURSED', action: 'record', actorType: 'guarantee_system' });
  });

  it('见贷即保: a contract callback that overtook the approval still has the guarantee decided at the approval', async () => {
    guarantees.routes.set(product.id, { route: 'loan_first', companyId: GUARANTOR });
    const granted = (await applyOne()).application;
    expect(await applyEvent(granted.id, { eventId: 'c1', type: 'contracted' })).toMatchObject({ result: 'applied', status: 'CONTRACTED' });
    expect(flow(granted.id).slice(-3)).toEqual(['UNDER_REVIEW>APPROVED', 'APPROVED>APPROVED', 'APPROVED>CONTRACTED']);
    expect(store.events.filter((e) => e.applicationId === granted.id).map((e) => e.action).slice(-2)).toEqual(['confirm_guarantee', 'contract']);
    // The approval arriving after is late: its terms are filled in and the guarantee, decided on
    // the amount applied for, follows the amount approved.
    expect(guarantees.guaranteed.get(granted.id)).toBe('500000.00');
    expect(await applyEvent(granted.id, { eventId: 'c2', type: 'approved', approval })).toMatchObject({ status: 'CONTRACTED' });
    expect(guarantees.guaranteed.get(granted.id)).toBe('400000.00');
    expect(store.events.filter((e) => e.applicationId === granted.id).slice(-2)).toMatchObject([
      { action: 'record', actorType: 'bank_system', details: { approval } },
      { action: 'record', actorType: 'guarantee_system', actorId: GUARANTOR, reason: '担保金额由 500000.00 调整为 400000.00', details: { guarantee: { from: '500000.00', to: '400000.00' } } },
    ]);

    guarantees.automatic = { granted: false, reason: '担保机构批量额度不足' };
    const declined = (await applyOne()).application;
    expect(await applyEvent(declined.id, { eventId: 'c3', type: 'contracted', note: '已签约' })).toMatchObject({ status: 'GUARANTEE_DECLINED' });
    expect(store.rows.get(declined.id)).toMatchObject({ status: 'GUARANTEE_DECLINED' });
    expect(flow(declined.id).slice(-3)).toEqual(['UNDER_REVIEW>APPROVED', 'APPROVED>GUARANTEE_DECLINED', 'GUARANTEE_DECLINED>GUARANTEE_DECLINED']);
    // What the report said is kept, as a late report's, on the status it could not leave.
    expect(store.events.at(-1)).toMatchObject({ action: 'record', details: { bankEventId: 'c3', note: '已签约' } });
  });
});

/** Every order of `items`. */
function permutations<T>(items: readonly T[]): T[][] {
  if (items.length <= 1) return [[...items]];
  return items.flatMap((item, i) => permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]));
}
