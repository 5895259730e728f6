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
  const penalty = await insertPenalty(knex, { uscc: entities[0]!.uscc, decisionDocNo: `黄市监罚〔${month}〕1号`, decisionDate: `${month}-05`, receivedAt: at(6) });
  return { month, applicationIds, penalty };
}

const MARKET_REGULATOR_USCC = '11420200MB0001234X';

/**
 * A 行政处罚 record written straight into its typed table, with a completed batch of the
 * 信用中心 (HS_XYZX) as its provenance; the record key is 处罚机关USCC|决定书文号.
 */
export async function insertPenalty(
  knex: Knex,
  p: { uscc: string; decisionDocNo: string; decisionDate: string; receivedAt: Date },
): Promise<FeedMonthData['penalty']> {
  const source = (await knex('institutions').where({ code: 'HS_XYZX' }).first('id')) as { id: string };
  const [batch] = (await knex('ingestion_batches')
    .insert({ institution_id: source.id, category: 'penalties', format_version: 1, channel: 'api', file_format: 'jsonl', status: 'completed', received_at: p.receivedAt, completed_at: p.receivedAt })
    .returning('id')) as { id: string }[];
  await knex('penalties_records').insert({
    uscc: p.uscc, subject_name: '测试企业', decision_doc_no: p.decisionDocNo, violation_type: '未按规定公示年度报告', violation_facts: '逾期公示',
    penalty_basis: '《企业信息公示暂行条例》', penalty_category: '警告', penalty_content: '警告', fine_amount_wan: '0', confiscated_amount_wan: '0',
    decision_date: p.decisionDate, publicity_end: '2099-12-31', authority: '黄石市市场监督管理局', authority_uscc: MARKET_REGULATOR_USCC,
    published_on_time: true, batch_id: batch!.id, first_batch_id: batch!.id,
  });
  return { category: 'penalties', recordKey: `${MARKET_REGULATOR_USCC}|${p.decisionDocNo}`, uscc: p.uscc };
}
