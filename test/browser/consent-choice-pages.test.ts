/// <reference lib="dom" />
// page.evaluate() callbacks run in the browser.
// Consent as the enterprise chooses it (issue 13), and the walk of every page's visible text.
import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_INSTITUTIONS } from '../../src/demo/demo-city.js';
import type { Role } from '../../src/platform/roles.js';
import { institutionId } from '../helpers/consent-fixtures.js';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal, tabs } = portalForFile();

const ABC = DEMO_INSTITUTIONS.find((i) => i.code === 'ABC_HS')!;
const account = (role: string) => portal.platform.demo!.accounts.find((a) => a.role === role)!;
const enterprise = () => account('enterprise');
const REQUIRED = ['credit_lists', 'judicial', 'register'];

/** A published product of ABC (no bank adapter: nothing moves the application behind the test's back). */
async function abcProduct(): Promise<string> {
  const bank = await portal.platform.login(ABC.username);
  const admin = await portal.platform.login('admin');
  const created = await portal.platform.api('/api/v1/loan-products', {
    token: bank,
    body: {
      name: '农银税e贷',
      description: '按纳税记录核定额度的信用贷款',
      minAmount: '100000',
      maxAmount: '3000000',
      minTermMonths: 6,
      maxTermMonths: 36,
      minRate: '3.45',
      maxRate: '4.80',
      guaranteeType: 'credit',
      eligibility: [],
      zoneTags: [],
    },
  });
  const { id } = (await created.json()) as { id: string };
  await portal.platform.api(`/api/v1/loan-products/${id}/publish`, { token: admin, body: { revision: 1 } });
  return id;
}

describe('consent as the enterprise chooses it', () => {
  it('the SME narrows the scopes on apply and prints the 授权书; the officer reads once and reloads; the revoke dialog tells the truth', async () => {
    const productId = await abcProduct();
    const sme = enterprise();
    const ent = await tabs.open(sme.username, { password: sme.password, path: `/enterprise/products/${productId}/apply` });
    const picker = ent.locator('[data-test="consent-terms"]');
    await picker.locator('[data-test="required-register"]').waitFor();
    // The smallest useful default is preselected; the SME drops 社会保险 and shortens the period.
    expect(await picker.locator('[data-test="scope-social_security"] input').isChecked()).toBe(true);
    expect(await picker.locator('[data-test="scope-utilities"] input').isChecked()).toBe(false);
    await picker.locator('[data-test="scope-social_security"]').click();
    await picker.locator('[data-test="valid-days"] input').fill('30');
    await picker.locator('[data-test="valid-days"] input').blur();
    const summary = await picker.locator('[data-test="consent-summary"]').innerText();
    expect(summary).toContain('登记注册、纳税、司法判决及执行、严重失信主体名单');
    expect(summary).not.toContain('社会保险');
    expect(summary).toMatch(/授权期限 30 天（至 \d{4}-\d{2}-\d{2}，北京时间）；仅可查询一次/);
    await ent.locator('[data-test="amount"] input').fill('50');
    await ent.locator('[data-test="term"] input').fill('12');
    await ent.locator('textarea[data-test="purpose"]').fill('采购原材料');
    await ent.locator('[data-test="agree"]').click();
    await portal.screenshot(ent, 'consent-choice-apply');
    await ent.getByRole('button', { name: '提交申请' }).click();
    // The amount applied for is confirmed first, in digits and in 大写金额, with the bank named.
    const confirm = ent.locator('[data-test="money-confirm"]');
    await expect(confirm.locator('[data-test="confirm-counterparty"]').innerText()).resolves.toBe('申请对象：中国农业银行黄石分行');
    await expect(confirm.locator('[data-test="confirm-amount"]').innerText()).resolves.toBe('申请金额：500,000.00 元');
    await expect(confirm.locator('[data-test="confirm-amount-words"]').innerText()).resolves.toBe('大写：伍拾万元整');
    await ent.locator('.el-message-box').getByRole('button', { name: '确认提交' }).click();
    await ent.waitForURL(/\/enterprise\/applications\/[0-9a-f-]{36}$/);
    const applicationId = ent.url().split('/').at(-1)!;
    const { knex } = portal.platform.database;
    const { consent_grant_id: grantId } = await knex('loan_applications').where({ id: applicationId }).first('consent_grant_id');
    const grant = await knex('consent_grants').where({ id: grantId }).first();
    expect([...grant.scopes].sort()).toEqual([...REQUIRED, 'tax'].sort());
    expect(grant.fetch_type).toBe('ONETIME');
    expect(new Date(grant.valid_until).getTime() - new Date(grant.valid_from).getTime()).toBe(30 * 86_400_000);

    // The same product again: the open application is named and the form is not offered (one per product).
    await ent.goto(`${portal.platform.url}/enterprise/products/${productId}/apply`);
    const open = ent.locator('[data-test="open-application"]');
    await open.getByText('当前状态为“已提交”').waitFor();
    expect(await ent.locator('[data-test="amount"]').count()).toBe(0);
    await open.getByRole('button', { name: '查看该申请' }).click();
    await ent.waitForURL(new RegExp(`/enterprise/applications/${applicationId}$`));

    // The 授权书 reads as a Chinese document and prints as the document alone.
    await ent.goto(`${portal.platform.url}/consents/${grantId}/document`);
    const document = ent.locator('[data-test="consent-document"]');
    await document.getByText('企业信用信息查询授权书').waitFor();
    const text = await document.innerText();
    expect(text).toMatch(/授权人（企业）：[\s\S]*被授权人：中国农业银行黄石分行/);
    expect(text).toMatch(/登记注册[\s\S]*纳税/);
    expect(text).not.toContain('社会保险');
    // Dates read as on every other page (2026-03-05 14:30), not 2026年3月5日.
    expect(text).toMatch(/自 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（北京时间） 起/);
    expect(text).toContain('撤销权');
    expect(text).not.toContain('"scopes"');
    await portal.screenshot(ent, 'consent-document');
    await ent.emulateMedia({ media: 'print' });
    expect(await ent.locator('.topbar').isVisible()).toBe(false);
    expect(await ent.locator('[data-test="print"]').isVisible()).toBe(false);
    expect(await document.isVisible()).toBe(true);
    expect((await ent.pdf({ format: 'A4' })).subarray(0, 4).toString()).toBe('%PDF');
    await ent.emulateMedia({ media: 'screen' });

    // The officer reads once; a reload shows the case file and spends nothing.
    const officer = await tabs.open(ABC.username, { path: `/bank/applications/${applicationId}` });
    await officer.locator('[data-test="open-profile"]').click();
    await officer.locator('[data-test="case-file"]').getByText('本次查询结果已留存于本笔业务的案卷').waitFor();
    await officer.reload();
    await officer.locator('[data-test="open-profile"]').click();
    await officer.locator('[data-test="case-file"]').getByText('案卷中留存的查询结果，本次查看未再次查询').waitFor();
    expect(await officer.locator('[data-test="profile-card"]').innerText()).toContain('纳税');
    await portal.screenshot(officer, 'consent-case-file');
    const reads = await knex('consent_access_log').where({ grant_id: grantId }).count({ n: '*' }).first();
    expect(Number(reads!.n)).toBe(1);

    // A standing grant still lets ABC read 纳税 and 水电气: the dialog says so, with the end date.
    const token = await portal.platform.login(sme.username, sme.password);
    const until = new Date(Date.now() + 60 * 86_400_000);
    const standing = await portal.platform.api('/api/v1/consents', {
      token,
      body: {
        granteeInstitutionId: await institutionId(portal.platform, 'ABC_HS'),
        scopes: ['tax', 'utilities'],
        purpose: 'pre_credit',
        validUntil: until.toISOString(),
        fetchType: 'PERIODIC',
        frequency: { unit: 'MONTH', value: 1 },
      },
    });
    expect(standing.status).toBe(201);
    await ent.goto(`${portal.platform.url}/consents/${grantId}`);
    // The grant names its application as a way to it, not as an identifier.
    await ent.locator('[data-test="consent-application"]').click();
    await ent.waitForURL(new RegExp(`/enterprise/applications/${applicationId}$`));
    await ent.goBack();
    await ent.getByRole('button', { name: '撤销授权' }).click();
    const dialog = ent.locator('.el-message-box');
    await dialog.locator('[data-test="revoke-still-readable"]').waitFor();
    const said = await dialog.innerText();
    const untilText = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(until);
    expect(said).toContain(`纳税：至 ${untilText}`);
    expect(said).toContain(`水电气：至 ${untilText}`);
    expect(said).toContain('预授信');
    expect(said).toContain('已依据本授权查询 1 次');
    await portal.screenshot(ent, 'consent-revoke-truth');
    await dialog.getByRole('button', { name: '确认撤销' }).click();
    await ent.locator('.head .status').getByText('已撤销').waitFor();
  });
});

/** Latin words a Chinese page may show: names of standards and products people know by these. */
const ALLOWED_WORDS = new Set(['USCC', 'API', 'PDF', 'Excel', 'SM2', 'SM3', 'SM4', 'LPR', 'SLA', 'PSI', 'KS', 'AUC', 'ID', 'CSV', 'XLSX', 'JSON', 'HTTPS', 'URL', 'AAA', 'AA', 'BBB', 'OAuth', 'JSONL', 'http', 'https']);

/** Visible text of the page (text nodes and placeholders), minus values marked `data-verbatim` (ids, codes, signatures). */
function visibleText(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      const value = node.textContent?.trim();
      // <code> holds literal protocol text (a path to call), shown as typed.
      if (!parent || !value || parent.closest('script, style, noscript, code, [data-verbatim]')) continue;
      if (!parent.checkVisibility({ checkOpacity: true, checkVisibilityCSS: true })) continue;
      out.push(value);
    }
    for (const input of Array.from(document.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('input[placeholder], textarea[placeholder]'))) {
      if (input.checkVisibility() && input.placeholder) out.push(input.placeholder);
    }
    return out;
  });
}

/**
 * What a reader of a Chinese page should not meet outside `data-verbatim`: an identifier (a UUID: the
 * 银行服务时效 page listed overdue applications by theirs), a timestamp as the API sends it, and a
 * date written otherwise than the portal's rule (2026-03-05, never 2026年3月5日 nor 2026/03/05).
 */
const NOT_FOR_READERS: readonly [RegExp, string][] = [
  [/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i, 'identifier'],
  [/\d{4}-\d{2}-\d{2}T\d{2}/, 'API timestamp'],
  [/\d{4}年\d{1,2}月\d{1,2}日/, 'date in 年月日'],
  [/\b\d{4}\/\d{1,2}\/\d{1,2}\b/, 'date with slashes'],
];

/** Words a reader of a Chinese page should not meet: Latin-only words outside the allow-list, raw codes, identifiers, dates off the rule. */
export function offendingWords(texts: readonly string[]): string[] {
  const found = new Set<string>();
  for (const text of texts) {
    for (const [pattern, what] of NOT_FOR_READERS) {
      const hit = pattern.exec(text);
      if (hit) found.add(`${what} ${hit[0]}`);
    }
    for (const raw of text.match(/[A-Za-z0-9_][A-Za-z0-9_.\-+/=@]*/g) ?? []) {
      const word = raw.replace(/[.\-/=]+$/, '');
      const rawCode = /^[A-Za-z]+(_[A-Za-z0-9]+)+$/.test(word);
      const latinOnly = /^[A-Za-z]{2,}$/.test(word);
      if ((rawCode || latinOnly) && !ALLOWED_WORDS.has(word)) found.add(word);
    }
  }
  return [...found];
}

interface RouteInfo {
  path: string;
  name: string;
  access: string | string[];
}

async function routesOf(page: Page): Promise<RouteInfo[]> {
  return page.evaluate(() => {
    const app = (document.querySelector('[data-v-app]') as unknown as { __vue_app__: { config: { globalProperties: Record<string, unknown> } } }).__vue_app__;
    const router = app.config.globalProperties.$router as { getRoutes(): { path: string; name?: unknown; meta: { access?: unknown } }[] };
    return router.getRoutes().map((r) => ({ path: r.path, name: String(r.name ?? ''), access: r.meta.access as string | string[] }));
  });
}

/** Navigates inside the portal (the session stays) and waits until nothing is loading. */
async function visit(page: Page, path: string): Promise<void> {
  await page.evaluate(async (to) => {
    const app = (document.querySelector('[data-v-app]') as unknown as { __vue_app__: { config: { globalProperties: Record<string, unknown> } } }).__vue_app__;
    await (app.config.globalProperties.$router as { push(to: string): Promise<unknown> }).push(to);
  }, path);
  await page.waitForTimeout(100);
  await page.waitForFunction(() => !Array.from(document.querySelectorAll('.el-loading-mask')).some((m) => (m as HTMLElement).checkVisibility()), undefined, { timeout: 15_000 });
  await page.waitForTimeout(50);
}

describe('every page speaks Chinese', () => {
  it('walks every route as each role and finds no Latin-only word outside the allow-list and no raw code', async () => {
    const { knex } = portal.platform.database;
    const sme = enterprise();
    const smeId = (await knex('enterprises').where({ uscc: sme.username }).first('id')).id as string;
    const anyRow = async (table: string, where: Record<string, unknown>) => ((await knex(table).where(where).first('id')) as { id: string } | undefined)?.id;
    const icbc = await institutionId(portal.platform, 'ICBC_HS');
    const hsfg = await institutionId(portal.platform, 'HSFG');
    // Objects for the pages that show one: an application to ICBC (its grant too) and a grant to a guarantee company.
    const token = await portal.platform.login(sme.username, sme.password);
    const icbcProduct = await anyRow('loan_products', { bank_id: icbc, status: 'published' });
    const applied = await portal.platform.api('/api/v1/loan-applications', {
      token,
      body: { productId: icbcProduct, amount: '500000', termMonths: 12, purpose: '补充流动资金' },
    });
    expect(applied.status).toBe(201);
    const toGuarantor = await portal.platform.api('/api/v1/consents', {
      token,
      body: { granteeInstitutionId: hsfg, scopes: ['register', 'tax'], purpose: 'pre_credit', validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(), fetchType: 'ONETIME' },
    });
    expect(toGuarantor.status).toBe(201);
    // A guarantee for the guarantee officer's case page: an application to the city guarantor's 再担科创贷.
    if (!(await anyRow('guarantees', { company_id: hsfg }))) {
      const reguarantee = await anyRow('loan_products', { name: '再担科创贷' });
      const guaranteed = await portal.platform.api('/api/v1/loan-applications', { token, body: { productId: reguarantee, amount: '500000', termMonths: 12, purpose: '研发投入' } });
      expect(guaranteed.status, await guaranteed.clone().text()).toBe(201);
    }
    const nationalFeedSubmission = await anyRow('national_feed_submissions', {});
    const params: Record<string, Partial<Record<Role, string>>> = {
      'bank-application': { bank_officer: await anyRow('loan_applications', { bank_id: icbc }) },
      'consent-detail': { enterprise: await anyRow('consent_grants', { enterprise_id: smeId }) },
      'consent-document': { enterprise: await anyRow('consent_grants', { enterprise_id: smeId }) },
      'loan-apply': { enterprise: await anyRow('loan_products', { status: 'published' }) },
      'my-application': { enterprise: await anyRow('loan_applications', { enterprise_id: smeId }) },
      'guarantee-case': { guarantee_officer: await anyRow('guarantees', { company_id: hsfg }) },
      'enterprise-profile': {
        bank_officer: await anyRow('consent_grants', { grantee_institution_id: icbc, status: 'ACTIVE' }),
        guarantee_officer: await anyRow('consent_grants', { grantee_institution_id: hsfg, status: 'ACTIVE' }),
      },
      // No submission exists in a fresh city: the page then says so, which is walked too.
      'national-feed-submission': Object.fromEntries(
        (['financial_office', 'admin'] as const).map((role) => [role, nationalFeedSubmission ?? randomUUID()]),
      ),
    };
    // Public pages that show one object, walked by the guest.
    const publicParams: Record<string, string | undefined> = { 'knowledge-article': await anyRow('knowledge_articles', {}) };
    const who: Record<Role, string> = {
      enterprise: sme.username,
      bank_officer: 'icbc_officer',
      guarantee_officer: 'hsfg_officer',
      financial_office: 'jrj_viewer',
      data_source: 'tax_feed',
      admin: 'admin',
    } as Record<Role, string>;

    const violations: string[] = [];
    const check = async (page: Page, label: string) => {
      const words = offendingWords(await visibleText(page));
      if (words.length) violations.push(`${label}: ${words.join(', ')}`);
    };

    const guest = await portal.newPage();
    await guest.goto(`${portal.platform.url}/`);
    // 退出登录 ends the session it is opened in; it has no page of its own to read.
    const routes = (await routesOf(guest)).filter((r) => r.name !== 'logout');
    const pathFor = (r: RouteInfo, role: Role | null) => {
      if (r.path.includes('pathMatch')) return '/no/such/page';
      if (!r.path.includes(':')) return r.path;
      const id = role ? params[r.name]?.[role] : publicParams[r.name];
      return id ? r.path.replace(/:id\b/, id) : undefined;
    };
    let visited = 0;
    for (const r of routes.filter((x) => x.access === 'public' || x.access === 'guest')) {
      const path = pathFor(r, null);
      if (!path) continue;
      await visit(guest, path);
      await check(guest, `访客 ${path}`);
      visited += 1;
    }
    await guest.close();

    // One tab per role, walked side by side: each keeps its own session.
    await Promise.all(
      (Object.keys(who) as Role[]).map(async (role) => {
        const mine = routes.filter((r) => Array.isArray(r.access) && r.access.includes(role));
        const page = await tabs.open(who[role]);
        for (const r of mine) {
          const path = pathFor(r, role);
          expect(path, `no fixture for ${r.name} as ${role}`).toBeDefined();
          await visit(page, path!);
          await check(page, `${role} ${path}`);
          visited += 1;
        }
      }),
    );
    expect(visited).toBeGreaterThanOrEqual(routes.length - 1);
    expect(violations.sort()).toEqual([]);
  }, 180_000);
});
