/// <reference lib="dom" />
// The demo city as its institutions first open it. Its past guaranteed loans, opened as their
// guarantee company and bank open them: the applicant's profile opens under the grant the
// application made to each while it is in force, and once it has ended the page says so instead
// of offering a read the gate would refuse (and keep on the enterprise's 查询记录). Work queues that
// open on 待审核 with nothing waiting say where the rest of the book is.
import { describe, expect, it } from 'vitest';
import { DEMO_INSTITUTIONS } from '../../src/demo/demo-city.js';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal, tabs } = portalForFile({ DEMO_GUARANTEE_HISTORY: 'true', DEMO_ENTITY_COUNT: '150', DEMO_CREDIT_RECORD_ENTITIES: '0', SCHEDULER_ENABLED: 'false' });

/** One guarantee of `company` (its code) whose application's grants are `status`. */
async function guaranteeOf(company: string, status: 'ACTIVE' | 'EXPIRED'): Promise<{ id: string; applicationId: string }> {
  const knex = portal.platform.database.knex;
  const row = (await knex('guarantees as g')
    .join('institutions as i', 'i.id', 'g.company_id')
    .join('consent_grants as c', 'c.grantee_institution_id', 'g.company_id')
    .whereRaw('c.application_id = g.application_id')
    .where({ 'i.code': company, 'c.status': status })
    .orderBy('g.created_at')
    .first('g.id', 'g.application_id as applicationId')) as { id: string; applicationId: string } | undefined;
  if (!row) throw new Error(`no demo guarantee of ${company} under a grant ${status}`);
  return row;
}

const refusedReads = async () => Number((await portal.platform.database.knex('consent_refused_reads').count('* as n').first())?.n);

describe('the demo guarantee history', () => {
  it('opens the applicant of a guarantee under a grant in force, and says why one whose grant ended cannot be read', async () => {
    const page = await tabs.open('kdd_officer');
    const live = await guaranteeOf('HBSTG_HS', 'ACTIVE');
    await page.goto(`${portal.platform.url}/guarantee/cases/${live.id}`);
    await page.getByRole('button', { name: '查看企业画像', exact: true }).click();
    await page.locator('[data-test="profile-card"]').waitFor();
    await expect(page.locator('[data-test="grant-ended"]').count()).resolves.toBe(0);

    const ended = await guaranteeOf('HBSTG_HS', 'EXPIRED');
    await page.goto(`${portal.platform.url}/guarantee/cases/${ended.id}`);
    await expect.poll(() => page.locator('[data-test="grant-ended"]').count()).toBe(1);
    await expect(page.locator('[data-test="grant-ended"]').innerText()).resolves.toMatch(/^企业为本笔申请所作的授权已过有效期（\d{4}-\d{2}-\d{2} 到期），不能再查看企业画像。$/);
    await expect(page.getByRole('button', { name: '查看企业画像', exact: true }).isDisabled()).resolves.toBe(true);
    await portal.screenshot(page, 'guarantee-case-grant-ended');
    expect(await refusedReads()).toBe(0);
  });

  it('tells the bank the same on its application page', async () => {
    const ended = await guaranteeOf('HSFG', 'EXPIRED');
    const bank = (await portal.platform.database.knex('loan_applications as a').join('institutions as i', 'i.id', 'a.bank_id').where('a.id', ended.applicationId).first('i.code')) as { code: string };
    const page = await tabs.open(DEMO_INSTITUTIONS.find((i) => i.code === bank.code)!.username);
    await page.goto(`${portal.platform.url}/bank/applications/${ended.applicationId}`);
    await expect.poll(() => page.locator('[data-test="grant-ended"]').count()).toBe(1);
    await expect(page.getByRole('button', { name: '查看企业画像', exact: true }).isDisabled()).resolves.toBe(true);
    expect(await refusedReads()).toBe(0);
  });
});

describe('a work queue opening on 待审核 with nothing waiting', () => {
  const emptyText = (page: Awaited<ReturnType<typeof tabs.open>>) => page.locator('.el-table__empty-text').innerText();

  it('names the filter and where the other guarantees of the company are', async () => {
    const page = await tabs.open('kdd_officer', { path: '/guarantee/cases' });
    await expect.poll(() => emptyText(page)).toBe('暂无“待审核”的担保业务，清除筛选条件可查看本机构全部担保业务');
    await page.goto(`${portal.platform.url}/guarantee/cases?status=`);
    await expect.poll(() => page.locator('[data-test="open-case"]').count()).toBeGreaterThan(0);
  });

  it('names the filter and where the published products are, for the administrator', async () => {
    const page = await tabs.open('admin', { path: '/admin/products' });
    await expect.poll(() => emptyText(page)).toBe('暂无“待审核”的产品，选择“全部”可查看全部产品');
    await page.locator('[data-test="status-filter"]').getByText('全部', { exact: true }).click();
    await expect.poll(() => page.locator('[data-test="products"] .el-table__body tr').count()).toBeGreaterThan(0);
  });
});
