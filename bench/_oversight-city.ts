import type { Knex } from 'knex';

/**
 * Generates the benchmark city in SQL (generate_series, deterministic hashes): `entities` market
 * entities over six districts, one in ten registered, 60 % of those authorised, about 1.2
 * applications per registered enterprise over the last 365 days with acceptance, decisions,
 * disbursements and monthly repayments, the outbox and callback records of each exchange, twelve
 * months of tax payments per registered enterprise, utilities, permits, 不动产 and 科技研发 records, and the
 * ingestion batches with a few USCC rejections, and one white list per bank over its authorised firms. Returns the row count of every table it filled.
 */
const DISTRICTS = [['420202', '黄石港区'], ['420203', '西塞山区'], ['420204', '下陆区'], ['420205', '铁山区'], ['420222', '阳新县'], ['420281', '大冶市']];
const BANKS = 20;

export async function generateCity(knex: Knex, entities: number, passwordHash: string): Promise<Record<string, number>> {
  await knex('districts').insert(DISTRICTS.map(([code, name]) => ({ code, name })));
  await knex.raw(`insert into market_entities (uscc, name, entity_type, legal_representative, district_code, status, established_on, registered_capital, industry)
    select '91' || lpad(i::text, 16, '0'), '主体' || i,
      case when i % 10 < 6 then 'enterprise' when i % 10 < 9 then 'individual_business' else 'farmer_cooperative' end,
      '张三', (array['420202','420203','420204','420205','420222','420281'])[1 + i % 6],
      case when i % 20 = 0 then 'cancelled' when i % 2 = 0 then 'existing' else 'operating' end,
      date '2010-01-01' + (i % 5000), (i % 500 + 1) * 10000, '批发业'
    from generate_series(1, ?) as i`, [entities]);
  const office = await knex('institutions').insert({ code: 'BENCH_JRJ', name: '基准金融办', type: 'financial_office', uscc: '11420200BENCHJRJ01' }).returning('id');
  await knex('users').insert({ username: 'bench_office', password_hash: passwordHash, role: 'financial_office', display_name: '基准金融办', institution_id: (office[0] as { id: string }).id });
  const source = ((await knex('institutions').insert({ code: 'BENCH_SRC', name: '基准数据源', type: 'data_source', uscc: '11420200BENCHSRC01' }).returning('id'))[0] as { id: string }).id;
  await knex.raw(`create temporary table bench_banks as
    select b as idx, gen_random_uuid() as id, 'BK' || lpad(b::text, 2, '0') as code from generate_series(0, ${BANKS - 1}) b`);
  await knex.raw(`insert into institutions (id, code, name, type, uscc) select id, code, '基准银行' || code, 'bank', '91420200BENCH' || lpad(idx::text, 5, '0') from bench_banks`);
  await knex.raw(`alter table bench_banks add column credit uuid, add column guarantee uuid`);
  for (const [column, type] of [['credit', 'credit'], ['guarantee', 'guarantee_company']] as const) {
    await knex.raw(`with p as (insert into loan_products (bank_id, name, min_amount, max_amount, min_term_months, max_term_months, min_rate, max_rate, guarantee_type, status)
        select id, '基准产品' || code || '${column}', 10000, 50000000, 1, 36, 3, 6, '${type}', 'published' from bench_banks returning id, bank_id)
      update bench_banks b set ${column} = p.id from p where p.bank_id = b.id`);
  }

  await knex.raw(`insert into enterprises (uscc, name, legal_representative, contact_name, contact_mobile_enc, registered_at)
    select '91' || lpad(i::text, 16, '0'), '主体' || i, '张三', '张三', 'x', now() - make_interval(days => ((i::bigint * 7919) % 365)::int, secs => i % 86400)
    from generate_series(1, ?) as i where i % 10 = 1`, [entities]);
  await knex.raw(`insert into consent_grants (enterprise_id, enterprise_uscc, grantee_institution_id, scopes, purpose, valid_from, valid_until, fetch_type,
      artefact, artefact_signature, created_by, created_at, status)
    select e.id, e.uscc, b.id, '{basic}', 'loan_application', e.registered_at + interval '1 day', e.registered_at + interval '181 days', 'ONETIME',
      'x', 'x', 'bench', e.registered_at + interval '1 day', 'ACTIVE'
    from enterprises e join bench_banks b on b.idx = abs(hashtext(e.uscc)) % ${BANKS} where abs(hashtext(e.uscc)) % 10 < 6`);

  // White lists (白名单): every authorised enterprise scored by the bank it authorised, about two
  // thirds listed with a limit, so the pre-credit funnel (白名单 → 走访 → 授信 → 放款) is timed at scale.
  const model = ((await knex('precredit_models').insert({ bank_id: null, version: 1, status: 'ACTIVE', document: '{}', created_at: new Date() }).returning('id'))[0] as { id: string }).id;
  await knex.raw(`insert into precredit_results (bank_id, uscc, enterprise_id, model_id, model_version, inputs_hash, decision, score, grade, limit_amount,
      points, bins, reasons, listed, active, evaluated_at, valid_until, change_seq)
    select g.grantee_institution_id, g.enterprise_uscc, g.enterprise_id, ?, 1, repeat('0', 64), 'graded', 500 + h % 200, (array['A','B','C'])[1 + h % 3],
      case when h % 3 < 2 then ((h % 100) + 10) * 10000 end, '{}', '{}', '[]', h % 3 < 2, true, now(), now() + interval '30 days', 1
    from consent_grants g cross join lateral (select abs(hashtext(g.enterprise_uscc || 'wl')) as h) x`, [model]);

  await knex.raw(`create temporary table bench_apps as
    select e.id as enterprise_id, b.id as bank_id, case when h % 3 = 0 then b.guarantee else b.credit end as product_id, h,
      ((h % 500) + 10) * 10000::numeric as amount,
      now() - make_interval(days => h % 365, secs => h % 86400) as submitted_at,
      (array['SUBMITTED','ACCEPTED','REJECTED','APPROVED','DISBURSED','REPAYING','CLOSED'])[
        case when h % 100 < 3 then 1 when h % 100 < 8 then 2 when h % 100 < 25 then 3 when h % 100 < 30 then 4
             when h % 100 < 45 then 5 when h % 100 < 80 then 6 else 7 end] as status
    from enterprises e cross join generate_series(1, 2) k
    cross join lateral (select abs(hashtext(e.uscc || k::text)) as h) x
    join bench_banks b on b.idx = x.h % ${BANKS}
    where x.h % 10 < 6`);
  // A second open application of one enterprise to one product is left out: the platform refuses it.
  await knex.raw(`insert into loan_applications (enterprise_id, bank_id, product_id, amount, term_months, purpose, status, first_loan, approved_amount, approved_rate,
      disbursed_amount, repaid_amount, submitted_at, accepted_at, decided_at)
    select enterprise_id, bank_id, product_id, amount, 12, '经营周转', status, h % 7 = 0,
      case when status in ('APPROVED','DISBURSED','REPAYING','CLOSED') then amount end,
      case when status in ('APPROVED','DISBURSED','REPAYING','CLOSED') then 3 + (h % 300) / 100.0 end,
      case when status in ('DISBURSED','REPAYING','CLOSED') then amount else 0 end,
      case when status = 'CLOSED' then amount when status = 'REPAYING' then amount / 2 else 0 end,
      submitted_at,
      case when status <> 'SUBMITTED' then submitted_at + make_interval(hours => h % 48) end,
      case when status not in ('SUBMITTED','ACCEPTED') then submitted_at + make_interval(hours => 24 + h % 200) end
    from bench_apps
    on conflict do nothing`);
  await knex.raw(`insert into loan_application_events (application_id, from_status, to_status, action, actor_type, actor_id, occurred_at)
    select id, 'CONTRACTED', 'DISBURSED', 'disburse', case when disbursed_amount::bigint % 3 = 0 then 'bank_officer' else 'bank_system' end, 'bench', decided_at + interval '1 day'
    from loan_applications where disbursed_amount > 0`);
  await knex.raw(`insert into loan_ledger_entries (application_id, kind, reference, amount, occurred_on)
    select id, 'disbursement', 'd', disbursed_amount, (decided_at + interval '1 day')::date from loan_applications where disbursed_amount > 0`);
  await knex.raw(`insert into loan_ledger_entries (application_id, kind, reference, amount, occurred_on)
    select id, 'repayment', 'r' || m, repaid_amount / case when status = 'CLOSED' then 4 else 2 end, (decided_at + interval '1 day')::date + m * 20
    from loan_applications cross join generate_series(1, 4) m
    where repaid_amount > 0 and m <= case when status = 'CLOSED' then 4 else 2 end`);
  await knex.raw(`insert into outbox_messages (channel, target, topic, message_key, payload, status, attempts, delivered_at, created_at)
    select 'bank_adapter', b.code, 'application.submitted', 'bench-' || a.id, '{}', 'delivered', 1, a.submitted_at + interval '1 minute', a.submitted_at
    from loan_applications a join bench_banks b on b.id = a.bank_id`);
  await knex.raw(`insert into bank_callbacks (bank_code, event_id, fingerprint, application_id, outcome, result, received_at)
    select b.code, a.id::text, 'x', a.id, 'applied', '{}', a.decided_at from loan_applications a join bench_banks b on b.id = a.bank_id where a.decided_at is not null`);

  const batch = ((await knex('ingestion_batches').insert({ institution_id: source, category: 'tax_payments', format_version: 1, channel: 'api', file_format: 'jsonl', status: 'completed', rows_read: 0 }).returning('id'))[0] as { id: string }).id;
  await knex.raw(`insert into ingestion_batches (institution_id, category, format_version, channel, file_format, status, rows_read, rows_accepted, rows_rejected, received_at)
    select ?, 'utilities', 1, 'api', 'jsonl', 'completed', 10000, 9998, 2, now() - make_interval(days => m * 30) from generate_series(0, 11) m`, [source]);
  await knex.raw(`insert into ingestion_quarantine (batch_id, row_number, errors, raw)
    select b.id, r, '[{"field": "uscc", "code": "USCC_CHECK_DIGIT", "message": "校验位错误"}]', '{}' from ingestion_batches b cross join generate_series(1, 2) r where b.category = 'utilities'`);
  await knex.raw(`insert into tax_payment_records (uscc, period, tax_type, amount_paid, arrears_amount, batch_id, first_batch_id)
    select e.uscc, to_char(now() - make_interval(months => m), 'YYYY-MM'), 'vat', 1000 + m, 0, ?, ? from enterprises e cross join generate_series(1, 12) m`, [batch, batch]);
  await knex.raw(`insert into credit_records (category, record_key, uscc, format_version, payload, business_date, published_on_time, source_institution_id, batch_id, received_at, first_batch_id, first_received_at)
    select case when n % 4 = 3 then 'permits' else 'utilities' end, 'bench-' || n || '-' || e.uscc, e.uscc, 1,
      case when n % 4 = 3 then '{}'::jsonb else jsonb_build_object('utilityType', (array['water','gas','electricity'])[1 + n % 3]) end,
      (now() - make_interval(days => abs(hashtext(e.uscc)) % 365))::date, case when n % 4 = 3 then abs(hashtext(e.uscc || n)) % 50 <> 0 end,
      ?, ?, now(), ?, now()
    from enterprises e cross join generate_series(0, 3) n`, [source, batch, batch]);
  // 不动产: one or two units for two firms in three; 科技研发: the last two years for one firm in five, one designated firm in ten without the latest year.
  await knex.raw(`insert into credit_records (category, record_key, uscc, format_version, payload, business_date, source_institution_id, batch_id, received_at, first_batch_id, first_received_at)
    select 'real_estate', 'bench-unit-' || n || '-' || e.uscc, e.uscc, 1, jsonb_build_object('area', '500.00', 'mortgaged', n = 0, 'seized', false), date '2024-06-18', ?, ?, now(), ?, now()
    from enterprises e cross join generate_series(0, 1) n where abs(hashtext(e.uscc || 'u' || n)) % 3 <> 0`, [source, batch, batch]);
  await knex.raw(`insert into credit_records (category, record_key, uscc, format_version, payload, business_date, source_institution_id, batch_id, received_at, first_batch_id, first_received_at)
    select 'rnd', e.uscc || '|' || y, e.uscc, 1,
      jsonb_build_object('year', y, 'designation', case when abs(hashtext(e.uscc || 'd')) % 5 <> 0 then 'high_tech' else 'none' end, 'rndExpense', '800000.00', 'superDeduction', '800000.00', 'rndStaff', 9),
      make_date(y, 12, 31), ?, ?, now(), ?, now()
    from enterprises e cross join generate_series(extract(year from now())::int - 2, extract(year from now())::int - 1) y
    where abs(hashtext(e.uscc)) % 5 = 0 and not (y = extract(year from now())::int - 1 and abs(hashtext(e.uscc || 'r')) % 10 = 0)`, [source, batch, batch]);
  await knex.raw('analyze');
  const tables = ['market_entities', 'enterprises', 'consent_grants', 'precredit_results', 'loan_applications', 'loan_application_events', 'loan_ledger_entries', 'outbox_messages',
    'bank_callbacks', 'tax_payment_records', 'credit_records', 'ingestion_batches', 'ingestion_quarantine'];
  const sizes: Record<string, number> = {};
  for (const t of tables) sizes[t] = Number((await knex(t).count<{ n: number }[]>('* as n'))[0]!.n);
  return sizes;
}
