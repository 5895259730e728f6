/// <reference lib="dom" />
// Issue 19, the dialogue at a bank whose officers decide in the web (ABC_HS has no system
// connection): the institution admin assigns the application, the officer asks for material, the
// SME uploads a PDF and answers, the officer reads it and approves with a note the SME then sees.
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { institutionStore } from '../../src/institutions/institution-store.js';
import { institutionAdminOf, portalSession } from '../helpers/institution-admin.js';
import { demoEnterpriseLogin, publishedProduct } from '../helpers/lending-fixtures.js';
import { loggedInTabs } from './helpers/logged-in-tabs.js';
import { startPortal, type Portal } from './helpers/portal.js';

let portal: Portal;
const tabs = loggedInTabs(() => portal);
let applicationId: string;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

beforeAll(async () => {
  portal = await startPortal({ SCHEDULER_ENABLED: 'false' });
  const { platform } = portal;
  const productId = await publishedProduct(platform, 'abc_officer');
  const sme = await platform.login(demoEnterpriseLogin(platform));
  const res = await platform.api('/api/v1/loan-applications', { token: sme, body: { productId, amount: '500000', termMonths: 12, purpose: '采购原材料' } });
  applicationId = ((await res.json()) as { application: { id: string } }).application.id;
  const bank = await platform.services.institutions.findBankByCode(platform.database.knex, 'ABC_HS');
  await institutionStore.insert(platform.database.knex, { code: 'ABC_HS_XL', name: '下陆支行', type: 'bank', uscc: '91420200MA4K0XL001', parentId: bank!.id });
});
afterAll(() => portal?.close());
afterEach(() => tabs.closeAll());

function field(page: Page, name: string) {
  return page.locator(`input[data-test="${name}"], textarea[data-test="${name}"], [data-test="${name}"] input, [data-test="${name}"] textarea`).first();
}

async function statusIs(page: Page, label: string) {
  await expect.poll(() => page.locator('[data-test="status"]').innerText(), { timeout: 15_000 }).toBe(label);
}

it('admin assigns, officer requests material, the SME uploads a PDF and answers, the officer approves with a note the SME sees', async () => {
  const { platform } = portal;
  const officerName = ((await platform.database.knex('users').where({ username: 'abc_officer' }).first('display_name')) as { display_name: string }).display_name;

  // 机构管理员: the new application waits on 待分派; it is assigned to the officer at a branch
  // picked from the bank's tree, and the workload then shows it per branch.
  const admin = await portal.newPage();
  await admin.addInitScript((stored) => sessionStorage.setItem('xyd.session', stored), portalSession(await institutionAdminOf(platform, 'ABC_HS')));
  await admin.goto(`${platform.url}/bank`);
  await expect.poll(() => admin.locator('[data-test="queue-unassigned"]').innerText()).toContain('待分派的申请');
  await admin.locator('[data-test="workload"] canvas').waitFor();
  await admin.goto(`${platform.url}/bank/applications/${applicationId}`);
  await admin.locator('[data-test="assign-branch"]').click();
  await admin.locator('.el-select-dropdown__item', { hasText: '下陆支行' }).click();
  await admin.locator('[data-test="assign-officer"]').click();
  await admin.locator('.el-select-dropdown__item', { hasText: officerName }).click();
  await admin.locator('[data-test="assign"]').click();
  await expect.poll(() => admin.locator('[data-test="assigned-to"]').innerText()).toContain(`经办人：${officerName}（下陆支行）`);
  await expect.poll(() => admin.locator('[data-test="dialogue"]').innerText()).toContain(`分派给${officerName}（下陆支行）`);
  await admin.goto(`${platform.url}/bank`);
  await admin.locator('[data-test="workload-group-by"]').getByText('按经办支行').click();
  await admin.locator('[data-test="workload-by-branch"] canvas').waitFor();
  await admin.close();

  // The officer finds it on 分派给我的申请, accepts it and names the material needed.
  const officer = await tabs.open('abc_officer', { path: '/bank' });
  const mine = officer.locator('[data-test="queue-assigned_to_me"]');
  await mine.locator('a').first().waitFor();
  await mine.locator('a').first().click();
  await officer.waitForURL(new RegExp(`/bank/applications/${applicationId}$`));
  await officer.locator('[data-test="accept"]').click();
  await statusIs(officer, '银行已受理');
  await field(officer, 'material-item-0').fill('近六个月银行流水');
  await officer.locator('[data-test="add-item"]').click();
  await field(officer, 'material-item-1').fill('主要购销合同');
  await field(officer, 'material-note').fill('请于五个工作日内提交');
  await officer.locator('[data-test="send-request"]').click();
  await statusIs(officer, '待补充材料');
  await expect.poll(() => officer.locator('[data-test="dialogue"]').innerText()).toContain('近六个月银行流水');

  // The SME sees the request on its home page and answers with a PDF.
  const sme = await tabs.open(demoEnterpriseLogin(platform), { path: '/enterprise' });
  const requested = sme.locator('[data-test="queue-material_requested"]');
  await requested.locator('a').first().waitFor();
  await requested.locator('a').first().click();
  await sme.waitForURL(new RegExp(`/enterprise/applications/${applicationId}$`));
  await expect(sme.locator('[data-test="request-items"]').innerText()).resolves.toContain('主要购销合同');
  await sme.locator('[data-test="material-file"]').setInputFiles({ name: '银行流水.pdf', mimeType: 'application/pdf', buffer: PDF });
  await expect.poll(() => sme.locator('[data-test="pending-files"]').innerText()).toContain('银行流水.pdf');
  await field(sme, 'answer-input').fill('银行流水已上传，合同随后补交');
  await sme.locator('[data-test="send-answer"]').click();
  await statusIs(sme, '审批中');
  await expect.poll(() => sme.locator('[data-test="answer-text"]').innerText()).toBe('银行流水已上传，合同随后补交');
  await portal.screenshot(sme, 'material-answer');

  // The officer reads the answer, downloads the file (an attachment) and approves with a note.
  await officer.reload();
  await statusIs(officer, '审批中');
  await expect.poll(() => officer.locator('[data-test="dialogue"]').innerText()).toContain('银行流水已上传，合同随后补交');
  const [download] = await Promise.all([officer.waitForEvent('download'), officer.locator('[data-test="dialogue"] button', { hasText: '银行流水.pdf' }).click()]);
  expect(download.suggestedFilename()).toBe('银行流水.pdf');
  await portal.screenshot(officer, 'application-dialogue');
  await field(officer, 'approved-rate-input').fill('3.85');
  await officer.locator('[data-test="decision-form"] textarea').fill('同意授信，请按期还款');
  await officer.getByRole('button', { name: '提交审批结论' }).click();
  await statusIs(officer, '已审批通过');

  await sme.getByRole('button', { name: '刷新进度' }).click();
  await statusIs(sme, '已审批通过');
  await expect.poll(() => sme.locator('[data-test="timeline"]').innerText()).toContain('审批意见：同意授信，请按期还款');
});
