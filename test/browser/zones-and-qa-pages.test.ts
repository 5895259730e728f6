/// <reference lib="dom" />
// Issue 20's 专区 pages: the financial office features a product and adds a policy; the public
// zone page shows them, with the products' rates as a chart; an enterprise sees whether it qualifies.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loggedInTabs } from './helpers/logged-in-tabs.js';
import { startPortal, type Portal } from './helpers/portal.js';

let portal: Portal;
const tabs = loggedInTabs(() => portal);

beforeAll(async () => {
  portal = await startPortal({ BANK_SIMULATOR: 'false', SCHEDULER_ENABLED: 'false' });
});
afterAll(() => portal?.close());
afterEach(() => tabs.closeAll());

describe('专区 pages', () => {
  it('the office curates the tech zone; the public page shows the featured product first and the policy; an enterprise sees its eligibility', async () => {
    const office = await tabs.open('jrj_viewer', { path: '/zone-curation' });
    await office.locator('[data-test="zone-picker"]').getByText('科技贷专区').click();
    const featured = office.locator('[data-test="featured-products"] .el-checkbox').last();
    await featured.waitFor();
    const productName = (await featured.innerText()).split('（')[0]!;
    await featured.click();
    await office.getByRole('button', { name: '添加政策' }).click();
    await office.getByPlaceholder('政策标题').fill('科技型企业贷款贴息');
    await office.getByPlaceholder('政策摘要').fill('对科技型中小企业的贷款按实际利息给予贴息');
    await office.getByPlaceholder('文件名称及文号').fill('黄石市科技金融扶持办法');
    await office.getByPlaceholder('施行日期').fill('2026-01-01');
    await office.getByPlaceholder('施行日期').press('Enter');
    await office.locator('[data-test="zone-save"]').click();
    await office.getByText('专区内容已保存').waitFor();
    await portal.screenshot(office, 'zone-curation');

    const visitor = await portal.newPage();
    await visitor.goto(`${portal.platform.url}/zones/tech_loan`);
    await visitor.locator('[data-test="zone-name"]', { hasText: '科技贷专区' }).waitFor();
    await visitor.locator('[data-test="zone-policies"]').getByText('科技型企业贷款贴息').waitFor();
    await visitor.locator('[data-test="zone-rate-chart"] canvas').waitFor();
    const first = visitor.locator('[data-test^="zone-product-"]').first();
    await expect.poll(() => first.getAttribute('data-test')).toBe(`zone-product-${productName}`);
    expect(await first.locator('[data-test="featured"]').innerText()).toBe('推荐');
    await portal.screenshot(visitor, 'zone-page');
    expect(visitor.errors).toEqual([]);
    await visitor.close();

    const row = (await portal.platform.database.knex('enterprises').orderBy('uscc').first('uscc')) as { uscc: string };
    const enterprise = await tabs.open(row.uscc, { path: '/zones/rural_revitalization' });
    await enterprise.locator('[data-test="zone-eligibility"]').getByText('准入条件').waitFor();
  });
});
