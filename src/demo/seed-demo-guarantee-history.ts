import { randomBytes, randomUUID } from 'node:crypto';
import { signedGrant } from '../consents/consent-artefact.js';
import { consentStore } from '../consents/consent-store.js';
import type { Db, DbOrTrx } from '../db/database.js';
import { compensationStore } from '../guarantees/compensation-store.js';
import { guaranteedAmount, smeGuaranteeFee } from '../guarantees/guarantee-eligibility.js';
import type { GuaranteeProduct } from '../guarantees/guarantee-product.js';
import { guaranteeProductStore } from '../guarantees/guarantee-product-store.js';
import { guaranteeStore } from '../guarantees/guarantee-store.js';
import { splitLoss, splitRecovery, type PartyAmount } from '../guarantees/risk-sharing.js';
import { applicationStore } from '../lending/applications/application-store.js';
import type { ApplicationAction, ApplicationStatus } from '../lending/applications/application-status.js';
import type { ActorType } from '../lending/applications/loan-application.js';
import { DEFAULT_REVIEW_SCOPES, DEFAULT_VALID_DAYS } from '../lending/consent-terms.js';
import { productStore } from '../lending/products/product-store.js';
import { shanghaiDate } from '../platform/business-date.js';
import { addDays } from '../platform/calendar-date.js';
import { fromFen, toFen } from '../platform/money.js';
import type { Sm2KeyPair } from '../platform/sm2.js';
import type { Services } from '../services.js';

/** How many months back the history starts. */
const MONTHS = 6;
const TECH_AMOUNTS = ['300000.00', '500000.00', '800000.00', '1200000.00', '2000000.00', '650000.00'];
const STARTUP_AMOUNTS = ['100000.00', '150000.00', '200000.00', '300000.00', '80000.00'];
const FIRMS = 6;

interface Step {
  date: string;
  from: ApplicationStatus | null;
  to: ApplicationStatus;
  action: ApplicationAction | 'create';
  actor: ActorType;
}

const at = (date: string) => new Date(`${date}T10:00:00+08:00`);
const monthsBack = (date: string, months: number, day: number) => {
  const [y, m] = date.split('-').map(Number) as [number, number];
  const index = y * 12 + (m - 1) - months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
};
const monthAfter = (date: string, months: number) => monthsBack(date, -months, Math.min(Number(date.slice(8)), 28));
const inYuan = (parts: readonly PartyAmount[]) => parts.map((p) => ({ role: p.role, label: p.label, amount: fromFen(p.fen) }));

/** Registers the firms the history lends to, through registration as a person would (the SMS code read from the simulator). */
async function registerFirms(knex: Db, services: Pick<Services, 'registration' | 'smsInbox'>, skipUscc: string): Promise<string[]> {
  const candidates = (await knex('market_entities as m')
    .leftJoin('enterprises as e', 'e.uscc', 'm.uscc')
    .whereNull('e.id')
    .where('m.entity_type', 'enterprise')
    .whereIn('m.status', ['existing', 'operating'])
    .whereNot('m.uscc', skipUscc)
    // Firms the demo delivered government data about first, so their profiles are not empty.
    .orderByRaw("exists (select 1 from credit_records r where r.uscc = m.uscc and r.category = 'register') desc, m.uscc desc")
    .limit(FIRMS)
    .select('m.uscc', 'm.name', 'm.legal_representative')) as { uscc: string; name: string; legal_representative: string }[];
  const ids: string[] = [];
  for (const [i, firm] of candidates.entries()) {
    const mobile = `1380000${2001 + i}`;
    await services.registration.sendMobileCode(mobile, null);
    const enterprise = await services.registration.register({
      uscc: firm.uscc,
      name: firm.name,
      legalRepresentative: firm.legal_representative,
      contactName: firm.legal_representative,
      contactMobile: mobile,
      // The history's firms are borrowers on record, not demo logins.
      password: `Hx#${randomBytes(12).toString('base64url')}`,
      mobileCode: (await services.smsInbox?.latestCodeTo(mobile)) ?? '',
    }, null);
    ids.push(enterprise.id);
  }
  return ids;
}

/**
 * A 贷款申请 authorisation a past application was made under, to its bank or to the guarantee
 * company of its product (submission grants both on the same terms), signed as the platform signs
 * one, given on the application's first day for the default period, and expired by `today` when
 * that period has ended (as the expiry job would have): the office's 授权 figures and the
 * application's record then tell the same story as its loan, and a recent one's case file is still
 * readable by either institution.
 */
async function pastLoanGrant(tx: DbOrTrx, keys: Sm2KeyPair, loan: { applicationId: string; enterpriseId: string; granteeId: string }, firstDay: string, today: string): Promise<string> {
  const { applicationId, enterpriseId, granteeId } = loan;
  const enterprise = (await tx('enterprises').where({ id: enterpriseId }).first('id', 'uscc', 'name')) as { id: string; uscc: string; name: string };
  const grantee = (await tx('institutions').where({ id: granteeId }).first('id', 'code', 'name', 'type')) as { id: string; code: string; name: string; type: 'bank' | 'guarantee_company' };
  const user = (await tx('users').where({ enterprise_id: enterpriseId }).first('id')) as { id: string };
  const id = randomUUID();
  const validFrom = at(firstDay);
  const validUntil = at(addDays(firstDay, DEFAULT_VALID_DAYS));
  await consentStore.insert(
    tx,
    signedGrant(
      {
        id, enterpriseId, enterpriseUscc: enterprise.uscc, granteeInstitutionId: grantee.id, scopes: [...DEFAULT_REVIEW_SCOPES].sort(), purpose: 'loan_application',
        applicationId, validFrom, validUntil, fetchType: 'ONETIME', frequency: null, createdBy: user.id, createdAt: validFrom,
      },
      { grantor: { enterpriseId, uscc: enterprise.uscc, name: enterprise.name }, grantee: { institutionId: grantee.id, code: grantee.code, name: grantee.name, type: grantee.type } },
      keys,
    ),
  );
  if (addDays(firstDay, DEFAULT_VALID_DAYS) > today) return id;
  await tx('consent_grants').where({ id }).update({ status: 'EXPIRED', ended_by_kind: 'system', ended_by: 'scheduler', ended_at: validUntil, end_reason: '授权有效期届满' });
  return id;
}

/**
 * One past guaranteed loan, written as the flow would have left it: the application and its
 * timeline, the guarantee granted, the ledger of a loan repaid in equal monthly principal (or
 * early in full at `prepaysAt`), and what followed up to `today`: 解保 when repaid, or a default with its 代偿 a month later and a
 * 追偿 recovery of 30 % the month after.
 */
async function seedLoan(
  tx: DbOrTrx,
  keys: Sm2KeyPair,
  loan: { product: GuaranteeProduct; bankId: string; enterpriseId: string; amount: string; termMonths: number; disbursedOn: string; prepaysAt: number | null; defaults: boolean; n: number; officerId: string },
  today: string,
): Promise<void> {
  const { product } = loan;
  const firstDay = addDays(loan.disbursedOn, -9);
  const guaranteeFirst = product.route === 'guarantee_first';
  // The day the bank receives the application (after the guarantee, on the guarantee-first route):
  // a bank of the demo accepts it the next day and decides two days later, within the SLA limits
  // the office watches (24 hours to accept, 120 to decide).
  const submitted = guaranteeFirst ? 2 : 0;
  const steps: Step[] = [
    { date: firstDay, from: null, to: 'DRAFT', action: 'create', actor: 'enterprise' },
    ...(guaranteeFirst
      ? ([
          { date: firstDay, from: 'DRAFT', to: 'GUARANTEE_REVIEW', action: 'submit_for_guarantee', actor: 'enterprise' },
          { date: addDays(firstDay, 2), from: 'GUARANTEE_REVIEW', to: 'SUBMITTED', action: 'grant_guarantee', actor: 'guarantee_officer' },
        ] as Step[])
      : ([{ date: firstDay, from: 'DRAFT', to: 'SUBMITTED', action: 'submit', actor: 'enterprise' }] as Step[])),
    { date: addDays(firstDay, submitted + 1), from: 'SUBMITTED', to: 'ACCEPTED', action: 'accept', actor: 'bank_system' },
    { date: addDays(firstDay, submitted + 1), from: 'ACCEPTED', to: 'UNDER_REVIEW', action: 'start_review', actor: 'bank_system' },
    { date: addDays(firstDay, submitted + 3), from: 'UNDER_REVIEW', to: 'APPROVED', action: 'approve', actor: 'bank_system' },
    ...(guaranteeFirst ? [] : ([{ date: addDays(firstDay, submitted + 3), from: 'APPROVED', to: 'APPROVED', action: 'confirm_guarantee', actor: 'guarantee_system' }] as Step[])),
    { date: addDays(firstDay, submitted + 5), from: 'APPROVED', to: 'CONTRACTED', action: 'contract', actor: 'bank_system' },
    { date: loan.disbursedOn, from: 'CONTRACTED', to: 'DISBURSED', action: 'disburse', actor: 'bank_system' },
  ];
  const grantedOn = addDays(firstDay, guaranteeFirst ? 2 : submitted + 3);

  const installment = toFen(loan.amount) / BigInt(loan.termMonths);
  const repayments: { date: string; fen: bigint }[] = [];
  let owed = toFen(loan.amount);
  let defaultedOn: string | null = null;
  for (let k = 1; k <= loan.termMonths; k += 1) {
    const date = monthAfter(loan.disbursedOn, k);
    if (date >= today) break;
    if (loan.defaults && k === 3) {
      defaultedOn = date;
      break;
    }
    const fen = k === loan.termMonths || k === loan.prepaysAt ? owed : installment;
    repayments.push({ date, fen });
    owed -= fen;
    if (owed === 0n) break;
  }
  let status: ApplicationStatus = 'DISBURSED';
  if (repayments.length) steps.push({ date: repayments[0]!.date, from: 'DISBURSED', to: (status = 'REPAYING'), action: 'start_repaying', actor: 'bank_system' });
  if (owed === 0n) steps.push({ date: repayments.at(-1)!.date, from: status, to: (status = 'CLOSED'), action: 'close', actor: 'bank_system' });
  if (defaultedOn) steps.push({ date: defaultedOn, from: status, to: (status = 'DEFAULTED'), action: 'default', actor: 'bank_system' });

  // Past loans, never open: the one-open-application rule cannot refuse them.
  const application = (await applicationStore.insert(tx, {
    enterpriseId: loan.enterpriseId,
    bankId: loan.bankId,
    productId: product.loanProductId,
    amount: loan.amount,
    termMonths: loan.termMonths,
    purpose: '研发投入与生产经营周转',
    status,
    // 首贷户 is marked once the whole history is written (seedDemoGuaranteeHistory).
    firstLoan: false,
  }))!;
  const repaid = fromFen(toFen(loan.amount) - owed);
  await applicationStore.updateVersioned(
    tx,
    application.id,
    application.version,
    {
      approvedAmount: loan.amount,
      approvedRate: '3.8500',
      approvedTermMonths: loan.termMonths,
      disbursedAmount: loan.amount,
      repaidAmount: repaid,
      bankReference: `HIST${String(loan.n).padStart(6, '0')}`,
      submittedAt: at(addDays(firstDay, submitted)),
      acceptedAt: at(addDays(firstDay, submitted + 1)),
      decidedAt: at(addDays(firstDay, submitted + 3)),
      lastBankContactAt: at(steps.at(-1)!.date),
    },
    at(steps.at(-1)!.date),
  );
  const grantId = await pastLoanGrant(tx, keys, { applicationId: application.id, enterpriseId: loan.enterpriseId, granteeId: loan.bankId }, firstDay, today);
  const companyGrantId = await pastLoanGrant(tx, keys, { applicationId: application.id, enterpriseId: loan.enterpriseId, granteeId: product.companyId }, firstDay, today);
  await tx('loan_applications').where({ id: application.id }).update({ created_at: at(firstDay), consent_grant_id: grantId });
  // Submission records both grants on its event, as the flow does: the guarantee company's reads
  // of the applicant are checked under the grant found there.
  const submission = { consentGrantId: grantId, guaranteeCompanyId: product.companyId, guaranteeConsentGrantId: companyGrantId };
  for (const s of steps) {
    await applicationStore.insertEvent(tx, {
      applicationId: application.id,
      fromStatus: s.from,
      toStatus: s.to,
      action: s.action,
      actorType: s.actor,
      actorId: s.actor === 'enterprise' ? loan.enterpriseId : s.actor === 'guarantee_officer' ? loan.officerId : s.actor === 'guarantee_system' ? product.companyId : loan.bankId,
      reason: null,
      details: s.action === 'submit' || s.action === 'submit_for_guarantee' ? { demoHistory: true, ...submission } : { demoHistory: true },
      occurredAt: at(s.date),
    });
  }
  await applicationStore.addLedgerEntry(tx, application.id, { kind: 'disbursement', reference: `HIST-DB-${loan.n}`, amount: loan.amount, occurredOn: loan.disbursedOn });
  for (const [k, r] of repayments.entries()) {
    await applicationStore.addLedgerEntry(tx, application.id, { kind: 'repayment', reference: `HIST-RP-${loan.n}-${k + 1}`, amount: fromFen(r.fen), occurredOn: r.date });
  }

  const guaranteed = guaranteedAmount(product, loan.amount);
  const feeDue = smeGuaranteeFee(guaranteed, product.feeRate, product.feeSubsidyRate, loan.termMonths);
  await guaranteeStore.insertPending(tx, { applicationId: application.id, productId: product.id, companyId: product.companyId, enterpriseId: loan.enterpriseId, loanAmount: loan.amount, guaranteedAmount: guaranteed, feeDue });
  const guarantee = (await guaranteeStore.forApplication(tx, application.id))!;
  await tx('guarantees').where({ id: guarantee.id }).update({ created_at: at(firstDay) });
  await guaranteeStore.decide(tx, guarantee.id, { status: 'granted', decidedBy: guaranteeFirst ? loan.officerId : 'batch', reason: null, loanAmount: loan.amount, guaranteedAmount: guaranteed, feeDue, at: at(grantedOn) });
  if (toFen(feeDue) > 0n) await guaranteeStore.addFeePayment(tx, guarantee.id, { reference: `HIST-BF-${loan.n}`, amount: feeDue, recordedBy: loan.officerId });
  if (status === 'CLOSED') await guaranteeStore.release(tx, application.id, at(repayments.at(-1)!.date));

  if (!defaultedOn) return;
  const paidOn = monthAfter(defaultedOn, 1);
  if (paidOn >= today) return;
  const template = (await guaranteeProductStore.template(tx, product.templateCode))!;
  const shares = splitLoss(template, owed, product.guaranteedShareBp);
  await compensationStore.insert(tx, {
    guaranteeId: guarantee.id,
    templateCode: template.code,
    lossAmount: fromFen(owed),
    compensatedAmount: fromFen(shares.filter((s) => s.role !== 'bank').reduce((sum, s) => sum + s.fen, 0n)),
    paidOn,
    shares: inYuan(shares),
    recordedBy: loan.officerId,
  });
  await guaranteeStore.markCompensated(tx, guarantee.id);
  const receivedOn = monthAfter(paidOn, 1);
  if (receivedOn >= today) return;
  const compensation = (await compensationStore.forGuarantee(tx, guarantee.id))!;
  const recovered = (owed * 3n) / 10n;
  await compensationStore.addRecovery(tx, compensation.id, {
    reference: `ZC-HIST-${loan.n}`,
    amount: fromFen(recovered),
    receivedOn,
    shares: inYuan(splitRecovery(template, recovered, product.guaranteedShareBp)),
    recordedBy: loan.officerId,
  });
}

/**
 * The demo city's guarantee history over the last six months and the current one: per guarantee
 * product one to three loans a month to a handful of registered firms, repaid monthly (one in
 * three paid off early and released), about one in seven defaulting after two instalments, so the
 * monthly report and its chart show real figures. Deterministic for a given day; written once,
 * when no guarantee exists yet.
 */
export async function seedDemoGuaranteeHistory(
  knex: Db,
  services: Pick<Services, 'registration' | 'smsInbox'>,
  skipUscc: string,
  platformKeys: Sm2KeyPair,
  now = new Date(),
): Promise<void> {
  if (await knex('guarantees').first('id')) return;
  // In the order of their names: the demo seeds its products in one transaction, so their creation
  // times tie and their ids are random, and which company's loans default would change per start.
  const products = (await guaranteeProductStore.products(knex, {})).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  if (products.length === 0) return;
  const firms = await registerFirms(knex, services, skipUscc);
  if (firms.length === 0) return;
  const today = shanghaiDate(now);
  const officers = new Map(
    ((await knex('users').where({ role: 'guarantee_officer' }).select('id', 'institution_id')) as { id: string; institution_id: string }[]).map((u) => [u.institution_id, u.id]),
  );
  let n = 0;
  await knex.transaction(async (tx) => {
    for (let back = MONTHS; back >= 0; back -= 1) {
      for (const [j, product] of products.entries()) {
        const loanProduct = (await productStore.findById(tx, product.loanProductId))!;
        const amounts = loanProduct.zoneTags.includes('startup_guarantee') ? STARTUP_AMOUNTS : TECH_AMOUNTS;
        for (let i = 0; i < 1 + ((back + j) % 3); i += 1) {
          const disbursedOn = monthsBack(today, back, 3 + 8 * i);
          if (disbursedOn >= today) continue;
          n += 1;
          await seedLoan(
            tx,
            platformKeys,
            {
              product,
              bankId: loanProduct.bankId,
              enterpriseId: firms[(n * 5 + j) % firms.length]!,
              amount: amounts[(n + back) % amounts.length]!,
              termMonths: 12,
              prepaysAt: n % 3 === 0 ? 4 : null,
              disbursedOn,
              defaults: n % 7 === 3,
              n,
              officerId: officers.get(product.companyId) ?? product.companyId,
            },
            today,
          );
        }
      }
    }
    // 首贷户 as opening an application marks it: no loan of the firm had been disbursed by then.
    const loans = (await tx('loan_applications as a').join('loan_ledger_entries as l', 'l.application_id', 'a.id').whereIn('a.enterprise_id', firms).where('l.kind', 'disbursement')
      .select('a.id', 'a.enterprise_id', 'a.created_at', tx.raw("to_char(l.occurred_on, 'YYYY-MM-DD') as disbursed_on"))) as { id: string; enterprise_id: string; created_at: Date; disbursed_on: string }[];
    const firstLoans = loans.filter((a) => !loans.some((b) => b.enterprise_id === a.enterprise_id && b.disbursed_on < shanghaiDate(new Date(a.created_at))));
    await tx('loan_applications').whereIn('id', firstLoans.map((a) => a.id)).update({ first_loan: true });
    // Each firm registered before its first application, as the flow requires.
    const firsts = (await tx('loan_applications').whereIn('enterprise_id', firms).groupBy('enterprise_id')
      .select('enterprise_id', tx.raw('min(created_at) as first_at'))) as { enterprise_id: string; first_at: Date }[];
    for (const f of firsts) {
      await tx('enterprises').where({ id: f.enterprise_id }).update({ registered_at: new Date(new Date(f.first_at).getTime() - 10 * 86_400_000) });
    }
  });
}
