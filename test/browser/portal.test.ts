/// <reference lib="dom" />
// page.evaluate() callbacks run in the browser.
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, it } from 'vitest';
import { DEMO_INSTITUTIONS } from '../../src/demo/demo-city.js';
import type { Role } from '../../src/platform/roles.js';
import { uniqueMobile } from '../helpers/registration-code.js';
import { PHONE } from './helpers/chromium.js';
import { portalForFile } from './helpers/portal-for-file.js';

interface EntityRow {
  uscc: string;
  name: string;
  legal_representative: string;
}

const { portal } = portalForFile();
/** The tabs a test opened (`open`), each logging in or not as the test walks it. */
let pages: (Page & { errors: Error[] })[] = [];

afterEach(async () => {
  for (const page of pages) {
    expect(page.errors.map((e) => e.message), 'errors thrown in the page').toEqual([]);
    await page.close();
  }
  pages = [];
});

async function open(path: string): Promise<Page> {
  const page = await portal.newPage();
  pages.push(page);
  await page.goto(portal.platform.url + path);
  return page;
}

/** Active entities of the demo register that nobody has registered yet. */
async function unregisteredEntities(): Promise<EntityRow[]> {
  return portal.platform.database
    .knex('market_entities as m')
    .leftJoin('enterprises as e', 'e.uscc', 'm.uscc')
    .whereNull('e.id')
    .where('m.entity_type', 'enterprise')
    .whereIn('m.status', ['existing', 'operating'])
    .select<EntityRow[]>('m.uscc', 'm.name', 'm.legal_representative')
    .orderBy('m.uscc')
    .limit(5);
}

const field = (page: Page, name: string) => page.locator('.el-form-item', { has: page.locator(`input[name="${name}"]`) });
const fieldError = (page: Page, name: string) => field(page, name).locator('.el-form-item__error');

/** Fills the form the way a user would; a field overridden with undefined is left untouched. */
async function fillRegistration(page: Page, entity: EntityRow, overrides: Record<string, string | undefined> = {}) {
  const values: Record<string, string | undefined> = {
    uscc: entity.uscc,
    name: entity.name,
    legalRepresentative: entity.legal_representative,
    contactName: '王经理',
    contactMobile: uniqueMobile(),
    password: 'Portal2026ok',
    confirmPassword: 'Portal2026ok',
    ...overrides,
  };
  for (const [name, value] of Object.entries(values)) {
    if (value !== undefined) await page.locator(`input[name="${name}"]`).fill(value);
  }
  // 获取验证码, then the code as the person reads it from the SMS (the simulator's inbox).
  const sent = page.waitForResponse((r) => r.url().endsWith('/api/v1/enterprises/registrations/mobile-code'));
  await page.locator('[data-test="send-code"]').click();
  expect((await sent).status()).toBe(202);
  const code = await portal.platform.services.smsInbox!.latestCodeTo(values.contactMobile!);
  await page.locator('input[name="mobileCode"]').fill(code!);
}

async function logIn(page: Page, username: string, password = 'Demo@2026') {
  await page.locator('input[name="username"]').fill(username);
  await page.locator('input[name="password"]').fill(password);
  await page.locator('form button[type="submit"]').click();
}

describe('public pages', () => {
  it('shows the home page with the services and policy highlights, amounts in 万元', async () => {
    const page = await open('/');
    await expect(page.title()).resolves.toBe('信易贷融资信用服务平台');
    await page.getByRole('heading', { name: '政策要点' }).waitFor();
    // The policy cards are the knowledge corner's featured policies, loaded after the page.
    await page.locator('[data-test="home-policies"] .policy').first().waitFor();
    const text = await page.locator('main').innerText();
    expect(text).toContain('企业注册与核验');
    expect(text).toContain('30 万元');
    expect(text).toContain('2,000 万元');
    await expect(page.locator('.topbar').innerText()).resolves.toContain('信易贷融资信用服务平台');
    expect(await page.locator('.side-menu').innerText()).toMatch(/首页[\s\S]*企业注册[\s\S]*登录/);
    await portal.screenshot(page, 'home');
  });

  it('keeps the platform routes: API 404 as problem+json, health, docs, and deep links to the portal', async () => {
    const api = await fetch(`${portal.platform.url}/api/v1/no-such-thing`);
    expect(api.status).toBe(404);
    expect(api.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await (await fetch(`${portal.platform.url}/healthz`)).json()).toMatchObject({ status: 'ok' });
    expect(await (await fetch(`${portal.platform.url}/docs`)).text()).toContain('swagger-ui');
    const page = await open('/no/such/page');
    await page.getByText('页面不存在', { exact: true }).first().waitFor();
    await portal.screenshot(page, 'not-found');
  });
});

describe('企业注册', () => {
  it('rejects a wrong check digit on the field as it is typed, without calling the server', async () => {
    const [entity] = await unregisteredEntities();
    const page = await open('/register');
    let registrationCalls = 0;
    page.on('request', (request) => {
      if (request.url().endsWith('/api/v1/enterprises/registrations')) registrationCalls++;
    });
    await fillRegistration(page, entity!, { uscc: undefined });
    const wrong = entity!.uscc.slice(0, 17) + (entity!.uscc.endsWith('1') ? '2' : '1');
    await page.locator('input[name="uscc"]').pressSequentially(wrong.slice(0, 10));
    await expect(fieldError(page, 'uscc').count()).resolves.toBe(0);
    await page.locator('input[name="uscc"]').pressSequentially(wrong.slice(10));
    await fieldError(page, 'uscc').waitFor();
    expect(await fieldError(page, 'uscc').innerText()).toContain('校验位（第18位）不正确');
    await portal.screenshot(page, 'registration-check-digit');

    await page.locator('form button[type="submit"]').click();
    await page.waitForTimeout(300);
    expect(registrationCalls).toBe(0);
    expect(page.url()).toMatch(/\/register$/);

    // Correcting the last character clears the error as it is typed.
    await page.locator('input[name="uscc"]').click();
    await page.locator('input[name="uscc"]').press('End');
    await page.locator('input[name="uscc"]').press('Backspace');
    await page.locator('input[name="uscc"]').press(entity!.uscc.charAt(17));
    await fieldError(page, 'uscc').waitFor({ state: 'detached' });
    await page.getByText('代码校验通过').waitFor();
  });

  it('asks for every empty field in Chinese when 提交注册 is pressed on an empty form', async () => {
    const page = await open('/register');
    await page.locator('form button[type="submit"]').click();
    const errors = page.locator('.el-form-item__error');
    await expect.poll(() => errors.count()).toBe(8);
    const texts = await errors.allInnerTexts();
    expect(texts).toContain('请输入统一社会信用代码');
    expect(texts).toContain('请再次输入密码');
    expect(texts.filter((t) => /[A-Za-z]/.test(t))).toEqual([]);
  });

  it('judges the password by the platform\'s own rule beside the field, before anything is sent', async () => {
    const [entity] = await unregisteredEntities();
    const page = await open('/register');
    let registrationCalls = 0;
    page.on('request', (request) => {
      if (request.url().endsWith('/api/v1/enterprises/registrations')) registrationCalls++;
    });
    await fillRegistration(page, entity!);
    // Letters and digits only: two classes of the three the platform asks for.
    await page.locator('input[name="password"]').fill('abcdefg1');
    await page.locator('input[name="confirmPassword"]').fill('abcdefg1');
    await page.locator('form button[type="submit"]').click();
    await fieldError(page, 'password').waitFor();
    expect(await fieldError(page, 'password').innerText()).toBe('密码须包含大写字母、小写字母、数字、符号中的至少三类');
    expect(registrationCalls).toBe(0);
    // Nor may it contain the USCC.
    await page.locator('input[name="password"]').fill(`a-${entity!.uscc}`);
    await page.locator('input[name="password"]').blur();
    await expect.poll(() => fieldError(page, 'password').innerText()).toBe('密码不能包含统一社会信用代码');
  });

  it('shows the server verdict on the field it names (name not as registered)', async () => {
    const [entity] = await unregisteredEntities();
    const page = await open('/register');
    await fillRegistration(page, entity!, { name: `${entity!.name}分公司` });
    const response = page.waitForResponse((r) => r.url().endsWith('/api/v1/enterprises/registrations'));
    await page.locator('form button[type="submit"]').click();
    expect((await response).status()).toBe(422);
    await fieldError(page, 'name').waitFor();
    expect(await fieldError(page, 'name').innerText()).toContain('企业名称与市场主体登记信息不一致');
    // The verdict spent the code: the page says a new one is needed.
    expect(await fieldError(page, 'mobileCode').innerText()).toContain('验证码已失效，请核对后重新获取');
    expect(await page.locator('body').innerText()).not.toContain('"code"');
    await page.locator('input[name="name"]').fill(entity!.name);
    await fieldError(page, 'name').waitFor({ state: 'detached' });
  });

  it('registers a new enterprise from the demo register, then logs in, sees it masked, and logs out', async () => {
    const [entity] = await unregisteredEntities();
    const page = await open('/register');
    await fillRegistration(page, entity!, { contactMobile: '13912345678' });
    await page.getByText('代码校验通过').waitFor();
    await portal.screenshot(page, 'registration');
    await page.locator('form button[type="submit"]').click();

    await page.waitForURL(/\/login\?/);
    await page.getByText('注册成功，请使用统一社会信用代码').waitFor();
    expect(await page.locator('input[name="username"]').inputValue()).toBe(entity!.uscc);
    const row = await portal.platform.database.knex('enterprises').where({ uscc: entity!.uscc }).first();
    expect(row).toMatchObject({ name: entity!.name, contact_name: '王经理' });
    await portal.screenshot(page, 'login');

    await page.locator('input[name="password"]').fill('Portal2026ok');
    await page.locator('form button[type="submit"]').click();
    await page.waitForURL(/\/enterprise$/);
    await page.getByText(entity!.name).first().waitFor();
    const info = await page.locator('.el-descriptions').innerText();
    expect(info).toContain(entity!.uscc);
    expect(info).toContain('139****5678');
    expect(info).not.toContain('13912345678');
    await expect(page.locator('.breadcrumbs').innerText()).resolves.toMatch(/首页\s*\/\s*我的企业/);
    await portal.screenshot(page, 'my-enterprise');

    await page.locator('.topbar .logout').click();
    await page.waitForURL(/\/logout$/);
    await page.getByText('您已安全退出').waitFor();
    await portal.screenshot(page, 'logout');
    await page.goto(`${portal.platform.url}/enterprise`);
    await page.waitForURL(/\/login\?redirect=(%2F|\/)enterprise$/);
  });

  it('fits the SME pages on a phone-width screen, with the menu behind a button', async () => {
    const page = await portal.newPage();
    pages.push(page);
    await page.setViewportSize(PHONE);
    await page.goto(`${portal.platform.url}/register`);
    await page.locator('input[name="uscc"]').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    expect(await page.locator('.aside').count()).toBe(0);
    // The password rule was the field's placeholder: cut off at 390 px and gone once typing began.
    const rule = page.locator('[data-test="password-rule"]');
    await page.locator('input[name="password"]').fill('Abc');
    await expect(rule.innerText()).resolves.toBe('至少8位，含大小写字母、数字、符号中的三类，不含统一社会信用代码');
    expect((await rule.boundingBox())!.x + (await rule.boundingBox())!.width).toBeLessThanOrEqual(PHONE.width);
    await page.locator('input[name="password"]').fill('');
    await portal.screenshot(page, 'registration-phone');
    await page.getByRole('button', { name: '打开菜单' }).click();
    await page.locator('.el-drawer .side-menu').getByText('登录').click();
    await page.waitForURL(/\/login$/);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);

    const account = portal.platform.demo!.accounts.find((a) => a.role === 'enterprise')!;
    await logIn(page, account.username, account.password);
    await page.waitForURL(/\/enterprise$/);
    await page.getByText(account.who).first().waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.goto(`${portal.platform.url}/`);
    await page.getByRole('heading', { name: '政策要点' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
  });
});

describe('login and logout for each role', () => {
  const HOMES: Record<Role, { path: string; heading: string; shot: string }> = {
    enterprise: { path: '/enterprise', heading: '我的企业', shot: 'workbench-enterprise' },
    bank_officer: { path: '/bank', heading: '银行工作台', shot: 'workbench-bank' },
    guarantee_officer: { path: '/guarantee', heading: '担保工作台', shot: 'workbench-guarantee' },
    financial_office: { path: '/oversight', heading: '监测工作台', shot: 'workbench-oversight' },
    data_source: { path: '/data-source', heading: '数据报送工作台', shot: 'workbench-data-source' },
    admin: { path: '/admin', heading: '运营管理工作台', shot: 'workbench-admin' },
  };

  it.each(Object.keys(HOMES) as Role[])('%s lands on its own home page and can log out', async (role) => {
    const account = portal.platform.demo!.accounts.find((a) => a.role === role)!;
    const home = HOMES[role];
    const page = await open('/login');
    await logIn(page, account.username, account.password);
    await page.waitForURL(new RegExp(`${home.path}$`));
    await page.locator('h1', { hasText: home.heading }).waitFor();
    // The workbench shows who is logged in once /me has answered.
    await page.locator('main').getByText(role === 'enterprise' ? account.who : account.username).first().waitFor();
    // A workbench offers what is open: a 建设中 card is not a feature.
    expect(await page.locator('main').innerText()).not.toContain('建设中');
    const menu = await page.locator('.side-menu').innerText();
    expect(menu).toContain(home.heading);
    expect(menu).not.toContain('企业注册');
    for (const other of Object.values(HOMES)) if (other !== home) expect(menu).not.toContain(other.heading);
    if (role === 'financial_office' || role === 'admin') {
      await page.locator('canvas').first().waitFor();
      await page.getByText(`入驻机构（${DEMO_INSTITUTIONS.length} 家）`).waitFor();
      await page.waitForTimeout(600); // the bars grow in for 400 ms; let them settle for the screenshot
    }
    await portal.screenshot(page, home.shot);

    // Another role's page sends the user back to their own home.
    const foreign = role === 'admin' ? '/bank' : '/admin';
    await page.goto(portal.platform.url + foreign);
    await page.waitForURL(new RegExp(`${home.path}$`));

    await page.locator('.topbar .logout').click();
    await page.getByText('您已安全退出').waitFor();
    expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
    await page.goto(portal.platform.url + home.path);
    await page.waitForURL(/\/login\?redirect=/);
  });

  it('renews an access token about to lapse without the user noticing, and logs out on every device', async () => {
    const account = portal.platform.demo!.accounts.find((a) => a.role === 'bank_officer')!;
    const page = await open('/login');
    await logIn(page, account.username, account.password);
    await page.waitForURL(/\/bank$/);
    const stored = () => page.evaluate(() => JSON.parse(sessionStorage.getItem('xyd.session')!) as { token: string; refreshToken: string; expiresAt: number });
    const before = await stored();
    await page.evaluate(() => {
      const s = JSON.parse(sessionStorage.getItem('xyd.session')!) as { expiresAt: number };
      sessionStorage.setItem('xyd.session', JSON.stringify({ ...s, expiresAt: Date.now() }));
    });
    await page.reload();
    await page.locator('h1', { hasText: '银行工作台' }).waitFor();
    await page.locator('main').getByText(account.username).first().waitFor();
    const after = await stored();
    // The access token may be byte-identical when issued within the same second; the refresh token never is.
    expect(after.refreshToken).not.toBe(before.refreshToken);
    expect(after.expiresAt).toBeGreaterThan(Date.now() + 600_000);
    expect(page.url()).toMatch(/\/bank$/);

    await page.locator('.topbar .logout-all').click();
    await page.getByText('您已在所有设备上退出').waitFor();
    const me = await fetch(`${portal.platform.url}/api/v1/me`, { headers: { authorization: `Bearer ${after.token}` } });
    expect(await me.json()).toMatchObject({ status: 401, code: 'TOKEN_REVOKED' });
  });

  it('says so when the platform does not confirm 全部设备退出, and keeps this device logged in to try again', async () => {
    const account = portal.platform.demo!.accounts.find((a) => a.role === 'bank_officer')!;
    const page = await open('/login');
    await logIn(page, account.username, account.password);
    await page.waitForURL(/\/bank$/);
    const token = await page.evaluate(() => (JSON.parse(sessionStorage.getItem('xyd.session')!) as { token: string }).token);
    await page.route('**/api/v1/auth/logout-all', (route) => route.abort('connectionfailed'));
    await page.locator('.topbar .logout-all').click();
    await page.getByText('未能在所有设备上退出').waitFor();
    expect(await page.getByText('您已在所有设备上退出').count()).toBe(0);
    expect((await fetch(`${portal.platform.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

    await page.unroute('**/api/v1/auth/logout-all');
    await page.getByRole('button', { name: '重试' }).click();
    await page.getByText('您已在所有设备上退出').waitFor();
    expect(await (await fetch(`${portal.platform.url}/api/v1/me`, { headers: { authorization: `Bearer ${token}` } })).json()).toMatchObject({ status: 401, code: 'TOKEN_REVOKED' });
  });

  it('sends a user whose token the server refuses back to 登录, saying why', async () => {
    const account = portal.platform.demo!.accounts.find((a) => a.role === 'enterprise')!;
    const page = await open('/login');
    await logIn(page, account.username, account.password);
    await page.waitForURL(/\/enterprise$/);
    await page.evaluate(() => {
      const stored = JSON.parse(sessionStorage.getItem('xyd.session')!) as { token: string };
      sessionStorage.setItem('xyd.session', JSON.stringify({ ...stored, token: `${stored.token}x` }));
    });
    await page.reload();
    await page.waitForURL(/\/login\?redirect=(%2F|\/)enterprise$/);
    await page.locator('.el-alert').getByText('登录已失效，请重新登录').waitFor();
    await logIn(page, account.username, account.password);
    await page.waitForURL(/\/enterprise$/);
  });

  it('says so on the page when the password is wrong', async () => {
    const page = await open('/login');
    await logIn(page, 'icbc_officer', 'not-the-password1');
    await page.locator('.el-message--error').getByText('账号或密码错误').waitFor();
    expect(page.url()).toMatch(/\/login$/);
    expect(await page.locator('input[name="password"]').inputValue()).toBe('');
  });
});
