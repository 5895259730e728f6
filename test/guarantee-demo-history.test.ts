import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyArtefact } from '../src/consents/consent-artefact.js';
import { toFen } from '../src/platform/money.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

// Issue 16: the demo city's guarantee book has months of history, so the monthly report (and the
// chart on its page) shows real figures. The expected 在保 balance is recomputed here from the
// stored guarantees and loan ledgers, independently of the report's SQL.
let platform: TestPlatform;

interface ProductRow {
  productName: string;
  newCount: number;
  inForceCount: number;
  inForceBalance: string;
  compensated: string;
  released: string;
}
interface Report {
  products: ProductRow[];
  parties: { role: string; amount: string }[];
}

const shanghaiMonth = (back: number) => {
  const now = new Date(Date.now() + 8 * 3_600_000);
  const index = now.getUTCFullYear() * 12 + now.getUTCMonth() - back;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
};
const monthEnd = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
};

beforeAll(async () => {
  platform = await startTestPlatform({ DEMO_GUARANTEE_HISTORY: 'true', DEMO_ENTITY_COUNT: '150', DEMO_CREDIT_RECORD_ENTITIES: '40', SCHEDULER_ENABLED: 'false' });
}, 120_000);
afterAll(() => platform?.close());

describe('demo guarantee history', () => {
  it('gives every past month new business and 在保 that follows the outstanding principal, with 代偿 and 解保 in the book', async () => {
    const knex = platform.database.knex;
    const token = await platform.login('kdd_officer');
    const company = (await knex('institutions').where({ code: 'HBSTG_HS' }).first('id')).id as string;
    const month = shanghaiMonth(2);
    const report = (await (await platform.api(`/api/v1/guarantee-reports/monthly?month=${month}`, { token })).json()) as Report;
    expect(report.products.reduce((n, p) => n + p.newCount, 0)).toBeGreaterThan(0);

    // 在保 at the month's end, recomputed: granted before, not released or compensated by then, share × outstanding.
    const end = monthEnd(month);
    const next = new Date(`${end}T16:00:00Z`);
    const rows = (await knex('guarantees as g')
      .join('guarantee_products as p', 'p.id', 'g.product_id')
      .leftJoin('guarantee_compensations as c', 'c.guarantee_id', 'g.id')
      .where('g.company_id', company)
      .whereNotNull('g.decided_at')
      .select('g.application_id', 'g.status', 'g.decided_at', 'g.released_at', 'p.name', 'p.guaranteed_share_bp', knex.raw("to_char(c.paid_on, 'YYYY-MM-DD') as paid_on"))) as {
      application_id: string;
      status: string;
      decided_at: Date;
      released_at: Date | null;
      name: string;
      guaranteed_share_bp: number;
      paid_on: string | null;
    }[];
    const expected = new Map<string, bigint>();
    for (const g of rows) {
      if (g.status === 'declined' || g.decided_at >= next || (g.released_at && g.released_at < next) || (g.paid_on && g.paid_on <= end)) continue;
      const ledger = (await knex('loan_ledger_entries').where({ application_id: g.application_id }).where('occurred_on', '<=', end).select('kind', 'amount')) as { kind: string; amount: string }[];
      const outstanding = ledger.reduce((sum, l) => sum + (l.kind === 'disbursement' ? toFen(l.amount) : -toFen(l.amount)), 0n);
      if (outstanding <= 0n) continue;
      expected.set(g.name, (expected.get(g.name) ?? 0n) + (outstanding * BigInt(g.guaranteed_share_bp) + 5_000n) / 10_000n);
    }
    expect(expected.size).toBeGreaterThan(0);
    for (const p of report.products) expect(toFen(p.inForceBalance), p.productName).toBe(expected.get(p.productName) ?? 0n);

    // Across the six past months both companies' books show releases and compensations, each split exactly.
    const hsfg = await platform.login('hsfg_officer');
    const months = await Promise.all(
      [1, 2, 3, 4, 5, 6].flatMap((back) => [token, hsfg].map(async (t) => (await (await platform.api(`/api/v1/guarantee-reports/monthly?month=${shanghaiMonth(back)}`, { token: t })).json()) as Report)),
    );
    expect(months.some((r) => r.products.some((p) => toFen(p.released) > 0n))).toBe(true);
    expect(months.some((r) => r.products.some((p) => toFen(p.compensated) > 0n))).toBe(true);
    const compensations = (await knex('guarantee_compensations').select('loss_amount', 'shares')) as { loss_amount: string; shares: { amount: string }[] }[];
    expect(compensations.length).toBeGreaterThan(0);
    for (const c of compensations) expect(c.shares.reduce((sum, s) => sum + toFen(s.amount), 0n)).toBe(toFen(c.loss_amount));
    expect(Number((await knex('guarantee_recoveries').count('* as n').first())?.n)).toBeGreaterThan(0);
  });

  it('makes each past application under its own signed 贷款申请 authorisation, by a firm registered before it, answered within the limits the office watches', async () => {
    const knex = platform.database.knex;
    const applications = (await knex('loan_applications as a')
      .join('guarantees as g', 'g.application_id', 'a.id')
      .join('enterprises as e', 'e.id', 'a.enterprise_id')
      .leftJoin('consent_grants as c', 'c.id', 'a.consent_grant_id')
      .select('a.id', 'a.bank_id', 'a.created_at', 'e.registered_at', 'c.application_id as grant_application', 'c.grantee_institution_id', 'c.purpose',
        'c.valid_from', 'c.status', 'c.artefact', 'c.artefact_signature')) as {
      id: string; bank_id: string; created_at: Date; registered_at: Date; grant_application: string | null; grantee_institution_id: string;
      purpose: string; valid_from: Date; status: string; artefact: string; artefact_signature: string;
    }[];
    expect(applications.length).toBeGreaterThan(0);
    for (const a of applications) {
      expect(a.grant_application, a.id).toBe(a.id);
      expect([a.grantee_institution_id, a.purpose]).toEqual([a.bank_id, 'loan_application']);
      // In force for the default 90 days from the application's first day, expired after.
      expect(a.status, a.id).toBe(Date.now() - new Date(a.valid_from).getTime() >= 90 * 86_400_000 ? 'EXPIRED' : 'ACTIVE');
      expect(new Date(a.valid_from).getTime()).toBe(new Date(a.created_at).getTime());
      expect(verifyArtefact(a.artefact, a.artefact_signature, platform.config.platformSm2.publicKey)).toBe(true);
      expect(new Date(a.registered_at).getTime()).toBeLessThan(new Date(a.created_at).getTime());
    }
    // The office reads them: the history's firms authorised before this month.
    const office = await platform.login('jrj_viewer');
    await platform.api('/api/v1/oversight/refresh', { method: 'POST', token: office });
    const kpis = (await (await platform.api(`/api/v1/oversight/kpis?month=${shanghaiMonth(1)}`, { token: office })).json()) as { figures: { code: string; numerator: string | null }[] };
    expect(Number(kpis.figures.find((f) => f.code === 'authorisation_share_ever')!.numerator)).toBeGreaterThan(0);
    // Each firm's first application is a 首贷户, as opening it marks one, and the office counts them.
    const firsts = (await knex('loan_applications').whereIn('enterprise_id', knex('loan_applications as f').join('guarantees as g', 'g.application_id', 'f.id').select('f.enterprise_id'))
      .orderBy('created_at').select('enterprise_id', 'first_loan')) as { enterprise_id: string; first_loan: boolean }[];
    const earliest = new Map<string, boolean>();
    for (const a of firsts) if (!earliest.has(a.enterprise_id)) earliest.set(a.enterprise_id, a.first_loan);
    expect([...earliest.values()]).toEqual([...earliest.keys()].map(() => true));
    const counted = await Promise.all([0, 1, 2, 3, 4, 5, 6].map(async (back) => {
      const month = (await (await platform.api(`/api/v1/oversight/kpis?month=${shanghaiMonth(back)}`, { token: office })).json()) as { figures: { code: string; value: string | null }[] };
      return Number(month.figures.find((f) => f.code === 'first_loan_count')!.value);
    }));
    // Firms, not applications: a firm whose second application was opened before its first was disbursed has both marked.
    expect(counted.reduce((a, b) => a + b, 0)).toBe(new Set(firsts.filter((a) => a.first_loan).map((a) => a.enterprise_id)).size);
    // The history's banks answered within the limits the office watches (24 working hours to accept, 5 working days to decide).
    const service = (await (await platform.api(`/api/v1/oversight/bank-service?from=${shanghaiMonth(6)}&to=${shanghaiMonth(0)}`, { token: office })).json()) as {
      rows: { bankName: string; submitted: number; avgWorkHoursToAcceptance: string | null; avgWorkDaysToDecision: string | null }[];
    };
    const served = service.rows.filter((r) => r.submitted > 0);
    expect(served.length).toBeGreaterThan(0);
    for (const r of served) expect([r.bankName, Number(r.avgWorkHoursToAcceptance) <= 24, Number(r.avgWorkDaysToDecision) <= 5]).toEqual([r.bankName, true, true]);
  });

  it('lets each guarantee company open the applicant of every guarantee it lists, under the grant submission gave it', async () => {
    const knex = platform.database.knex;
    for (const username of ['kdd_officer', 'hsfg_officer']) {
      const token = await platform.login(username);
      const { items } = (await (await platform.api('/api/v1/guarantees', { token })).json()) as { items: { id: string; applicationId: string }[] };
      expect(items.length, username).toBeGreaterThan(0);
      const opened: string[] = [];
      for (const g of items) {
        const bankGrant = (await knex('loan_applications as a').join('consent_grants as c', 'c.id', 'a.consent_grant_id').where('a.id', g.applicationId).first('c.status')) as { status: string };
        const res = await platform.api(`/api/v1/guarantees/${g.id}/profile`, { token });
        const body = (await res.json()) as { code?: string };
        // The company's grant lives or expires with the bank's: same terms, same day.
        if (bankGrant.status === 'ACTIVE') expect([g.id, res.status], JSON.stringify(body)).toEqual([g.id, 200]);
        else expect([g.id, res.status, body.code]).toEqual([g.id, 403, 'CONSENT_EXPIRED']);
        if (res.status === 200) opened.push(g.id);
      }
      // The last three months' guarantees are within their 90 days.
      expect(opened.length, username).toBeGreaterThan(0);
    }
  });

  it('lends to firms the city has government data about, so a guarantee officer opening one sees a filled profile', async () => {
    const knex = platform.database.knex;
    const firms = (await knex('guarantees as g')
      .join('loan_applications as a', 'a.id', 'g.application_id')
      .join('enterprises as e', 'e.id', 'a.enterprise_id')
      .distinct('e.uscc')) as { uscc: string }[];
    expect(firms.length).toBeGreaterThan(0);
    const withRecords = (await knex('credit_records').where({ category: 'register' }).whereIn('uscc', firms.map((f) => f.uscc)).distinct('uscc')) as { uscc: string }[];
    expect(withRecords.map((r) => r.uscc).sort()).toEqual(firms.map((f) => f.uscc).sort());
  });
});
