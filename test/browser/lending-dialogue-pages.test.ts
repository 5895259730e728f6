/// <reference lib="dom" />
// Issue 19's whole chain at a manual demo bank (ICBC_HS: its system only receives the application,
// its officers decide in the web): the institution admin assigns the application, the officer asks
// for material, the SME uploads a PDF and answers, the officer approves with a note and records the
// disbursement, each money action through its confirmation with 大写金额; the SME sees every step
// on its application, the unread count on the bell, the messages in 消息中心 and the SMS.
import type { Page } from 'playwright-core';
import { beforeAll, expect, it } from 'vitest';
import { institutionStore } from '../../src/institutions/institution-store.js';
import { shanghaiDate } from '../../src/platform/business-date.js';
import { institutionAdminOf, portalSession } from '../helpers/institution-admin.js';
import { demoEnterpriseLogin, publishedProduct } from '../helpers/lending-fixtures.js';
import { chooseOption } from './helpers/choose-option.js';
import { field } from './helpers/form-field.js';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal, tabs } = portalForFile({ SCHEDULER_ENABLED: 'false' });
let applicationId: string;
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

beforeAll(async () => {
  const { platform } = portal;
  const productId = await publishedProduct(platform, 'icbc_officer');
  const sme = await platform.login(demoEnterpriseLogin(platform));
  const res = await platform.api('/api/v1/loan-applications', { token: sme, body: { productId, amount: '500000', termMonths: 12, purpose: '采购原材料' } });
  applicationId = ((await res.json()) as { application: { id: string } }).application.id;
  const bank = await platform.services.institutions.findBankByCode(platform.database.knex, 'ICBC_HS');
  await institutionStore.insert(platform.database.knex, { code: 'ICBC_HS_XL', name: '下陆支行', type: 'bank', uscc: '91420200MA4K0XL001', parentId: bank!.id });
});

/** The application as the SME's API answers it now. */
async function applicationNow(): Promise<Record<string, unknown>> {
  const token = await portal.platform.login(demoEnterpriseLogin(portal.platform));
  return ((await (await portal.platform.api(`/api/v1/loan-applications/${applicationId}`, { token })).json()) as { application: Record<string, unknown> }).application;
}

async function statusIs(page: Page, label: string) {
  await expect.poll(() => page.locator('[data-test="status"]').innerText(), { timeout: 15_000 }).toBe(label);
}

it('at a manual bank: assigned, material asked and answered with a PDF, approved with a note and disbursed, each confirmed; the SME sees every step, its messages and SMS', async () => {
  const { platform } = portal;
  const officerName = ((await platform.database.knex('users').where({ username: 'icbc_officer' }).first('display_name')) as { display_name: string }).display_name;

  // 机构管理员: the new application waits on 待分派; it is assigned to the officer at a branch
  // picked from the bank's tree, and the workload then shows it per branch.
  const admin = await portal.newPage();
  await admin.addInitScript((stored) => sessionStorage.setItem('xyd.session', stored), portalSession(await institutionAdminOf(platform, 'ICBC_HS')));
  await admin.goto(`${platform.url}/bank`);
  await expect.poll(() => admin.locator('[data-test="queue-unassigned"]').innerText()).toContain('待分派的申请');
  await admin.locator('[data-test="workload"] canvas').waitFor();
  await admin.goto(`${platform.url}/bank/applications/${applicationId}`);
  await admin.locator('[data-test="assign-branch"]').click();
  await chooseOption(admin.locator('.el-select-dropdown__item', { hasText: '下陆支行' }));
  await admin.locator('[data-test="assign-officer"]').click();
  await chooseOption(admin.locator('.el-select-dropdown__item', { hasText: officerName }));
  await admin.locator('[data-test="assign"]').click();
  await expect.poll(() => admin.locator('[data-test="assigned-to"]').innerText()).toContain(`经办人：${officerName}（下陆支行）`);
  await expect.poll(() => admin.locator('[data-test="dialogue"]').innerText()).toContain(`分派给${officerName}（下陆支行）`);
  await admin.goto(`${platform.url}/bank`);
  await admin.locator('[data-test="workload-group-by"]').getByText('按经办支行').click();
  await admin.locator('[data-test="workload-by-branch"] canvas').waitFor();
  await admin.close();

  // The officer finds it on 分派给我的申请, accepts it and names the material needed.
  const officer = await tabs.open('icbc_officer', { path: '/bank' });
  const mine = officer.locator('[data-test="queue-assigned_to_me"]');
  await mine.locator('a').first().waitFor();
  await mine.locator('a').first().click();
  await officer.waitForURL(new RegExp(`/bank/applications/${applicationId}$`));
  await officer.locator('[data-test="accept"]').click();
  await statusIs(officer, '银行已受理');
  await field(officer, 'material-item-0').fill('近六个月银行流水');
  // Enter in an item leaves the request on screen: it is sent with its button, after the 说明.
  await field(officer, 'material-item-0').press('Enter');
  await officer.locator('[data-test="add-item"]').click();
  await field(officer, 'material-item-1').fill('主要购销合同');
  await field(officer, 'material-note').fill('请于五个工作日内提交');
  await officer.locator('[data-test="send-request"]').click();
  await statusIs(officer, '待补充材料');
  await expect.poll(() => officer.locator('[data-test="dialogue"]').innerText()).toContain('说明：请于五个工作日内提交');
  // While the enterprise is asked, only 拒绝 is possible, and the form says so; the 批准 the officer
  // makes after the answer is not left on that 拒绝 (the draft once kept it across a reload).
  await expect.poll(() => officer.locator('[data-test="decide-after-accept"]').innerText()).toBe('企业补充材料后可批准；等待期间只能拒绝。');

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
  // The approval asks first, with the amount in 大写; nothing is decided until it is confirmed.
  const dialog = officer.locator('[data-test="money-confirm"]');
  await expect(dialog.locator('[data-test="confirm-amount"]').innerText()).resolves.toBe('批准金额：500,000.00 元');
  await expect(dialog.locator('[data-test="confirm-amount-words"]').innerText()).resolves.toBe('大写：伍拾万元整');
  expect(await applicationNow()).toMatchObject({ status: 'UNDER_REVIEW' });
  await officer.getByRole('button', { name: '确认批准' }).click();
  await statusIs(officer, '已审批通过');

  // The disbursement, recorded by the officer (the manual bank's system sends no callback).
  const today = shanghaiDate(new Date());
  await field(officer, 'ledger-reference').fill('ICBC-FK-0001');
  await field(officer, 'ledger-amount').fill('500000.00');
  await officer.getByPlaceholder('选择日期').fill(today);
  await officer.getByPlaceholder('选择日期').press('Enter');
  await officer.getByRole('button', { name: '登记', exact: true }).click();
  await expect(dialog.locator('[data-test="confirm-counterparty"]').innerText()).resolves.toMatch(/^放款对象：.+/);
  await expect(dialog.locator('[data-test="confirm-amount"]').innerText()).resolves.toBe('放款金额：500,000.00 元');
  await expect(dialog.locator('[data-test="confirm-amount-words"]').innerText()).resolves.toBe('大写：伍拾万元整');
  expect(await applicationNow()).toMatchObject({ status: 'APPROVED', disbursedAmount: '0.00' });
  await officer.getByRole('button', { name: '确认放款' }).click();
  await statusIs(officer, '已放款');
  // The bank's system received the application (its reference) and left every decision to the officer.
  expect(await applicationNow()).toMatchObject({ status: 'DISBURSED', approvedAmount: '500000.00', disbursedAmount: '500000.00', bankReference: expect.stringMatching(/^ICBC_HS-/) });

  // The SME's application shows every step in order, the note and the money included.
  await sme.getByRole('button', { name: '刷新进度' }).click();
  await statusIs(sme, '已放款');
  await expect
    .poll(() => sme.locator('[data-test="timeline"]').innerText())
    .toMatch(/已提交[\s\S]*银行已受理[\s\S]*待补充材料[\s\S]*近六个月银行流水[\s\S]*审批中[\s\S]*已审批通过[\s\S]*审批意见：同意授信，请按期还款[\s\S]*已放款[\s\S]*放款 500,000.00 元（流水号 ICBC-FK-0001）/);
  // Its 沟通记录 holds the request and its answer with the file; who handles it inside the bank is the bank's own.
  const dialogue = await sme.locator('[data-test="dialogue"]').innerText();
  expect(dialogue).toMatch(/银行要求补充材料[\s\S]*主要购销合同[\s\S]*银行流水已上传，合同随后补交[\s\S]*银行流水\.pdf/);
  expect(dialogue).not.toContain(officerName);
  await portal.screenshot(sme, 'application-disbursed');

  // The bell counts the three unread messages; 消息中心 lists them.
  await sme.goto(`${platform.url}/enterprise`);
  await expect.poll(() => sme.locator('[data-test="notification-unread"] sup').innerText()).toBe('3');
  await sme.locator('[data-test="notification-bell"]').click();
  await sme.waitForURL((url) => url.pathname === '/notifications');
  const items = sme.locator('[data-test="notification-item"]');
  await items.first().waitFor();
  const center = await items.allInnerTexts();
  expect(center.find((t) => t.includes('银行要求补充材料'))).toContain('近六个月银行流水');
  expect(center.find((t) => t.includes('贷款申请审批通过'))).toContain('审批意见：同意授信，请按期还款');
  expect(center.find((t) => t.includes('贷款已放款'))).toContain('500,000.00 元');

  // The must-not-miss texts reach the SME's mobile (the SMS simulator's 开发收件箱).
  const enterpriseId = ((await platform.database.knex('users').where({ username: demoEnterpriseLogin(platform) }).first('enterprise_id')) as { enterprise_id: string }).enterprise_id;
  const mobile = (await platform.services.registration.contactMobile(platform.database.knex, String(enterpriseId)))!;
  const adminToken = await platform.login('admin');
  const texts = async () =>
    ((await (await platform.api('/api/v1/admin/dev/sms-messages', { token: adminToken })).json()) as { items: { mobileMasked: string; content: string }[] }).items
      .filter((m) => m.mobileMasked === `${mobile.slice(0, 3)}****${mobile.slice(7)}`)
      .map((m) => m.content);
  await expect.poll(texts, { timeout: 15_000 }).toEqual(
    expect.arrayContaining([expect.stringContaining('银行要求补充材料'), expect.stringContaining('贷款申请审批通过'), expect.stringContaining('贷款已放款')]),
  );
}, 120_000);
