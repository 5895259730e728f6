/// <reference lib="dom" />
// 产品审核's 退回修改 (beside lending-pages.test.ts, which covers drafting and 上架): the admin
// returns a draft with a reason, the bank officer sees 已退回 with the reason on 我的产品, edits
// and resubmits, and the product is back in the 待审核 list; both sides read its 审核记录.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { productInput } from '../helpers/lending-fixtures.js';
import { field } from './helpers/form-field.js';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal, tabs } = portalForFile({ SCHEDULER_ENABLED: 'false' });

async function openMenu(page: Page, title: string, path: RegExp) {
  await page.getByRole('menuitem', { name: title }).click();
  await page.waitForURL(path);
}

const REASON = '利率上限高于本行备案利率，请核对后重新提交';

describe('产品审核: 退回修改 with a reason, the bank edits and resubmits', () => {
  it('returns a draft, shows the reason to the bank, and takes the edited product back into review', async () => {
    const bank = await portal.platform.login('abc_officer');
    const created = await portal.platform.api('/api/v1/loan-products', { token: bank, body: productInput({ name: '农银退回贷', maxRate: '9.80' }) });
    expect(created.status).toBe(201);

    const admin = await tabs.open('admin');
    await openMenu(admin, '产品审核', /\/admin\/products$/);
    const reviewRow = admin.locator('[data-test="products"] .el-table__body tr', { hasText: '农银退回贷' });
    await reviewRow.getByRole('button', { name: '退回修改', exact: true }).click();
    const dialog = admin.getByRole('dialog', { name: '退回修改' });
    await dialog.getByRole('button', { name: '确认退回', exact: true }).click();
    // The reason is required: said beside the field, nothing sent.
    await dialog.locator('.el-form-item__error', { hasText: '请填写退回原因' }).waitFor();
    await field(admin, 'return-reason').fill(REASON);
    await dialog.getByRole('button', { name: '确认退回', exact: true }).click();
    await admin.getByText('「农银退回贷」已退回中国农业银行黄石分行修改').waitFor();
    await reviewRow.waitFor({ state: 'detached' }); // it left the 待审核 list
    await admin.locator('[data-test="status-filter"] .el-radio-button', { hasText: '已退回' }).click();
    await reviewRow.filter({ hasText: '已退回' }).waitFor();

    const officer = await tabs.open('abc_officer');
    await openMenu(officer, '我的产品', /\/bank\/products$/);
    const notice = officer.locator('[data-test="returned-notice"]', { hasText: '农银退回贷' });
    await expect(notice.innerText()).resolves.toContain(REASON);
    const row = officer.locator('[data-test="products"] .el-table__body tr', { hasText: '农银退回贷' });
    await expect(row.innerText()).resolves.toContain('已退回');
    await portal.screenshot(officer, 'bank-products-returned');
    await row.getByRole('button', { name: '修改', exact: true }).click();
    const form = officer.locator('[data-test="product-form"]');
    await expect(form.innerText()).resolves.toContain(`平台退回原因：${REASON}`);
    await expect(field(officer, 'product-name').inputValue()).resolves.toBe('农银退回贷');
    await field(officer, 'max-rate').fill('4.5');
    await form.getByRole('button', { name: '修改并重新提交', exact: true }).click();
    await officer.getByText('产品已修改并重新提交审核').waitFor();
    await row.filter({ hasText: '草稿（待审核）' }).filter({ hasText: '4.50%' }).waitFor();
    await notice.waitFor({ state: 'detached' });

    // The edit kept what the form does not show (准入条件).
    const { knex } = portal.platform.database;
    const stored = await knex('loan_products').where({ name: '农银退回贷' }).first('status', 'eligibility');
    expect(stored).toMatchObject({ status: 'draft', eligibility: productInput().eligibility });
    // The bank reads the 审核记录 under the product's row.
    await row.locator('.el-table__expand-icon').click();
    const bankRecord = officer.locator('[data-test="product-reviews"]');
    await bankRecord.getByText(`退回原因：${REASON}`).waitFor();
    await expect(bankRecord.innerText()).resolves.toContain('退回修改');

    await admin.locator('[data-test="status-filter"] .el-radio-button', { hasText: '待审核' }).click();
    await reviewRow.filter({ hasText: '草稿（待审核）' }).waitFor();
    await reviewRow.locator('.el-table__expand-icon').click();
    const record = admin.locator('[data-test="product-reviews"]');
    await record.getByText(`退回原因：${REASON}`).waitFor();
    // Who decided, by name, and no code or raw time.
    const text = await record.innerText();
    expect(text).toContain('退回修改');
    expect(text).not.toMatch(/returned|[0-9]{4}-[0-9]{2}-[0-9]{2}T/);
  }, 60_000);

  it('does not publish a product its bank changed after the page read it: says so and shows the change', async () => {
    const bank = await portal.platform.login('abc_officer');
    const created = await portal.platform.api('/api/v1/loan-products', { token: bank, body: productInput({ name: '农银改价贷', maxRate: '4.35' }) });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    const admin = await tabs.open('admin');
    await openMenu(admin, '产品审核', /\/admin\/products$/);
    const reviewRow = admin.locator('[data-test="products"] .el-table__body tr', { hasText: '农银改价贷' });
    await reviewRow.filter({ hasText: '4.35%' }).waitFor();
    // While the admin looks at 4.35%, the bank raises the ceiling.
    const edited = await portal.platform.api(`/api/v1/loan-products/${id}`, { token: bank, method: 'PUT', body: productInput({ name: '农银改价贷', maxRate: '12.00' }) });
    expect(edited.status).toBe(200);

    await reviewRow.getByRole('button', { name: '上架', exact: true }).click();
    await admin.getByRole('button', { name: '确认上架' }).click();
    await admin.getByText('银行在审核期间修改了该产品（审核的是第 1 版，现为第 2 版），请查看最新内容后重新审核').waitFor();
    await reviewRow.filter({ hasText: '12.00%' }).filter({ hasText: '草稿（待审核）' }).waitFor();
    expect(await portal.platform.database.knex('loan_products').where({ id }).first('status')).toEqual({ status: 'draft' });

    await reviewRow.getByRole('button', { name: '上架', exact: true }).click();
    await admin.getByRole('button', { name: '确认上架' }).click();
    await admin.getByText('「农银改价贷」已上架').waitFor();
    expect(await portal.platform.database.knex('loan_products').where({ id }).first('status', 'max_rate')).toEqual({ status: 'published', max_rate: '12.0000' });
  }, 60_000);
});
