import type { DbOrTrx } from '../db/database.js';
import type { RealEstateMortgage, MortgageDraft, MortgageStatus, MortgageNoticeKind } from './real-estate-mortgage.js';

interface Row {
  id: string;
  application_id: string;
  bank_id: string;
  mortgage_way: RealEstateMortgage['mortgageWay'];
  credit_amount: string;
  evaluation_value: string;
  highest_claim_amount: string | null;
  term_months: number;
  unit_no: string;
  location: string;
  status: MortgageStatus;
  accept_id: string | null;
  refusal: string | null;
  warrant_no: string | null;
  sealed_at: Date | null;
  created_at: Date;
}

const toMortgage = (r: Row, notices: RealEstateMortgage['notices']): RealEstateMortgage => ({
  id: r.id,
  applicationId: r.application_id,
  bankId: r.bank_id,
  mortgageWay: r.mortgage_way,
  creditAmount: r.credit_amount,
  evaluationValue: r.evaluation_value,
  highestClaimAmount: r.highest_claim_amount,
  termMonths: r.term_months,
  unitNo: r.unit_no,
  location: r.location,
  status: r.status,
  acceptId: r.accept_id,
  refusal: r.refusal,
  warrantNo: r.warrant_no,
  sealedAt: r.sealed_at,
  createdAt: r.created_at,
  notices,
});

/** SQL for 不动产抵押登记 and the registry's notices. */
export const realEstateStore = {
  /** False when the application already has a mortgage registration. */
  async insert(db: DbOrTrx, d: MortgageDraft): Promise<string | undefined> {
    const rows = (await db('real_estate_mortgages')
      .insert({
        application_id: d.applicationId,
        bank_id: d.bankId,
        mortgage_way: d.mortgageWay,
        credit_amount: d.creditAmount,
        evaluation_value: d.evaluationValue,
        highest_claim_amount: d.highestClaimAmount,
        term_months: d.termMonths,
        unit_no: d.unitNo,
        location: d.location,
        status: 'applied',
        applied_by: d.appliedBy,
      })
      .onConflict('application_id')
      .ignore()
      .returning('id')) as { id: string }[];
    return rows[0]?.id;
  },

  async find(db: DbOrTrx, where: { id: string } | { applicationId: string }, options: { forUpdate?: boolean } = {}): Promise<RealEstateMortgage | undefined> {
    const q = db('real_estate_mortgages').where('id' in where ? { id: where.id } : { application_id: where.applicationId });
    if (options.forUpdate) q.forUpdate();
    const row = (await q.first()) as Row | undefined;
    if (!row) return undefined;
    const notices = (await db('real_estate_mortgage_notices').where({ mortgage_id: row.id }).orderBy('id').select('kind', 'warrant_no', 'via', 'occurred_at')) as {
      kind: MortgageNoticeKind;
      warrant_no: string | null;
      via: 'notice' | 'progress_query';
      occurred_at: Date;
    }[];
    return toMortgage(row, notices.map((n) => ({ kind: n.kind, warrantNo: n.warrant_no, via: n.via, occurredAt: n.occurred_at })));
  },

  /** The body digest an HTTP notice id was first received with, if it was. */
  async receipt(db: DbOrTrx, noticeId: string): Promise<string | undefined> {
    return ((await db('real_estate_registry_receipts').where({ notice_id: noticeId }).first('body_sm3')) as { body_sm3: string } | undefined)?.body_sm3;
  },

  async addReceipt(db: DbOrTrx, noticeId: string, bodySm3: string, at: Date): Promise<void> {
    await db('real_estate_registry_receipts').insert({ notice_id: noticeId, body_sm3: bodySm3, received_at: at }).onConflict('notice_id').ignore();
  },

  async registeredOnUnit(db: DbOrTrx, unitNo: string, warrantNo: string): Promise<string[]> {
    const rows = (await db('real_estate_mortgages').where({ unit_no: unitNo, warrant_no: warrantNo, status: 'result' }).select('id')) as { id: string }[];
    return rows.map((r) => r.id);
  },

  async accepted(db: DbOrTrx, id: string, result: { acceptId: string } | { refusal: string }): Promise<void> {
    const patch = 'acceptId' in result ? { accept_id: result.acceptId } : { status: 'refused', refusal: result.refusal };
    await db('real_estate_mortgages').where({ id, status: 'applied' }).update(patch);
  },

  /** Records a notice once per kind; false when it was already recorded. */
  async addNotice(db: DbOrTrx, id: string, n: { kind: MortgageNoticeKind; warrantNo: string | null; via: 'notice' | 'progress_query'; occurredAt: Date; receivedAt: Date }): Promise<boolean> {
    const rows = await db('real_estate_mortgage_notices')
      .insert({ mortgage_id: id, kind: n.kind, warrant_no: n.warrantNo, via: n.via, occurred_at: n.occurredAt, received_at: n.receivedAt })
      .onConflict(['mortgage_id', 'kind'])
      .ignore()
      .returning('id');
    return rows.length === 1;
  },

  async advance(db: DbOrTrx, id: string, status: MortgageStatus, warrantNo: string | null): Promise<void> {
    await db('real_estate_mortgages').where({ id }).update({ status, ...(warrantNo ? { warrant_no: warrantNo } : {}) });
  },

  async markSealed(db: DbOrTrx, id: string, at: Date): Promise<void> {
    await db('real_estate_mortgages').where({ id }).whereNull('sealed_at').update({ sealed_at: at });
  },

  /** The bank's 查封 alerts: its registered mortgages whose unit was sealed, newest first. */
  async sealedForBank(db: DbOrTrx, bankId: string): Promise<RealEstateMortgage[]> {
    const rows = (await db('real_estate_mortgages').where({ bank_id: bankId }).whereNotNull('sealed_at').orderBy('sealed_at', 'desc').limit(200)) as Row[];
    return rows.map((r) => toMortgage(r, []));
  },

  /** Mortgagee and mortgagor names for the request. */
  async parties(db: DbOrTrx, applicationId: string): Promise<{ bankName: string; enterpriseName: string; uscc: string }> {
    return (await db('loan_applications as a')
      .join('institutions as b', 'b.id', 'a.bank_id')
      .join('enterprises as e', 'e.id', 'a.enterprise_id')
      .where('a.id', applicationId)
      .first('b.name as bankName', 'e.name as enterpriseName', 'e.uscc')) as { bankName: string; enterpriseName: string; uscc: string };
  },
};

export type RealEstateStore = typeof realEstateStore;
