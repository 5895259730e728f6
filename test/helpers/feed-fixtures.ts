import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { previousMonth } from '../../src/national-feed/feed-service.js';

/** The month the feed tests report: the one before now (Asia/Shanghai), so it is closed. */
export const feedMonth = (): string => previousMonth(new Date());

export interface FeedMonthData {
  month: string;
  applicationIds: string[];
  /** A 行政处罚 record of one of the borrowers, active, decided in the month. */
  penalty: { category: string; recordKey: string; uscc: string };
}

/**
 * A month of platform activity written straight into the tables the feed reads: `count`
 * registered enterprises, each with one disbursed loan at a demo bank (first half of them on
 * a published product), and one penalty record for the first borrower.
 */
export async function seedFeedMonth(knex: Knex, count: number): Promise<FeedMonthData> {
  const month = feedMonth();
  const at = (day: number) => new Date(`${month}-${String(day).padStart(2, '0')}T10:00:00+08:00`);
  const entities = (await knex('market_entities')
    .whereNotIn('uscc', knex('enterprises').select('uscc'))
    .whereIn('status', ['existing', 'operating'])
    .orderBy('uscc')
    .limit(count)) as { uscc: string; name: string; legal_representative: string }[];
  const banks = (await knex('institutions').where({ type: 'bank' }).whereIn('id', knex('bank_connections').select('institution_id')).orderBy('code')) as { id: string }[];
  const product = (await knex('loan_products').where({ status: 'published' }).orderBy('name').first()) as { id: string; bank_id: string } | undefined;
  const applicationIds: string[] = [];
  for (const [i, e] of entities.entries()) {
    const [enterprise] = (await knex('enterprises')
      .insert({ uscc: e.uscc, name: e.name, legal_representative: e.legal_representative, contact_name: e.legal_representative, contact_mobile_enc: 'sm4:v1:fixture', registered_at: at(2) })
      .returning('id')) as { id: string }[];
    const onProduct = product && i < count / 2;
    const id = randomUUID();
    await knex('loan_applications').insert({
      id,
      enterprise_id: enterprise!.id,
      bank_id: onProduct ? product.bank_id : banks[i % banks.length]!.id,
      product_id: onProduct ? product.id : null,
      amount: '500000.00',
      term_months: 12,
      purpose: '流动资金周转',
      status: 'DISBURSED',
      first_loan: i % 3 === 0,
      approved_amount: '450000.00',
      approved_rate: '3.8500',
      approved_term_months: 12,
      disbursed_amount: '450000.00',
      submitted_at: at(3),
      decided_at: at(6),
    });
    await knex('loan_ledger_entries').insert({ application_id: id, kind: 'disbursement', reference: `D${i}`, amount: '450000.00', occurred_on: `${month}-08` });
    applicationIds.push(id);
  }
  const source = (await knex('institutions').where({ code: 'HS_XYZX' }).first()) as { id: string };
  const batch = randomUUID();
  const penalty = { category: 'penalties', recordKey: `黄市监罚〔${month}〕1号|${entities[0]!.uscc}`, uscc: entities[0]!.uscc };
  await knex('credit_records').insert({
    category: penalty.category,
    record_key: penalty.recordKey,
    uscc: penalty.uscc,
    format_version: 1,
    payload: JSON.stringify({ fixture: true }),
    business_date: `${month}-05`,
    source_institution_id: source.id,
    batch_id: batch,
    received_at: at(6),
    first_batch_id: batch,
    first_received_at: at(6),
  });
  return { month, applicationIds, penalty };
}
