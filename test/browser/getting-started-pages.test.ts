import { describe, expect, it } from 'vitest';
import { institutionStore } from '../../src/institutions/institution-store.js';
import { institutionAdminOf, portalSession } from '../helpers/institution-admin.js';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal, tabs } = portalForFile({ SCHEDULER_ENABLED: 'false' });

describe('开始使用', () => {
  it('a new bank admin sees the unfinished steps with their pages, and inviting a person who joins marks that step done', async () => {
    const { platform } = portal;
    // A bank just approved by the platform, with only its first 机构管理员.
    await institutionStore.insert(platform.database.knex, { code: 'NEWBANK_HS', name: '新开银行黄石分行', type: 'bank', uscc: '91420200MA4K0NB001' });
    const admin = await portal.newPage();
    await admin.addInitScript((stored) => sessionStorage.setItem('xyd.session', stored), portalSession(await institutionAdminOf(platform, 'NEWBANK_HS')));
    await admin.goto(`${platform.url}/bank`);
    const card = admin.locator('[data-test="getting-started"]');
    const state = (step: string) => card.locator(`[data-test="setup-${step}"] [data-test="setup-state"]`).innerText();
    await expect.poll(() => state('people')).toBe('未完成');
    expect(await state('bank-access')).toBe('未完成');
    // The admin's steps only: products are the officers'.
    expect(await card.locator('[data-test="setup-loan-product"]').count()).toBe(0);
    expect(await card.innerText()).toContain('已完成 0 / 2 项');
    await portal.screenshot(admin, 'workbench-getting-started');

    await card.getByRole('link', { name: '前往人员管理', exact: true }).click();
    await admin.waitForURL((url) => url.pathname === '/people');
    await admin.locator('[data-test="invite"]').click();
    const dialog = '.el-dialog:visible';
    await admin.locator(`${dialog} input[name="username"]`).fill('newbank_officer');
    await admin.locator(`${dialog} input[name="displayName"]`).fill('刘信贷');
    await admin.locator(`${dialog} input[name="mobile"]`).fill('13933334444');
    await admin.locator(`${dialog} button[type="submit"]`).click();
    const link = await admin.locator('input[data-test="invitation-link"]').inputValue();

    // Invited is not yet done: the step is done once the person has set a password and is active.
    await admin.goto(`${platform.url}/bank`);
    await expect.poll(() => state('people')).toBe('未完成');
    const invitee = await portal.newPage();
    await invitee.goto(link);
    await invitee.locator('input[name="password"]').fill('Xyd#Test2026!');
    await invitee.locator('input[name="confirm"]').fill('Xyd#Test2026!');
    await invitee.locator('form button[type="submit"]').click();
    await invitee.waitForURL((url) => url.pathname === '/login');

    await admin.reload();
    await expect.poll(() => state('people')).toBe('已完成');
    expect(await state('bank-access')).toBe('未完成');
    expect(await card.innerText()).toContain('已完成 1 / 2 项');
    // The officer who just joined sees the product step, not the admin's.
    const officer = await tabs.open('newbank_officer', { password: 'Xyd#Test2026!', path: '/bank' });
    const officerCard = officer.locator('[data-test="getting-started"]');
    await expect.poll(() => officerCard.locator('[data-test="setup-loan-product"] [data-test="setup-state"]').innerText()).toBe('未完成');
    expect(await officerCard.locator('[data-test="setup-people"]').count()).toBe(0);
    expect([...admin.errors, ...invitee.errors]).toEqual([]);
    await invitee.close();
    await admin.close();
  }, 90_000);

  it('the demo institutions, already set up, see no 开始使用 card, and once it is recorded their workbench reads nothing for it', async () => {
    // What the steps read (people, machine clients, products, guarantee products, batches).
    const stepReads = /\/api\/v1\/(institutions\/[^/]+\/people|institution\/clients|loan-products|guarantee-products|ingestion\/batches)(\?|$)/;
    for (const [username, path] of [
      ['icbc_admin', '/bank'],
      ['icbc_officer', '/bank'],
      ['hsfg_officer', '/guarantee'],
      ['tax_feed', '/data-source'],
    ] as const) {
      const page = await tabs.open(username, { path });
      await page.locator('[data-test="work-queue"]').waitFor();
      await page.waitForLoadState('networkidle');
      // Hidden because every step is done, not because a step's read failed (that hides it too).
      const failed: string[] = [];
      const reads: string[] = [];
      page.on('response', (r) => {
        if (r.url().includes('/api/v1/') && r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
      });
      page.on('request', (r) => {
        if (r.method() === 'GET' && stepReads.test(new URL(r.url()).pathname)) reads.push(r.url());
      });
      await page.reload();
      await page.locator('[data-test="work-queue"]').waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.locator('[data-test="getting-started"]').count(), username).toBe(0);
      expect(failed, username).toEqual([]);
      expect(reads, username).toEqual([]);
    }
  }, 90_000);
});
