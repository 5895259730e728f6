import type { Knex } from 'knex';

/**
 * The city-day bench's city, generated in SQL (generate_series, one statement per table) on top
 * of the platform's own small demo seed (its institutions, departments and 6 banks):
 * - market entities up to `entities` in total, with valid USCCs (GB 32100 check character and
 *   the 组织机构代码 check, computed in SQL; region 420200 so none meets a demo entity's code);
 * - one in ten active entities registered (企业用户 with the bench password), the brief's ~10 %;
 * - 14 more banks (20 in all), one officer and one 机构管理员 each, and one published credit product per bank;
 * - one grant per registered enterprise to one bank (by hash): half `pre_credit` (what the
 *   white-list run scores), half PERIODIC `post_loan_monitoring` (what the banks' systems pull);
 * - the pulled enterprises' profiles marked stale, so the platform's own drain builds them before
 *   the day starts (the bench waits for it).
 */
export const BANKS = 20;
/** Enterprises per bank whose profile the bank's system pulls during the day. */
export const PULLED_PER_BANK = 250;

export interface CityActors {
  /** Every bank: code, institution id, the officer's and the 机构管理员's usernames. */
  banks: { code: string; id: string; officer: string; admin: string }[];
  /** Per bank: the USCCs with a PERIODIC post-loan grant to it, whose profiles are built. */
  pulls: string[][];
  /** Registered enterprises' usernames (password: the bench password), shuffled by hash. */
  smeUsernames: string[];
  /** Products, one per bank, same order as `banks`. */
  products: string[];
  sizes: Record<string, number>;
}

/** The USCC of the n-th bench entity (digits only in the body, so the check characters are arithmetic). */
export const USCC_FUNCTION = `
create or replace function pg_temp.bench_uscc(prefix text, n bigint) returns text language sql immutable as $$
  select prefix || '420200' || lpad(n::text, 8, '0') || o.c
    || substr('0123456789ABCDEFGHJKLMNPQRTUWXY', 1 + ((31 - (substr(prefix, 1, 1)::int + 3 * substr(prefix, 2, 1)::int + 142 + o.v * 28
         + 20 * d1 + 29 * d2 + 25 * d3 + 13 * d4 + 8 * d5 + 24 * d6 + 10 * d7 + 30 * d8) % 31) % 31)::int, 1)
  from (select (n / 10000000) % 10 d1, (n / 1000000) % 10 d2, (n / 100000) % 10 d3, (n / 10000) % 10 d4,
               (n / 1000) % 10 d5, (n / 100) % 10 d6, (n / 10) % 10 d7, n % 10 d8) d
  cross join lateral (select 11 - (3 * d1 + 7 * d2 + 9 * d3 + 10 * d4 + 5 * d5 + 8 * d6 + 4 * d7 + 2 * d8) % 11 as r) r
  cross join lateral (select case r.r when 10 then 'X' when 11 then '0' else r.r::text end as c, case r.r when 10 then 29 when 11 then 0 else r.r end as v) o
$$`;

export async function generateCity(knex: Knex, entities: number, passwordHash: string, mobileEnc: string): Promise<CityActors> {
  await knex.raw(USCC_FUNCTION);
  const existing = Number((await knex('market_entities').count({ n: '*' }).first())!.n);
  await knex.raw(
    `insert into market_entities (uscc, name, entity_type, legal_representative, district_code, status, established_on, registered_capital, industry)
    select pg_temp.bench_uscc(case when n % 10 < 6 then '91' when n % 10 < 9 then '92' else '93' end, n),
      (array['黄石','西塞','下陆','铁山','阳新','大冶'])[1 + n % 6] || '城日' || n || case when n % 10 < 6 then '有限公司' when n % 10 < 9 then '商行' else '专业合作社' end,
      case when n % 10 < 6 then 'enterprise' when n % 10 < 9 then 'individual_business' else 'farmer_cooperative' end,
      '王' || (array['伟','芳','娜','敏','静','磊'])[1 + n % 6],
      (array['420202','420203','420204','420205','420222','420281'])[1 + n % 6],
      case when n % 20 = 0 then 'cancelled' when n % 2 = 0 then 'existing' else 'operating' end,
      date '2005-01-01' + (n % 7000)::int, (n % 500 + 1) * 10000, (array['批发业','零售业','制造业','建筑业','软件和信息技术服务业'])[1 + n % 5]
    from generate_series(1, ?::bigint) as n`,
    [Math.max(0, entities - existing)],
  );

  // 14 more banks beside the demo's 6, each with an officer and an admin; one published credit product per bank.
  const demoBanks = (await knex('institutions').where({ type: 'bank' }).orderBy('code').pluck('code')) as string[];
  const extra = Math.max(0, BANKS - demoBanks.length);
  await knex.raw(
    `with b as (insert into institutions (code, name, type, uscc)
       select 'CITY' || lpad(k::text, 2, '0'), '城日基准银行' || k || '号', 'bank', '914202009CITY' || lpad(k::text, 5, '0') from generate_series(1, ?::int) k returning id, code)
     insert into users (username, password_hash, role, display_name, institution_id, position)
       select lower(code) || '_officer', ?, 'bank_officer', '城日基准客户经理', id, 'officer' from b
       union all select lower(code) || '_admin', ?, 'bank_officer', '城日基准机构管理员', id, 'institution_admin' from b`,
    [extra, passwordHash, passwordHash],
  );
  const banks = (await knex('institutions as i')
    .where('i.type', 'bank')
    .orderBy('i.code')
    .select(
      'i.code',
      'i.id',
      knex.raw(`(select u.username from users u where u.institution_id = i.id and u.position = 'officer' order by u.created_at limit 1) as officer`),
      knex.raw(`(select u.username from users u where u.institution_id = i.id and u.position = 'institution_admin' order by u.created_at limit 1) as admin`),
    )
    .limit(BANKS)) as { code: string; id: string; officer: string; admin: string }[];
  await knex.raw(`create temporary table city_banks (idx int primary key, id uuid not null)`);
  await knex('city_banks').insert(banks.map((b, idx) => ({ idx, id: b.id })));
  const products = (await knex.raw(
    `insert into loan_products (bank_id, name, description, min_amount, max_amount, min_term_months, max_term_months, min_rate, max_rate, guarantee_type, status, published_at)
     select id, '城日信用贷', '城日基准产品', 10000, 5000000, 1, 36, 3, 6, 'credit', 'published', now() from city_banks order by idx returning id, bank_id`,
  )).rows as { id: string; bank_id: string }[];

  // One in ten active entities registered, each with its login.
  await knex.raw(
    `insert into enterprises (uscc, name, legal_representative, contact_name, contact_mobile_enc, registered_at)
     select uscc, name, legal_representative, legal_representative, ?, now() - make_interval(days => abs(hashtext(uscc)) % 700)
     from market_entities where status in ('existing', 'operating') and abs(hashtext(uscc || 'reg')) % 10 = 0`,
    [mobileEnc],
  );
  await knex.raw(
    `insert into users (username, password_hash, role, display_name, enterprise_id, enterprise_position)
     select 'cd' || lower(substr(uscc, 9, 9)), ?, 'enterprise', name, id, 'legal_representative' from enterprises where uscc like '__420200%'`,
    [passwordHash],
  );

  // One grant per registered enterprise, to the bank its hash picks.
  await knex.raw(
    `insert into consent_grants (enterprise_id, enterprise_uscc, grantee_institution_id, scopes, purpose, valid_from, valid_until, fetch_type,
       frequency_unit, frequency_value, artefact, artefact_signature, created_by, created_at)
     select e.id, e.uscc, b.id, '{register}', case when h % 2 = 0 then 'pre_credit' else 'post_loan_monitoring' end,
       now() - interval '1 day', now() + interval '300 days',
       case when h % 2 = 0 then 'ONETIME' else 'PERIODIC' end, case when h % 2 = 1 then 'MONTH' end, case when h % 2 = 1 then 1000 end,
       'city-day', 'city-day', 'city-day', now() - interval '1 day'
     from enterprises e cross join lateral (select abs(hashtext(e.uscc || 'g')) as h) x join city_banks b on b.idx = (x.h / 2) % ${BANKS}
     where e.uscc like '__420200%'`,
  );
  await knex.raw(`insert into consent_grant_usage (grant_id) select id from consent_grants where created_by = 'city-day'`);

  const pulled = (await knex.raw(
    `select b.idx, array_agg(g.enterprise_uscc order by g.enterprise_uscc) as usccs
     from city_banks b cross join lateral (
       select enterprise_uscc from consent_grants where grantee_institution_id = b.id and purpose = 'post_loan_monitoring' order by enterprise_uscc limit ${PULLED_PER_BANK}) g
     group by b.idx order by b.idx`,
  )).rows as { idx: number; usccs: string[] }[];
  await knex.raw(
    `insert into credit_profiles (uscc, stale) select u, true from unnest(?::text[]) as u on conflict (uscc) do update set stale = true`,
    [pulled.flatMap((p) => p.usccs.map((u) => u.trim()))],
  );
  const smeUsernames = (await knex('users').where('role', 'enterprise').where('username', 'like', 'cd%').orderByRaw('hashtext(username)').limit(5_000).pluck('username')) as string[];
  // Vacuumed now, so autovacuum does not work through the fresh tables during the phases.
  await knex.raw('vacuum analyze');
  // From here on the table statistics count only what the platform does (seqScans below).
  await knex.raw('select pg_stat_reset()');
  const sizes: Record<string, number> = {};
  for (const t of ['market_entities', 'enterprises', 'users', 'consent_grants', 'institutions', 'credit_profiles']) sizes[t] = Number((await knex(t).count({ n: '*' }).first())!.n);
  return {
    banks,
    pulls: pulled.map((p) => p.usccs.map((u) => u.trim())),
    smeUsernames,
    products: banks.map((b) => products.find((p) => p.bank_id === b.id)!.id),
    sizes,
  };
}

/**
 * Waits until the background work a phase left behind is done (the platform's drain has built
 * every stale profile, no white-list run is running); returns the seconds it took.
 */
export async function waitForBackgroundWork(knex: Knex, timeoutMs = 900_000): Promise<number> {
  const started = performance.now();
  for (;;) {
    const stale = Number((await knex('credit_profiles').where('stale', true).count({ n: '*' }).first())!.n);
    const runs = Number((await knex('precredit_runs').where('status', 'running').count({ n: '*' }).first())!.n);
    if (stale === 0 && runs === 0) return (performance.now() - started) / 1_000;
    if (performance.now() - started > timeoutMs) throw new Error(`${stale} profiles still stale, ${runs} white-list runs running`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** The tables the platform read by sequential scans since generation, most rows first (what an index may be missing). */
export async function seqScans(knex: Knex): Promise<Record<string, { scans: number; rows: number }>> {
  const rows = (await knex.raw(
    `select relname, seq_scan, seq_tup_read from pg_stat_user_tables where seq_tup_read > 100000 order by seq_tup_read desc limit 6`,
  )).rows as { relname: string; seq_scan: string; seq_tup_read: string }[];
  return Object.fromEntries(rows.map((r) => [r.relname, { scans: Number(r.seq_scan), rows: Number(r.seq_tup_read) }]));
}
