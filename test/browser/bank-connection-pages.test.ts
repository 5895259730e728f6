/// <reference lib="dom" />
// Issue 13, a bank goes live: one admin proposes a new bank and another approves it, its first
// institution admin is invited, sets a password from the invitation and logs in, configures the
// bank's JSON-webhook connection in the portal against the bank simulator running as a separate
// process, 测试连接 passes, and an SME's application reaches that simulator — no environment
// variable, no restart. (The portal steps of maker-checker itself are walked in onboarding-pages.)
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { institutionAdminOf, portalSession } from '../helpers/institution-admin.js';
import { demoEnterpriseLogin, eventually, publishedProduct } from '../helpers/lending-fixtures.js';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal } = portalForFile({ OUTBOX_POLL_MS: '50', SCHEDULER_ENABLED: 'false' });
const BANK = 'HKB_HS';
const PASSWORD = 'Xyd#Test2026!';
let simulatorProcess: ChildProcess;
let simulatorUrl: string;

/** `npm run bank-simulator` in its own process; resolves with the URL it prints. */
async function startSimulatorProcess(): Promise<string> {
  simulatorProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/bank-simulator.ts', '--port', '0', '--retry-scale', '0.0001'], { stdio: ['ignore', 'pipe', 'inherit'] });
  for await (const line of createInterface({ input: simulatorProcess.stdout! })) {
    const match = /listening on (http:\/\/\S+)/.exec(line);
    if (match) return match[1]!;
  }
  throw new Error('the bank simulator exited before listening');
}

beforeAll(async () => {
  simulatorUrl = await startSimulatorProcess();
});
afterAll(() => {
  simulatorProcess?.kill('SIGTERM');
});

it('a bank onboarded by two admins is connected by its invited institution admin; the test passes and an application reaches the bank', async () => {
  const { platform } = portal;
  const api = async (path: string, token: string, body: unknown) => {
    const res = await platform.api(path, { token, body });
    expect(res.status, `${path}: ${await res.clone().text()}`).toBeLessThan(300);
    return res.json() as Promise<Record<string, unknown>>;
  };
  const [maker, checker] = [await platform.login('admin'), await platform.login('admin2')];
  const change = await api('/api/v1/admin/institution-changes', maker, {
    action: 'create',
    profile: { code: BANK, name: '汉口银行黄石分行', type: 'bank', uscc: '91420200MA4K0HK00L', financialCode: 'B0214H24202000' },
  });
  const approved = await api(`/api/v1/admin/institution-changes/${change.id}/approve`, checker, {});
  const bankId = (approved.after as { id: string }).id;
  const invitation = await api(`/api/v1/institutions/${bankId}/invitations`, maker, { username: 'hkb_admin', displayName: '汉口银行对接管理员', mobile: '13922223333', position: 'institution_admin' });

  const page = await portal.newPage();
  await page.goto(platform.url + String(invitation.path));
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('input[name="confirm"]').fill(PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/login');
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
  await page.goto(`${platform.url}/bank-connections`);
  await page.getByText('银行对接配置').waitFor();
  await expect.poll(() => page.locator('.connected-tag').textContent()).toBe('未对接');

  const apiKey = 'hkb-sandbox-api-key-0001';
  await page.locator('input[name="baseUrl"]').fill(`${simulatorUrl}/banks/${BANK}`);
  await page.locator('input[name="apiKey"]').fill(apiKey);
  await page.getByRole('button', { name: '保存配置' }).click();
  const dialog = page.locator('.secret-dialog');
  await dialog.getByText('回调签名密钥').waitFor();
  const webhookSecret = (await dialog.locator('.el-descriptions__cell', { hasText: 'whsec_' }).locator('.secret-value').textContent())!.trim();
  await expect.poll(() => dialog.locator('.secret-value').allTextContents()).toContain(apiKey);
  expect(webhookSecret).toMatch(/^whsec_/);
  await portal.screenshot(page, 'bank-connection-secret-once');
  await dialog.getByRole('button', { name: '我已保存' }).click();

  // The bank's IT team enters the platform's secret at its end (the sandbox's control API).
  const callbackUrl = `${platform.url.replace('localhost', '127.0.0.1')}/api/v1/callbacks/banks/${BANK}`;
  const registered = await fetch(`${simulatorUrl}/_control/banks/${BANK}`, {
    method: 'PUT',
    body: JSON.stringify({ protocol: 'json-webhooks', callbackUrl, apiKey, webhookSecret }),
  });
  expect(registered.status).toBe(200);

  await page.locator('.test-button').click();
  await expect.poll(() => page.locator('.connected-tag').textContent(), { timeout: 10_000 }).toBe('已对接');
  await expect.poll(() => page.locator('.last-test').textContent()).toContain('连接正常');
  expect(await page.locator('body').textContent()).not.toContain(webhookSecret);
  await portal.screenshot(page, 'bank-connection');

  const productId = await publishedProduct(platform, 'hkb_admin', {}, PASSWORD);
  const sme = await platform.login(demoEnterpriseLogin(platform));
  const res = await platform.api('/api/v1/loan-applications', { token: sme, body: { productId, amount: '300000', termMonths: 12, purpose: '采购原材料' } });
  expect(res.status).toBe(201);
  const { id } = ((await res.json()) as { application: { id: string } }).application;
  const atBank = await eventually(
    async () => (await fetch(`${simulatorUrl}/_control/applications/${id}`)).json() as Promise<{ bankCode?: string; amount?: string }>,
    (app) => app.bankCode === BANK,
  );
  expect(atBank.amount).toBe('300000.00');
  expect(page.errors).toEqual([]);
  await page.close();
}, 90_000);

it('the institution admin sees the bank’s overdue applications as 待处理预警 on the workbench and acknowledges them', async () => {
  const { platform } = portal;
  const knex = platform.database.knex;
  const bank = (await platform.services.institutions.findBankByCode(knex, 'ABC_HS'))!;
  const productId = await publishedProduct(platform, 'abc_officer');
  const enterprise = await knex('enterprises').first('id');
  await knex('loan_applications').insert({
    enterprise_id: enterprise.id, bank_id: bank.id, product_id: productId, term_months: 12, purpose: '经营周转', amount: '200000.00',
    status: 'SUBMITTED', submitted_at: new Date(Date.now() - 20 * 86_400_000),
  });
  await platform.services.oversight.escalateOverdue();

  const page = await portal.newPage();
  await page.addInitScript((stored) => sessionStorage.setItem('xyd.session', stored), portalSession(await institutionAdminOf(platform, 'ABC_HS')));
  await page.goto(`${platform.url}/bank`);
  const card = page.locator('[data-test="overdue-alerts"]');
  await card.locator('.title', { hasText: '待处理预警' }).waitFor();
  const unread = async () => Number((await card.locator('[data-test="alerts-unread"]').textContent())!.replace(/\D/g, ''));
  await expect.poll(unread).toBeGreaterThan(0);
  const before = await unread();
  await expect.poll(() => card.locator('[data-test="alerts-list"]').textContent()).toContain('中国农业银行黄石分行');
  await card.locator('[data-test="acknowledge"]').first().click();
  await expect.poll(unread).toBe(before - 1);
  expect(page.errors).toEqual([]);
  await page.close();
}, 60_000);


it('an officer who is not the institution admin is not offered 银行对接, and opening it goes back to the workbench without a refusal', async () => {
  const { platform } = portal;
  const page = await portal.newPage();
  const refused: string[] = [];
  page.on('response', (r) => {
    if (r.status() >= 400) refused.push(`${r.status()} ${r.url()}`);
  });
  await page.goto(`${platform.url}/login`);
  await page.locator('input[name="username"]').fill('icbc_officer');
  await page.locator('input[name="password"]').fill('Demo@2026');
  await page.locator('form button[type="submit"]').click();
  await page.waitForURL((url) => url.pathname === '/bank');
  const menu = page.locator('.side-menu');
  await menu.getByText('贷款申请').waitFor();
  expect(await menu.getByText('银行对接').count()).toBe(0);

  // Typed or bookmarked: the page is not opened, and the officer is told why.
  await page.goto(`${platform.url}/bank-connections`);
  await page.getByText('仅机构管理员可以打开“银行对接”').waitFor();
  // The message is shown as the guard redirects; the address follows.
  await page.waitForURL((url) => url.pathname === '/bank');
  expect(refused).toEqual([]);

  // The bank's institution admin still has it.
  const admin = await portal.newPage();
  await admin.addInitScript((stored) => sessionStorage.setItem('xyd.session', stored), portalSession(await institutionAdminOf(platform, 'ICBC_HS')));
  await admin.goto(`${platform.url}/bank`);
  await admin.locator('.side-menu').getByText('银行对接').click();
  await admin.waitForURL((url) => url.pathname === '/bank-connections');
  await admin.getByText('银行对接配置').waitFor();
  expect([...page.errors, ...admin.errors]).toEqual([]);
  await page.close();
  await admin.close();
}, 60_000);
