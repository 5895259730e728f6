import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISTRICT, seedOversightDistrict, type OversightFixture } from './helpers/oversight-fixtures.js';
import { PRECREDIT_FUNNEL_ANSWER, seedPrecreditWhitelist } from './helpers/precredit-funnel-fixture.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

// Issue 18: the financial office's figures on a hand-made district with known answers, the
// aggregates staying correct across refreshes, and the monthly workbook matching the API.
let platform: TestPlatform;
let office: string;
let fixture: OversightFixture;

type Figure = { code: string; value: string | null; numerator: string | null; denominator: string | null; met: boolean | null; target: { value: string; source: string } | null };

beforeAll(async () => {
  platform = await startTestPlatform({ SCHEDULER_ENABLED: 'false', DEMO_CREDIT_RECORD_ENTITIES: '0' });
  office = await platform.login('jrj_viewer');
  fixture = await seedOversightDistrict(platform.database.knex);
});
afterAll(() => platform?.close());

async function get<T>(path: string, token = office): Promise<T> {
  const res = await platform.api(path, { token });
  expect(res.status, `${path}: ${res.status}`).toBe(200);
  return (await res.json()) as T;
}
const figures = async (query: string) =>
  new Map((await get<{ figures: Figure[] }>(`/api/v1/oversight/kpis?${query}`)).figures.map((f) => [f.code, f]));
const refresh = async () => expect((await platform.api('/api/v1/oversight/refresh', { method: 'POST', token: office })).status).toBe(200);

describe('aggregates: figures move only with a refresh, and a refresh recomputes them from the source tables', () => {
  it('does not show the new district before a refresh, and shows it after', async () => {
    const before = await figures(`month=2026-10&district=${DISTRICT}`);
    expect(before.get('registration_share')?.denominator).toBe('0');
    await refresh();
    const after = await figures(`month=2026-10&district=${DISTRICT}`);
    expect(after.get('registration_share')).toMatchObject({ value: '0.200000', numerator: '8', denominator: '40' });
  });

  it('follows a new repayment after the next refresh (no incremental drift: every row is recomputed)', async () => {
    const knex = platform.database.knex;
    await knex('loan_ledger_entries').insert({ application_id: fixture.applications.a1, kind: 'repayment', reference: 'r-extra', amount: '50000.00', occurred_on: '2026-10-25' });
    expect((await figures(`month=2026-10&district=${DISTRICT}`)).get('inclusive_balance')?.value).toBe('900000.00');
    await refresh();
    expect((await figures(`month=2026-10&district=${DISTRICT}`)).get('inclusive_balance')?.value).toBe('850000.00');
    await knex('loan_ledger_entries').where({ reference: 'r-extra' }).delete();
    await refresh();
    expect((await figures(`month=2026-10&district=${DISTRICT}`)).get('inclusive_balance')?.value).toBe('900000.00');
  });
});

describe('新增首贷户 counts firms, not applications', () => {
  it('counts a firm whose two applications were both marked 首贷 once, in the month of its first disbursement', async () => {
    const knex = platform.database.knex;
    const a1 = await knex('loan_applications').where({ id: fixture.applications.a1 }).first();
    // Opened before a1 was disbursed, so marked 首贷 too: one disbursed in a1's month, one the month after.
    const products = await knex('loan_products')
      .insert([1, 2].map((n) => ({
        bank_id: fixture.bankId, name: `测试信用贷${n}`, min_amount: '10000.00', max_amount: '50000000.00', min_term_months: 1, max_term_months: 36,
        min_rate: '3.0000', max_rate: '6.0000', guarantee_type: 'credit', status: 'published',
      })))
      .returning('id');
    const second = await knex('loan_applications')
      .insert(products.map((p: { id: string }) => ({
        enterprise_id: a1.enterprise_id, bank_id: fixture.bankId, product_id: p.id, term_months: 12, purpose: '经营周转', amount: '200000.00',
        status: 'DISBURSED', first_loan: true, approved_amount: '200000.00', approved_rate: '4.0000', disbursed_amount: '200000.00',
        submitted_at: a1.submitted_at,
      })))
      .returning('id');
    const ids = second.map((r: { id: string }) => r.id);
    await knex('loan_ledger_entries').insert([
      { application_id: ids[0], kind: 'disbursement', reference: 'first-loan-twice-1', amount: '200000.00', occurred_on: '2026-09-25' },
      { application_id: ids[1], kind: 'disbursement', reference: 'first-loan-twice-2', amount: '200000.00', occurred_on: '2026-10-05' },
    ]);
    try {
      await refresh();
      expect((await figures(`month=2026-09&district=${DISTRICT}`)).get('first_loan_count')).toMatchObject({ value: '1', numerator: '1' });
      expect((await figures(`month=2026-10&district=${DISTRICT}`)).get('first_loan_count')).toMatchObject({ value: '0', numerator: '0' });
    } finally {
      await knex('loan_ledger_entries').whereIn('application_id', ids).delete();
      await knex('loan_applications').whereIn('id', ids).delete();
      await knex('loan_products').whereIn('id', products.map((p: { id: string }) => p.id)).delete();
      await refresh();
    }
  });
});

describe('KPIs of the hand-made district (known answers)', () => {
  it.each([
    ['2026-10', 'registration_share', '0.200000', '8', '40'],
    ['2026-09', 'registration_share', '0.075000', '3', '40'],
    ['2026-10', 'authorisation_share_ever', '0.100000', '4', '40'],
    ['2026-10', 'inclusive_balance', '900000.00', '900000.00', null],
    ['2026-10', 'credit_loan_share', '1.000000', '900000.00', '900000.00'],
    ['2026-10', 'guarantee_share', '0.956938', '20000000.00', '20900000.00'],
    ['2026-09', 'first_loan_count', '1', '1', null],
    ['2026-09', 'first_loan_amount', '1000000.00', '1000000.00', null],
    ['2026-10', 'first_loan_count', '0', '0', null],
    ['2026-09', 'average_rate', '3.6500', '3650000.00', '1000000.00'],
    ['2026-10', 'average_rate', '4.0000', '80000000.00', '20000000.00'],
    ['2026-09', 'online_disbursement_share', '1.000000', '1000000.00', '1000000.00'],
    ['2026-10', 'online_disbursement_share', '0.000000', '0.00', '20000000.00'],
  ])('%s %s = %s (%s / %s)', async (month, code, value, numerator, denominator) => {
    expect((await figures(`month=${month}&district=${DISTRICT}`)).get(code)).toMatchObject({ value, numerator, denominator });
  });

  it('counts active authorisations now and the data figures city-wide', async () => {
    expect((await figures(`district=${DISTRICT}`)).get('authorisation_share_active')).toMatchObject({ value: '0.075000', numerator: '3', denominator: '40' });
    const city = await figures('month=2026-10');
    expect(city.get('publicity_on_time')).toMatchObject({ value: '0.750000', numerator: '3', denominator: '4', met: false });
    expect(city.get('uscc_error_rate')).toMatchObject({ value: '0.001000', numerator: '1', denominator: '1000', met: false });
    expect(city.get('uscc_error_rate')?.target).toMatchObject({ value: '0.000100' });
    expect(city.get('uscc_error_rate')?.target?.source).toContain('黄信用〔2023〕1号');
    const denominators = await get<{ existing: number }[]>('/api/v1/register/denominators');
    const existing = denominators.reduce((n, d) => n + d.existing, 0);
    const now = await figures('');
    expect(now.get('coverage_water')).toMatchObject({ numerator: '20', denominator: String(existing) });
    expect(now.get('coverage_real_estate')).toMatchObject({ numerator: '12', denominator: String(existing), target: { value: '0.500000' } });
    expect(now.get('coverage_rnd')).toMatchObject({ value: '0.500000', numerator: '2', denominator: '4', met: false, target: { value: '1.000000' } });
  });

  it('calls a bank 已对接 exactly when 银行对接 does, a passed 测试连接 included', async () => {
    // The platform tested each simulated bank's connection at start; 测试村镇银行 has no adapter,
    // only a message delivered to its code a day ago.
    await refresh();
    const admin = await platform.login('admin');
    const { items: connections } = await get<{ items: { institutionId: string; connected: boolean }[] }>('/api/v1/bank-connections', admin);
    const truth = new Map(connections.map((c) => [c.institutionId, c.connected]));
    expect([...truth.values()].filter(Boolean).length).toBeGreaterThan(0);
    const drill = await get<{ kind: string; rows: { id: string; name: string; connected: boolean; lastExchangeAt?: string | null }[] }>('/api/v1/oversight/drill-down?kpi=bank_access_share');
    expect(drill.kind).toBe('banks');
    expect(drill.rows.map((r) => [r.id, r.connected])).toEqual(drill.rows.map((r) => [r.id, truth.get(r.id) ?? false]));
    expect(drill.rows.find((r) => r.name === '测试村镇银行')!.connected).toBe(false);
    // 最近成功交互 counts the test too: no bank is 已对接 without one.
    expect(drill.rows.filter((r) => r.connected && !r.lastExchangeAt)).toEqual([]);
    const service = await get<{ rows: { bankId: string; connected: boolean }[] }>('/api/v1/oversight/bank-service');
    expect(service.rows.map((r) => [r.bankId, r.connected])).toEqual(service.rows.map((r) => [r.bankId, truth.get(r.bankId) ?? false]));
    const access = (await figures('')).get('bank_access_share')!;
    expect(access).toMatchObject({ numerator: String([...truth.values()].filter(Boolean).length), denominator: String(drill.rows.length) });
  });

  it('takes the city 普惠 balance the office enters as the denominator of the platform share', async () => {
    const put = await platform.api('/api/v1/oversight/city-inclusive-balances', { method: 'PUT', token: office, body: { month: '2026-10', balance: '9000000.00', source: '人民银行黄石市中心支行' } });
    expect(put.status).toBe(204);
    expect((await figures('month=2026-10')).get('inclusive_share_of_city')).toMatchObject({ value: '0.100000', numerator: '900000.00', denominator: '9000000.00' });
  });

  it('refuses months and dates no one means and text with bidi overrides, naming the field', async () => {
    const refused = async (res: Response, field: string) => {
      expect(res.status).toBe(400);
      expect(((await res.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toContain(field);
    };
    const balance = (body: Record<string, string>) =>
      platform.api('/api/v1/oversight/city-inclusive-balances', { method: 'PUT', token: office, body: { month: '2026-10', balance: '1.00', source: '人民银行', ...body } });
    await refused(await balance({ month: '0000-11' }), 'month');
    await refused(await balance({ month: '2101-01' }), 'month');
    await refused(await balance({ source: '人民\u202e银行' }), 'source');
    const target = { kpiCode: 'registration_share', comparator: 'gt', target: '0.15', source: '测试文件', effectiveFrom: '2026-10-15' };
    await refused(await platform.api('/api/v1/oversight/targets', { token: office, body: { ...target, effectiveFrom: '0001-01-01' } }), 'effectiveFrom');
    await refused(await platform.api('/api/v1/oversight/kpis?month=9999-12', { token: office }), 'month');
  });

  it('applies a new target from its effective date and keeps the old one before it', async () => {
    const res = await platform.api('/api/v1/oversight/targets', {
      token: office,
      body: { kpiCode: 'registration_share', comparator: 'gt', target: '0.15', source: '测试文件', effectiveFrom: '2026-10-15' },
    });
    expect(res.status).toBe(204);
    expect((await figures(`month=2026-10&district=${DISTRICT}`)).get('registration_share')).toMatchObject({ met: true, target: { value: '0.150000', source: '测试文件' } });
    expect((await figures(`month=2026-09&district=${DISTRICT}`)).get('registration_share')).toMatchObject({ met: false, target: { value: '0.200000' } });
  });
});

describe('funnel and bank service', () => {
  it('counts each stage of the district over the period', async () => {
    const funnel = await get<{ stages: unknown[] }>(`/api/v1/oversight/funnel?from=2026-09&to=2026-10&district=${DISTRICT}`);
    expect(funnel.stages).toEqual([
      { stage: 'registered', count: 8, amount: null },
      { stage: 'authorised', count: 4, amount: null },
      { stage: 'applied', count: 4, amount: '21800000.00' },
      { stage: 'accepted', count: 3, amount: null },
      { stage: 'approved', count: 2, amount: '21000000.00' },
      { stage: 'disbursed', count: 2, amount: '21000000.00' },
    ]);
  });

  it('follows the bank\'s white list through 走访, 授信 and 放款, per bank and for the district', async () => {
    type Precredit = { stages: unknown[]; banks: { bankId: string; bankName: string; stages: unknown[] }[] };
    const precredit = async (query: string) => (await get<{ precredit: Precredit }>(`/api/v1/oversight/funnel?${query}`)).precredit;
    const modelBanks = async () => (await figures('')).get('precredit_model_banks')!;
    const before = Number((await modelBanks()).value);
    await seedPrecreditWhitelist(platform.database.knex, fixture);
    // The funnel is as fresh as the other figures: the new white list shows after the next refresh.
    await platform.services.oversight.refresh();

    const district = await precredit(`from=2026-09&to=2026-10&district=${DISTRICT}`);
    expect(district.stages).toEqual(PRECREDIT_FUNNEL_ANSWER);
    expect(district.banks).toEqual([{ bankId: fixture.bankId, bankName: '测试村镇银行', stages: PRECREDIT_FUNNEL_ANSWER }]);
    const city = await precredit('from=2026-09&to=2026-10');
    expect(city.banks.find((b) => b.bankId === fixture.bankId)?.stages).toEqual(PRECREDIT_FUNNEL_ANSWER);
    expect((await precredit(`from=2026-10&to=2026-10&district=${DISTRICT}`)).stages).toEqual([
      { stage: 'whitelisted', count: 4, amount: '1100000.00' },
      { stage: 'visited', count: 1, amount: '500000.00' },
      { stage: 'approved', count: 0, amount: '0.00' },
      { stage: 'disbursed', count: 0, amount: '0.00' },
    ]);

    expect(await modelBanks()).toMatchObject({ value: String(before + 1), numerator: String(before + 1), unavailable: null });
    const drill = await get<{ rows: { id: string; value: string }[] }>('/api/v1/oversight/drill-down?kpi=precredit_model_banks');
    expect(drill.rows.find((r) => r.id === fixture.bankId)?.value).toBe('1');
  });

  it('measures the bank in working time and escalates the overdue application to the office', async () => {
    const service = await get<{ rows: Record<string, unknown>[]; overdue: Record<string, unknown>[] }>('/api/v1/oversight/bank-service?from=2026-09&to=2026-10');
    expect(service.rows.find((r) => r.bankId === fixture.bankId)).toMatchObject({
      submitted: 4, accepted: 3, decided: 3, approved: 2, acceptanceRate: '0.750000', approvalRate: '0.500000',
      avgWorkHoursToAcceptance: '7.3', avgWorkDaysToDecision: '1.58', overdue: 1, adapterConfigured: false, connected: false,
    });
    expect(service.overdue.find((o) => o.id === fixture.applications.a4)).toMatchObject({ overdueFor: 'acceptance', escalation: 'office', bankName: '测试村镇银行' });
  });

  it('tells the bank about each overdue application once, through the outbox', async () => {
    await platform.services.oversight.escalateOverdue();
    await platform.services.oversight.escalateOverdue();
    const messages = await platform.database.knex('outbox_messages').where({ target: fixture.bankId, topic: 'application.overdue' }).select('message_key', 'payload');
    expect(messages).toHaveLength(1);
    expect(messages[0].payload.data).toMatchObject({ applicationId: fixture.applications.a4, overdueFor: 'acceptance', escalation: 'office' });
  });
});

describe('the monthly workbook', () => {
  it('holds the same figures as the API, with Chinese headers, formats and a cover sheet of definitions', async () => {
    const res = await platform.api('/api/v1/oversight/report.xlsx?month=2026-10', { token: office });
    expect(res.status).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await res.arrayBuffer());
    expect(wb.worksheets.map((s) => s.name)).toEqual(['封面与指标说明', '监测指标', '分区县指标', '月度趋势', '融资漏斗', '银行服务', '超时申请', '放款排名']);
    expect(String(wb.getWorksheet('封面与指标说明')!.getCell('B2').value)).toBe('2026-10');
    const coverText = wb.getWorksheet('封面与指标说明')!.getColumn(4).values.join('');
    expect(coverText).toContain('该银行已受理（已查看并接单）');

    const api = await get<{ figures: (Figure & { name: string; unit: string; unavailable: string | null })[] }>('/api/v1/oversight/kpis?month=2026-10');
    const sheet = wb.getWorksheet('监测指标')!;
    expect(sheet.getRow(1).values).toEqual([undefined, '指标', '单位', '数值', '分子', '分母', '目标', '是否达标', '目标依据']);
    api.figures.forEach((f, i) => {
      const row = sheet.getRow(i + 2);
      expect(row.getCell(1).value).toBe(f.name);
      if (f.unavailable) expect(row.getCell(3).value).toBe('暂无数据');
      else expect(row.getCell(3).value, f.code).toBe(f.value === null ? null : Number(f.value));
      if (f.unit === 'percent') expect(row.getCell(3).numFmt).toBe('0.00%');
      if (f.unit === 'yuan') expect(row.getCell(3).numFmt).toBe('#,##0.00');
      // The target reads as the dashboard says it: a comparison and a number as people write it, not the stored decimal.
      expect(String(row.getCell(6).value), f.code).toMatch(/^(—|(高于|不低于|低于|不高于) \d{1,3}(,\d{3})*(\.\d{1,2})?(%| 元)?)$/);
    });

    const district = wb.getWorksheet('分区县指标')!;
    const testRow = district.getRows(2, district.rowCount - 1)!.find((r) => r.getCell(1).value === '测试区')!;
    const header = (district.getRow(1).values as unknown[]).slice(1);
    expect(testRow.getCell(header.indexOf('企业注册率') + 1).value).toBe(0.2);

    const service = await get<{ rows: { bankName: string; submitted: number; acceptanceRate: string | null }[] }>('/api/v1/oversight/bank-service?to=2026-10');
    const banks = wb.getWorksheet('银行服务')!;
    for (const [i, b] of service.rows.entries()) {
      const row = banks.getRow(i + 2);
      expect(row.getCell(1).value).toBe(b.bankName);
      expect(row.getCell(4).value).toBe(b.submitted);
      expect(row.getCell(8).value).toBe(b.acceptanceRate === null ? null : Number(b.acceptanceRate));
    }
    const funnel = await get<{ stages: { count: number }[] }>('/api/v1/oversight/funnel?to=2026-10');
    const funnelSheet = wb.getWorksheet('融资漏斗')!;
    funnel.stages.forEach((s, i) => expect(funnelSheet.getRow(i + 2).getCell(2).value).toBe(s.count));
    const precreditTitle = funnelSheet.getColumn(1).values.findIndex((v) => typeof v === 'string' && v.startsWith('预授信漏斗（全市'));
    const precredit = await get<{ precredit: { stages: { count: number; amount: string }[] } }>('/api/v1/oversight/funnel?to=2026-10');
    precredit.precredit.stages.forEach((s, i) => {
      const row = funnelSheet.getRow(precreditTitle + 1 + i);
      expect([row.getCell(1).value, row.getCell(2).value, row.getCell(3).value]).toEqual([['白名单', '走访', '授信', '放款'][i], s.count, Number(s.amount)]);
    });

    // 放款排名: the hand-made bank lent 20,000,000.00 in 2026-10, the most of any bank that month.
    const ranking = wb.getWorksheet('放款排名')!;
    const bankTitle = ranking.getColumn(1).values.findIndex((v) => typeof v === 'string' && v.startsWith('按银行'));
    expect(ranking.getRow(bankTitle + 2).values).toEqual([undefined, 1, '测试村镇银行', 20_000_000, 20_900_000, 900_000, 0]);
  });
});

describe('access', () => {
  it('refuses other roles and unknown districts', async () => {
    const bank = await platform.login('abc_officer');
    expect((await platform.api('/api/v1/oversight/kpis', { token: bank })).status).toBe(403);
    expect((await platform.api('/api/v1/oversight/kpis?district=999999', { token: office })).status).toBe(404);
    expect((await platform.api('/api/v1/oversight/drill-down?kpi=no_such_kpi', { token: office })).status).toBe(404);
  });
});
