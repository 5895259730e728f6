import type { Knex } from 'knex';

/**
 * A hand-made district (420299 测试区) with known oversight answers, written straight into the
 * tables other features own, as their services would have left them. Times are Asia/Shanghai.
 *
 * - 50 market entities: 40 存续 (20 enterprises existing, 20 individual businesses operating), 10 cancelled.
 * - 8 registered enterprises: 3 in 2026-09, 5 in 2026-10. 4 of them authorised in 2026-10 (3 still active, 1 revoked).
 * - Bank OVS_BANK (no adapter), four applications:
 *   a1 first loan, credit product, submitted Fri 2026-09-11 16:00, accepted Mon 10:00 (18 working hours),
 *      decided Wed 2026-09-16 10:00 (66 working hours); 1,000,000.00 at 3.65 % disbursed 2026-09-20 by the
 *      bank's system; 100,000.00 repaid 2026-10-20.
 *   a2 guarantee-company product, submitted Mon 2026-10-12 09:00, accepted 11:00, decided Tue 09:00;
 *      20,000,000.00 at 4.00 % disbursed 2026-10-15 by an officer (not 普惠: credit line above 1000万).
 *   a3 rejected (accepted after 2 working hours, decided after 24).
 *   a4 still SUBMITTED since 2026-10-20: overdue, escalated to the office.
 * - Data: a utilities batch of 2026-10 with 1000 rows read and one USCC rejection; 4 permits
 *   decided in 2026-10, 3 published on time; 20 active water records; 12 active 不动产 units (a 13th
 *   withdrawn); 科技研发 of five firms: #1 高新 with 2024 and 2025, #2 高新 with 2024 only, #3 no
 *   designation (2025), #4 科技型中小企业 with 2024 active and 2025 withdrawn, #5 专精特新 with 2025:
 *   latest year 2025, 4 designated firms, 2 of them with 2025 in (#1, #5).
 * - Connections: a delivered outbox message to ICBC_HS 2 days ago (adapter configured: 已对接), to
 *   CCB_HS 40 days ago (configured, stale), to OVS_BANK yesterday (no adapter).
 */
export const DISTRICT = '420299';
const sh = (local: string) => new Date(`${local}+08:00`);
const uscc = (i: number) => `91${DISTRICT}OVS${String(i).padStart(7, '0')}`;

export interface OversightFixture {
  bankId: string;
  applications: Record<'a1' | 'a2' | 'a3' | 'a4', string>;
}

async function one<T = Record<string, unknown>>(q: Promise<T[]>): Promise<T> {
  return (await q)[0]!;
}

export async function seedOversightDistrict(knex: Knex): Promise<OversightFixture> {
  await knex('districts').insert({ code: DISTRICT, name: '测试区' });
  await knex('market_entities').insert(
    Array.from({ length: 50 }, (_, i) => ({
      uscc: uscc(i),
      name: `测试主体${i}`,
      entity_type: i < 20 || i >= 40 ? 'enterprise' : 'individual_business',
      legal_representative: '张三',
      district_code: DISTRICT,
      status: i < 20 ? 'existing' : i < 40 ? 'operating' : 'cancelled',
      established_on: '2020-01-01',
      registered_capital: '100000.00',
    })),
  );
  const bank = await one(knex('institutions').insert({ code: 'OVS_BANK', name: '测试村镇银行', type: 'bank', uscc: '91420299OVSBANK001' }).returning('id'));
  const source = await one(knex('institutions').insert({ code: 'OVS_SRC', name: '测试水务公司', type: 'data_source', uscc: '91420299OVSSRC0001' }).returning('id'));
  const enterprises: string[] = [];
  for (let i = 0; i < 8; i++) {
    const row = await one(
      knex('enterprises')
        .insert({ uscc: uscc(i), name: `测试主体${i}`, legal_representative: '张三', contact_name: '张三', contact_mobile_enc: 'x', registered_at: sh(i < 3 ? '2026-09-05T10:00:00' : '2026-10-05T10:00:00') })
        .returning('id'),
    );
    enterprises.push(String(row.id));
  }
  for (let i = 0; i < 4; i++) {
    const revoked = i === 3;
    await knex('consent_grants').insert({
      enterprise_id: enterprises[i], enterprise_uscc: uscc(i), grantee_institution_id: bank.id, scopes: ['basic'], purpose: 'loan_application',
      valid_from: sh('2026-10-06T09:00:00'), valid_until: sh('2030-01-01T00:00:00'), fetch_type: 'ONETIME', artefact: 'x', artefact_signature: 'x',
      created_by: 'test', created_at: sh('2026-10-06T09:00:00'), status: revoked ? 'REVOKED' : 'ACTIVE',
      ...(revoked ? { ended_by_kind: 'enterprise', ended_by: 'test', ended_at: sh('2026-10-07T09:00:00') } : {}),
    });
  }
  const product = (name: string, guaranteeType: string) =>
    one(knex('loan_products').insert({
      bank_id: bank.id, name, min_amount: '10000.00', max_amount: '50000000.00', min_term_months: 1, max_term_months: 36,
      min_rate: '3.0000', max_rate: '6.0000', guarantee_type: guaranteeType, status: 'published',
    }).returning('id'));
  const credit = await product('测试信用贷', 'credit');
  const guaranteed = await product('测试担保贷', 'guarantee_company');
  const app = async (enterprise: number, productId: unknown, a: Record<string, unknown>) =>
    String((await one(knex('loan_applications').insert({ enterprise_id: enterprises[enterprise], bank_id: bank.id, product_id: productId, term_months: 12, purpose: '经营周转', ...a }).returning('id'))).id);
  const a1 = await app(0, credit.id, {
    amount: '1000000.00', status: 'REPAYING', first_loan: true, approved_amount: '1000000.00', approved_rate: '3.6500', disbursed_amount: '1000000.00', repaid_amount: '100000.00',
    submitted_at: sh('2026-09-11T16:00:00'), accepted_at: sh('2026-09-14T10:00:00'), decided_at: sh('2026-09-16T10:00:00'),
  });
  const a2 = await app(1, guaranteed.id, {
    amount: '20000000.00', status: 'DISBURSED', approved_amount: '20000000.00', approved_rate: '4.0000', disbursed_amount: '20000000.00',
    submitted_at: sh('2026-10-12T09:00:00'), accepted_at: sh('2026-10-12T11:00:00'), decided_at: sh('2026-10-13T09:00:00'),
  });
  const a3 = await app(2, credit.id, {
    amount: '500000.00', status: 'REJECTED', submitted_at: sh('2026-10-14T10:00:00'), accepted_at: sh('2026-10-14T12:00:00'), decided_at: sh('2026-10-15T10:00:00'),
  });
  const a4 = await app(3, credit.id, { amount: '300000.00', status: 'SUBMITTED', submitted_at: sh('2026-10-20T10:00:00') });
  const disbursed = (id: string, actorType: string, at: string) =>
    knex('loan_application_events').insert({ application_id: id, from_status: 'CONTRACTED', to_status: 'DISBURSED', action: 'disburse', actor_type: actorType, actor_id: 'x', occurred_at: sh(at) });
  await disbursed(a1, 'bank_system', '2026-09-20T10:00:00');
  await disbursed(a2, 'bank_officer', '2026-10-15T10:00:00');
  await knex('loan_ledger_entries').insert([
    { application_id: a1, kind: 'disbursement', reference: 'd1', amount: '1000000.00', occurred_on: '2026-09-20' },
    { application_id: a1, kind: 'repayment', reference: 'r1', amount: '100000.00', occurred_on: '2026-10-20' },
    { application_id: a2, kind: 'disbursement', reference: 'd2', amount: '20000000.00', occurred_on: '2026-10-15' },
  ]);

  const batch = await one(knex('ingestion_batches').insert({
    institution_id: source.id, category: 'utilities', format_version: 1, channel: 'api', file_format: 'jsonl', status: 'completed',
    rows_read: 1000, rows_accepted: 999, rows_rejected: 1, received_at: sh('2026-10-10T10:00:00'), completed_at: sh('2026-10-10T10:01:00'),
  }).returning('id'));
  await knex('ingestion_quarantine').insert({ batch_id: batch.id, row_number: 7, errors: JSON.stringify([{ field: 'uscc', code: 'USCC_CHECK_DIGIT', message: '校验位错误' }]), raw: '{}' });
  const record = (category: string, key: string, extra: Record<string, unknown>) => ({
    category, record_key: key, uscc: uscc(0), format_version: 1, payload: JSON.stringify(extra.payload ?? {}), business_date: extra.business_date ?? null,
    published_on_time: extra.published_on_time ?? null, source_institution_id: source.id, batch_id: batch.id,
    received_at: sh('2026-10-10T10:00:00'), first_batch_id: batch.id, first_received_at: sh('2026-10-10T10:00:00'),
  });
  await knex('credit_records').insert([
    ...[true, true, true, false].map((onTime, i) => record('permits', `ovs-permit-${i}`, { business_date: '2026-10-09', published_on_time: onTime })),
    ...Array.from({ length: 20 }, (_, i) => record('utilities', `ovs-water-${i}`, { payload: { utilityType: 'water' }, business_date: '2026-10-01' })),
    ...Array.from({ length: 13 }, (_, i) => ({
      ...record('real_estate', `ovs-unit-${i}`, { payload: { area: '100.00', mortgaged: false, seized: false }, business_date: '2024-06-18' }),
      ...(i === 12 ? { status: 'withdrawn' } : {}),
    })),
    ...([
      [1, 2024, 'high_tech', 'active'], [1, 2025, 'high_tech', 'active'], [2, 2024, 'high_tech', 'active'], [3, 2025, 'none', 'active'],
      [4, 2024, 'tech_sme', 'active'], [4, 2025, 'tech_sme', 'withdrawn'], [5, 2025, 'specialised', 'active'],
    ] as const).map(([firm, year, designation, status]) => ({
      ...record('rnd', `${uscc(firm)}|${year}`, { payload: { year, designation, rndExpense: '100000.00', superDeduction: '0.00', rndStaff: 3 }, business_date: `${year}-12-31` }),
      uscc: uscc(firm),
      status,
    })),
  ]);

  const now = Date.now();
  const delivered = (target: string, daysAgo: number) => ({
    channel: 'bank_adapter', target, topic: 'application.submitted', message_key: `ovs-${target}-${daysAgo}`, payload: '{}',
    status: 'delivered', attempts: 1, delivered_at: new Date(now - daysAgo * 86_400_000),
  });
  await knex('outbox_messages').insert([delivered('ICBC_HS', 2), delivered('CCB_HS', 40), delivered('OVS_BANK', 1)]);
  return { bankId: String(bank.id), applications: { a1, a2, a3, a4 } };
}
