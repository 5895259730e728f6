/// <reference lib="dom" />
// The 授权 pages of issue 5, driven in Chromium against the real platform.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DEMO_INSTITUTIONS } from '../../src/demo/demo-city.js';
import { institutionId, registerEnterprises } from '../helpers/consent-fixtures.js';
import { chooseOption } from './helpers/choose-option.js';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal, tabs } = portalForFile();

const ICBC = DEMO_INSTITUTIONS.find((i) => i.code === 'ICBC_HS')!;
const CCB = DEMO_INSTITUTIONS.find((i) => i.code === 'CCB_HS')!;

/** A fresh tab (its own sessionStorage) logged in as `username`, on `path`. */
const loggedIn = (username: string, password: string, path: string) => tabs.open(username, { password, path });

const formItem = (page: Page, label: string) => page.locator('.el-form-item', { has: page.locator('.el-form-item__label', { hasText: label }) });

describe('授权 across the enterprise and the bank', () => {
  it('the enterprise grants a bank, the officer sees the grant and the profile; after revocation the next view is refused with the reason', async () => {
    const enterprise = portal.platform.demo!.accounts.find((a) => a.role === 'enterprise')!;
    const officer = portal.platform.demo!.accounts.find((a) => a.username === ICBC.username)!;

    // Commercial data about the enterprise: shown to the bank only because the grant below includes 第三方数据.
    const thirdParty = portal.platform.services.nationalFeed;
    thirdParty.simulators.thirdParty.know(enterprise.username, [{ category: 'intellectual_property', recordKey: 'ZL202610000001', payload: { kind: '发明专利' } }]);
    await thirdParty.thirdParty.refresh(enterprise.username);

    // The enterprise grants ICBC periodic access to three categories.
    const ent = await loggedIn(enterprise.username, enterprise.password, '/consents');
    expect(await ent.locator('.side-menu').innerText()).toMatch(/我的企业[\s\S]*授权管理[\s\S]*查询记录/);
    await ent.getByRole('button', { name: '新增授权' }).click();
    await ent.waitForURL(/\/consents\/new$/);
    await formItem(ent, '被授权机构').locator('.el-select').click();
    await chooseOption(ent.locator('.el-select-dropdown__item', { hasText: ICBC.name }));
    await formItem(ent, '数据类别').getByText('登记注册', { exact: true }).click();
    await formItem(ent, '数据类别').getByText('纳税', { exact: true }).click();
    await formItem(ent, '数据类别').getByText('第三方数据', { exact: true }).click();
    // 贷后监测 names a loan chosen from the enterprise's own, never a typed id; this firm has none with the bank yet.
    await formItem(ent, '用途').getByText('贷后监测').click();
    await formItem(ent, '监测的贷款').locator('.el-select').click();
    await ent.locator('.el-select-dropdown__empty', { hasText: '在所选机构尚无已放款的贷款' }).waitFor();
    await ent.keyboard.press('Escape');
    await ent.getByRole('button', { name: '确认授权' }).click();
    await formItem(ent, '监测的贷款').locator('.el-form-item__error').getByText('贷后监测授权须选择一笔已放款的贷款').waitFor();
    expect(ent.url()).toMatch(/\/consents\/new$/);
    await formItem(ent, '用途').getByText('贷款申请审查').click();
    await formItem(ent, '监测的贷款').waitFor({ state: 'detached' });

    await formItem(ent, '查询方式').getByText('定期查询', { exact: true }).click();
    await formItem(ent, '查询频次').waitFor();
    await portal.screenshot(ent, 'consent-grant');
    await ent.getByRole('button', { name: '确认授权' }).click();
    await ent.waitForURL(/\/consents\/[0-9a-f-]{36}$/);
    await ent.locator('.terms').getByText(ICBC.name).waitFor();
    expect(await ent.locator('.terms').innerText()).toMatch(/登记注册[\s\S]*纳税[\s\S]*第三方数据/);
    await ent.locator('.consent-document').getByText('企业信用信息查询授权书').waitFor();
    expect(await ent.locator('.consent-document').innerText()).toMatch(/登记注册[\s\S]*纳税[\s\S]*北京时间[\s\S]*撤销权/);
    await portal.screenshot(ent, 'consent-detail');

    // The officer sees the grant and opens the profile through the gate.
    const bank = await loggedIn(officer.username, officer.password, '/institution/consents');
    const row = bank.locator('.grants .el-table__row', { hasText: enterprise.who });
    await row.waitFor();
    expect(await row.innerText()).toContain('生效中');
    await portal.screenshot(bank, 'institution-consents');
    await row.getByRole('button', { name: '查看画像' }).click();
    await bank.waitForURL(/\/institution\/consents\/[0-9a-f-]{36}\/profile$/);
    await bank.locator('.section[data-scope="register"]').getByText(enterprise.who).first().waitFor();
    expect(await bank.locator('.section').count()).toBeGreaterThanOrEqual(1);
    expect(await bank.locator('.result').innerText()).not.toContain('社会保险');
    const commercial = bank.locator('.section[data-scope="third_party"]');
    await commercial.locator('[data-test="third-party-records"]').getByText('ZL202610000001').waitFor();
    expect(await commercial.innerText()).toMatch(/第三方数据[\s\S]*不替代政府数据[\s\S]*知识产权[\s\S]*商业数据服务商（模拟）/);
    await portal.screenshot(bank, 'enterprise-profile');
    const logged = await portal.platform.database.knex('consent_access_log').where({ institution_id: await institutionId(portal.platform, ICBC.code) }).count<{ count: number | string }[]>('* as count');
    expect(Number(logged[0]!.count)).toBe(1);

    // The enterprise revokes from the list, after confirming.
    await ent.goto(`${portal.platform.url}/consents`);
    const granted = ent.locator('.consents .el-table__row', { hasText: ICBC.name });
    await granted.getByText('生效中').waitFor();
    await portal.screenshot(ent, 'consents');
    await granted.getByRole('button', { name: '撤销' }).click();
    await ent.locator('.el-message-box').getByText('确认撤销授权').waitFor();
    await ent.locator('.el-message-box input').fill('不再与该行合作');
    await ent.locator('.el-message-box').getByRole('button', { name: '确认撤销' }).click();
    await granted.getByText('已撤销').waitFor();

    // The officer's next view is refused, and the page says why.
    await bank.getByRole('button', { name: '重新查询' }).click();
    await bank.locator('.refused').getByText('无权查看该企业信息').waitFor();
    const refusal = await bank.locator('.refused').innerText();
    expect(refusal).toContain('该企业已撤销对贵机构的授权');
    expect(refusal).not.toContain('CONSENT_REVOKED');
    expect(await bank.locator('.section').count()).toBe(0);
    await portal.screenshot(bank, 'enterprise-profile-refused');

    // Who ended it and when, on both sides.
    await ent.locator('.consents .el-table__row', { hasText: ICBC.name }).getByRole('button', { name: '详情' }).click();
    await ent.locator('.terms').getByText('企业撤销').waitFor();
    const revoker = (await portal.platform.database.knex('users').where({ username: enterprise.username }).first('display_name')) as { display_name: string };
    const terms = await ent.locator('.terms').innerText();
    // A self-registered enterprise's account bears the enterprise's name: it is named once.
    expect(terms).toContain(revoker.display_name === enterprise.who ? `${enterprise.who}（企业撤销）` : `${enterprise.who} ${revoker.display_name}（企业撤销）`);
    expect(terms).not.toContain(`${enterprise.who} ${enterprise.who}`);
    expect(terms).toContain('不再与该行合作');
  });

  it('查看画像 of a revoked grant reads nothing, though another grant to the bank is still in force', async () => {
    const [enterprise] = await registerEnterprises(portal.platform, 1);
    const grantTo = async () => {
      const res = await portal.platform.api('/api/v1/consents', {
        token: enterprise!.token,
        body: { granteeInstitutionId: await institutionId(portal.platform, CCB.code), scopes: ['register'], purpose: 'loan_application', validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(), fetchType: 'ONETIME' },
      });
      expect(res.status).toBe(201);
      return ((await res.json()) as { id: string }).id;
    };
    const ended = await grantTo();
    const inForce = await grantTo();
    expect((await portal.platform.api(`/api/v1/consents/${ended}/revoke`, { token: enterprise!.token, body: {} })).status).toBe(200);

    const bank = await loggedIn(CCB.username, 'Demo@2026', `/institution/consents/${ended}/profile`);
    await bank.locator('.refused').getByText('该企业已撤销对贵机构的授权').waitFor();
    await bank.getByRole('button', { name: '重新查询' }).click();
    await bank.locator('.refused').getByText('该企业已撤销对贵机构的授权').waitFor();
    expect(await bank.locator('.section').count()).toBe(0);
    // The one-time grant still in force was not used up by the ended grant's page.
    const usage = await portal.platform.database.knex('consent_grant_usage').where({ grant_id: inForce }).first('use_count');
    expect(Number(usage.use_count)).toBe(0);
  });

  it('授权管理 shows only its loading state until the list has answered; a list that failed to load says so instead of 暂无…', async () => {
    const [enterprise] = await registerEnterprises(portal.platform, 1);
    const consentList = (url: URL) => url.pathname === '/api/v1/consents';
    let release = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    // Holds the page's first read of the list (and only that one) until the test lets it go.
    await portal.browser.context.route(
      consentList,
      async (route) => {
        await released;
        await route.continue();
      },
      { times: 1 },
    );
    try {
      const page = await loggedIn(enterprise!.uscc, 'Passw0rd!', '/consents');
      await page.locator('.consents .el-loading-mask').waitFor();
      expect(await page.locator('.consents').innerText()).not.toContain('暂无授权');
      release();
      await page.locator('.consents').getByText('暂无授权').waitFor();

      // 我的异议 has no error state of its own: its table says the list could not be read.
      await page.route('**/api/v1/me/credit-objections', (route) => route.abort('connectionfailed'));
      await page.goto(`${portal.platform.url}/enterprise/objections`);
      await page.locator('.objections').getByText('加载失败').waitFor();
      expect(await page.locator('.objections').innerText()).not.toContain('暂无异议申请');
    } finally {
      release();
    }
  });

  it('授权管理 and 授权查询 keep their status filter through a row’s page, Back and a refresh', async () => {
    const enterprise = portal.platform.demo!.accounts.find((a) => a.role === 'enterprise')!;
    for (const [user, password, path, button] of [
      [enterprise.username, enterprise.password, '/consents', '详情'],
      [ICBC.username, 'Demo@2026', '/institution/consents', '查看画像'],
    ] as const) {
      const page = await loggedIn(user, password, path);
      await page.locator('.el-radio-button', { hasText: '已撤销' }).click();
      await page.waitForURL((url) => url.searchParams.get('status') === 'REVOKED');
      const row = page.locator('.el-table__body tr', { hasText: '已撤销' }).first();
      await row.getByRole('button', { name: button }).click();
      await page.waitForURL((url) => url.pathname !== path);
      await page.goBack();
      await page.waitForURL((url) => url.pathname === path && url.searchParams.get('status') === 'REVOKED');
      await page.reload();
      await page.locator('.el-table__body tr').first().waitFor();
      expect(await page.locator('.el-radio-button.is-active').innerText()).toBe('已撤销');
      expect((await page.locator('.el-table__body tr').allInnerTexts()).every((r) => r.includes('已撤销'))).toBe(true);
    }
  });

  it('shows a bank read on the enterprise’s open 查询记录 page within two seconds', async () => {
    const [enterprise] = await registerEnterprises(portal.platform, 1);
    const grant = await portal.platform.api('/api/v1/consents', {
      token: enterprise!.token,
      body: {
        granteeInstitutionId: await institutionId(portal.platform, CCB.code),
        scopes: ['register'],
        purpose: 'pre_credit',
        validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(),
        fetchType: 'PERIODIC',
        frequency: { unit: 'DAY', value: 10 },
      },
    });
    expect(grant.status).toBe(201);
    const officerToken = await portal.platform.login(CCB.username);

    const page = await loggedIn(enterprise!.uscc, 'Passw0rd!', '/consents/access-log');
    await page.locator('.access-log').getByText('暂无查询记录').waitFor();

    const read = await portal.platform.api(`/api/v1/institution/enterprises/${enterprise!.uscc}/profile?purpose=pre_credit`, { token: officerToken });
    expect(read.status).toBe(200);
    const readDone = Date.now();
    const row = page.locator('.access-log .el-table__row', { hasText: CCB.name });
    await row.waitFor({ timeout: 2_000 });
    const shownAfter = Date.now() - readDone;
    expect(shownAfter).toBeLessThan(2_000);
    const text = await row.innerText();
    expect(text).toContain('登记注册');
    expect(text).toContain('预授信');
    expect(text).toContain(`${CCB.name}演示用户`);
    await page.locator('canvas').first().waitFor();
    await portal.screenshot(page, 'access-log');

    // A read by the bank's machine client names that client.
    const client = await portal.platform.api('/api/v1/institution/clients', { token: await portal.platform.login('ccb_admin'), body: { name: '建行风控系统', scopes: ['profile:read'] } });
    const { clientId, clientSecret } = (await client.json()) as { clientId: string; clientSecret: string };
    const issued = await portal.platform.api('/api/v1/oauth/token', { body: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret } });
    const machineToken = ((await issued.json()) as { access_token: string }).access_token;
    const machineRead = await portal.platform.api(`/api/v1/institution/enterprises/${enterprise!.uscc}/profile?purpose=pre_credit`, { token: machineToken });
    expect(machineRead.status).toBe(200);
    const machineRow = page.locator('.access-log .el-table__row', { hasText: '机构系统接口：建行风控系统' });
    await machineRow.waitFor({ timeout: 2_000 });
    expect(await page.locator('.access-log .el-table__row').first().innerText()).toContain('建行风控系统');

    // Filters: another institution shows nothing; the refresh button reads again.
    await page.locator('.filters .institution').click();
    await chooseOption(page.locator('.el-select-dropdown__item', { hasText: ICBC.name }));
    await page.locator('.access-log').getByText('暂无查询记录').waitFor();
    await page.locator('.filters .institution').click();
    await chooseOption(page.locator('.el-select-dropdown__item', { hasText: CCB.name }).last());
    await expect.poll(() => page.locator('.access-log .el-table__row').count()).toBe(2);
  });

  it('sends the officer from an application\'s one-time grant to the application, reading nothing by USCC', async () => {
    // Before: 查看画像 read by USCC, spending the grant outside the case file (the application's
    // review then answered 一次性授权已使用); now the platform refuses that read, so the page does
    // not make it (which would leave the enterprise a refused read) and points to the application.
    const [enterprise] = await registerEnterprises(portal.platform, 1);
    const { knex } = portal.platform.database;
    const product = String((await knex('loan_products').where({ name: '工银经营快贷' }).first('id')).id);
    const applied = await portal.platform.api('/api/v1/loan-applications', {
      token: enterprise!.token,
      body: { productId: product, amount: '300000.00', termMonths: 12, purpose: '采购原材料' },
    });
    expect(applied.status, await applied.clone().text()).toBe(201);
    const applicationId = ((await applied.json()) as { application: { id: string } }).application.id;
    const grantId = String((await knex('loan_applications').where({ id: applicationId }).first('consent_grant_id')).consent_grant_id);

    const bank = await loggedIn(ICBC.username, 'Demo@2026', `/institution/consents/${grantId}/profile`);
    await bank.locator('.held').getByText('请在贷款申请中查看企业画像').waitFor();
    expect(await bank.getByRole('button', { name: '重新查询' }).count()).toBe(0);
    await bank.getByRole('button', { name: '查看贷款申请' }).click();
    await bank.waitForURL(new RegExp(`/bank/applications/${applicationId}$`));
    expect(Number(((await knex('consent_refused_reads').where({ enterprise_id: enterprise!.id }).count({ n: '*' }).first()) as { n: string }).n)).toBe(0);
    expect(Number(((await knex('consent_grant_usage').where({ grant_id: grantId }).first('use_count')) as { use_count: number }).use_count)).toBe(0);
  });

  it('shows the enterprise a read the platform refused, who tried and why in Chinese, apart from the reads made', async () => {
    const [enterprise] = await registerEnterprises(portal.platform, 1);
    const page = await loggedIn(enterprise!.uscc, 'Passw0rd!', '/consents/access-log');
    const refused = page.locator('[data-test="refused-reads"]');
    await refused.getByText('暂无被拒绝的查询').waitFor();

    const read = await portal.platform.api(`/api/v1/institution/enterprises/${enterprise!.uscc}/profile?purpose=loan_application`, { token: await portal.platform.login(ICBC.username) });
    expect(read.status).toBe(403);
    const row = refused.locator('.el-table__row', { hasText: ICBC.name });
    await row.waitFor();
    const text = await row.innerText();
    expect(text).toContain(`${ICBC.name}演示用户`);
    expect(text).toContain('贷款申请审查');
    expect(text).toContain('全部类别');
    expect(await row.locator('[data-test="refusal-reason"]').innerText()).toBe('本企业未向该机构授权');
    expect(text).not.toMatch(/CONSENT_|[A-Za-z_]{3,}/);
    // Nothing was read: the reads made stay empty.
    await page.locator('.access-log').getByText('暂无查询记录').waitFor();
    await refused.scrollIntoViewIfNeeded();
    await portal.screenshot(page, 'access-log-refused');
  });
});

describe('接口凭证', () => {
  it('is not offered to an officer: a typed link goes back to the workbench', async () => {
    const officer = portal.platform.demo!.accounts.find((a) => a.username === 'hsfg_officer')!;
    const page = await tabs.open(officer.username, { password: officer.password });
    await page.goto(`${portal.platform.url}/institution/credentials`);
    await page.waitForURL((url) => url.pathname === '/guarantee');
    await page.locator('.features').getByText('授权查询').waitFor();
    expect(await page.locator('.side-menu').innerText()).toContain('授权查询');
    await page.getByText('仅机构管理员可以打开“接口凭证”，已返回您的工作台').waitFor();
    // Neither the menu nor the workbench's cards offer it.
    expect(await page.locator('.side-menu').innerText()).not.toContain('接口凭证');
    expect(await page.locator('.features').innerText()).not.toContain('接口凭证');
  });

  it('creates a machine client, shows its secret once (it works), rotates and revokes the old secret, and sets the webhook', async () => {
    const admin = portal.platform.demo!.accounts.find((a) => a.username === 'hsfg_admin')!;
    const page = await loggedIn(admin.username, admin.password, '/institution/credentials');
    expect(await page.locator('.side-menu').innerText()).toMatch(/授权查询[\s\S]*接口凭证/);

    await page.getByRole('button', { name: '新建客户端' }).click();
    await page.locator('input[name="clientName"]').fill('担保业务系统');
    await page.locator('.el-dialog').getByRole('button', { name: '创建' }).click();
    const shown = page.locator('.secret-dialog');
    await shown.getByText('已创建').waitFor();
    const [clientId, firstSecret] = await shown.locator('.secret-value').allInnerTexts();
    const token = await fetch(`${portal.platform.url}/api/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId!, client_secret: firstSecret! }),
    });
    expect(token.status).toBe(200);
    await shown.getByRole('button', { name: '我已保存' }).click();

    const client = page.locator('.clients .el-table__row', { hasText: '担保业务系统' });
    await client.getByRole('button', { name: '轮换密钥' }).click();
    await shown.getByText('新密钥').waitFor();
    const newSecret = (await shown.locator('.secret-value').allInnerTexts())[1]!;
    expect(newSecret).not.toBe(firstSecret);
    await shown.getByRole('button', { name: '我已保存' }).click();
    await expect.poll(() => client.locator('.secret').count()).toBe(2);
    await portal.screenshot(page, 'api-credentials');

    await client.locator('.secret', { hasText: firstSecret!.slice(-4) }).getByRole('button', { name: '吊销' }).click();
    await page.locator('.el-message-box').getByRole('button', { name: '确认吊销' }).click();
    await expect.poll(() => client.locator('.secret').count()).toBe(1);
    const refused = await fetch(`${portal.platform.url}/api/v1/oauth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId!, client_secret: firstSecret! }),
    });
    expect(refused.status).toBe(401);

    await page.locator('.webhook .current').getByText('尚未设置').waitFor();
    await page.locator('input[name="url"]').fill('ftp://example.com/hook');
    await page.getByRole('button', { name: '保存' }).click();
    await formItem(page, '回调地址').locator('.el-form-item__error').getByText('回调地址应为 http(s) URL').waitFor();
    await page.locator('input[name="url"]').fill('https://hsfg.example.com/xyd/events');
    await page.getByRole('button', { name: '保存' }).click();
    await shown.getByText('回调地址已保存').waitFor();
    expect((await shown.locator('.secret-value').allInnerTexts())[1]).toMatch(/^whsec_/);
    await shown.getByRole('button', { name: '我已保存' }).click();
    await page.locator('.webhook .current').getByText('https://hsfg.example.com/xyd/events').waitFor();
    // Saving again rotates the secret; the dialog says until when the replaced one signs too.
    await page.locator('.webhook').getByRole('button', { name: '保存', exact: true }).click();
    await shown.getByText('原签名密钥同时签名至').waitFor();
    await shown.getByRole('button', { name: '我已保存' }).click();

    // 发送测试事件: one event signed as real ones are; the card says whether the address took it.
    // The first test event is taken, the second refused (401, as a failed signature check answers);
    // events replayed when the address is saved are taken.
    const tests: string[] = [];
    const receiver = createServer((req, res) => {
      const id = String(req.headers['webhook-id']);
      if (id.startsWith('webhook.test:')) tests.push(id);
      res.statusCode = id.startsWith('webhook.test:') && tests.length > 1 ? 401 : 204;
      res.end();
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
    try {
      await page.locator('input[name="url"]').fill(`http://127.0.0.1:${(receiver.address() as AddressInfo).port}/events`);
      await page.locator('.webhook').getByRole('button', { name: '保存', exact: true }).click();
      await shown.getByRole('button', { name: '我已保存' }).click();
      await page.locator('.webhook').getByRole('button', { name: '发送测试事件' }).click();
      await page.locator('.webhook .test-result').getByText('测试事件已送达').waitFor();
      expect(tests).toHaveLength(1);
      await page.locator('.webhook').getByRole('button', { name: '发送测试事件' }).click();
      await page.locator('.webhook .test-result').getByText('贵方地址拒绝了该事件（状态码 401）', { exact: false }).waitFor();
      await portal.screenshot(page, 'webhook-test-event');
    } finally {
      await new Promise<void>((r) => receiver.close(() => r()));
    }
  });
});
