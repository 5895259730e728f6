import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { chooseOption } from './helpers/choose-option.js';
import { portalForFile } from './helpers/portal-for-file.js';

const PASSWORD = 'Xyd#Test2026!';
const NEW_PASSWORD = 'Xyd#Reset2026?';
const MOBILE = '13911112222';

const { portal, tabs } = portalForFile({ SCHEDULER_ENABLED: 'false' });

const input = (page: Page, scope: string, name: string) => page.locator(`${scope} input[name="${name}"]`);
const confirmBox = (page: Page) => page.locator('.el-message-box__btns .el-button--primary').click();

describe('onboarding a bank and its first officer', () => {
  it('one admin proposes the bank, another approves, the invited officer sets a password and logs in, then resets it by an SMS code', async () => {
    const maker = await tabs.open('admin', { path: '/admin/institutions' });
    // The list reads by type (banks first), not in the order of codes the page does not show.
    const types = maker.locator('[data-test="institutions"] .el-table__body tr td:nth-child(2)');
    await types.first().waitFor();
    const order = ['银行', '融资担保机构', '地方金融管理部门', '数据源部门', '平台运营方'];
    const seen = (await types.allInnerTexts()).map((t) => order.indexOf(t.trim()));
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
    await maker.locator('[data-test="propose-create"]').click();
    const dialog = '.el-dialog';
    await input(maker, dialog, 'name').fill('中信银行黄石分行');
    await input(maker, dialog, 'code').fill('CITIC_HS');
    await input(maker, dialog, 'uscc').fill('91420200MA4K0CT008');
    await input(maker, dialog, 'financialCode').fill('D0001H242020001');
    await maker.locator('[data-test="submit-proposal"]').click();
    // 15 characters: the 金融机构编码 is refused on its field.
    await expect.poll(() => maker.locator(`${dialog} .el-form-item__error`).allInnerTexts()).toContain('金融机构编码应为14位数字或大写字母');
    await input(maker, dialog, 'financialCode').fill('D0001H24202000');
    await maker.locator('[data-test="submit-proposal"]').click();
    const pendingRow = maker.locator('[data-test="changes"] .el-table__row', { hasText: '中信银行黄石分行' });
    await expect.poll(() => pendingRow.innerText()).toContain('待审核');
    expect(await pendingRow.locator('button', { hasText: '审核通过' }).isDisabled()).toBe(true);

    const checker = await tabs.open('admin2', { path: '/admin/institutions' });
    const row = checker.locator('[data-test="changes"] .el-table__row', { hasText: '中信银行黄石分行' });
    await row.locator('[data-test="approve"]').click();
    await confirmBox(checker);
    await expect.poll(() => row.innerText()).toContain('已通过');
    await expect.poll(() => row.innerText()).toContain('平台复核管理员');

    const bank = checker.locator('[data-test="institutions"] .el-table__row', { hasText: '中信银行黄石分行' });
    await bank.locator('[data-test="invite-admin"]').click();
    const invite = '.el-dialog:visible';
    await input(checker, invite, 'username').fill('citic_admin');
    await input(checker, invite, 'displayName').fill('张行长');
    await input(checker, invite, 'mobile').fill(MOBILE);
    await checker.locator('[data-test="send-invite"]').click();
    // Element Plus puts the attribute on the native input.
    const link = await checker.locator('input[data-test="invitation-link"]').inputValue();
    expect(link).toMatch(/\/invitation\/inv_/);
    // 复制 beside the link puts it on the clipboard, whole.
    await portal.browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: portal.platform.url });
    await checker.locator('.el-dialog:visible [data-test="copy"]').click();
    await checker.locator('.el-message', { hasText: '已复制' }).waitFor();
    expect(await checker.evaluate(() => navigator.clipboard.readText())).toBe(link);

    const invitee = await portal.newPage();
    await invitee.goto(link);
    await expect.poll(() => invitee.locator('.el-descriptions').innerText()).toContain('机构管理员');
    await invitee.locator('input[name="password"]').fill(PASSWORD);
    await invitee.locator('input[name="confirm"]').fill(PASSWORD);
    await invitee.locator('form button[type="submit"]').click();
    await invitee.waitForURL((url) => url.pathname === '/login');
    await invitee.locator('input[name="password"]').fill(PASSWORD);
    await invitee.locator('form button[type="submit"]').click();
    await invitee.waitForURL((url) => !url.pathname.startsWith('/login'));
    // The bank's administrator is named as such, not as one of its 信贷人员.
    await expect.poll(() => invitee.locator('[data-test="who-role"]').innerText()).toBe('银行 · 机构管理员');
    await invitee.close();

    const forgot = await portal.newPage();
    await forgot.goto(`${portal.platform.url}/login`);
    await forgot.getByRole('link', { name: '忘记密码' }).click();
    // The page's chunk loads on the click, and until it shows, the login page's own username
    // field is the one a fill would find (the code request then went out without a username: 400).
    await forgot.locator('h1', { hasText: '忘记密码' }).waitFor();
    await forgot.locator('input[name="username"]').fill('citic_admin');
    await forgot.locator('input[name="mobile"]').fill(MOBILE);
    // The inbox page lists what was sent when it loads: open it once the code is sent. The request
    // is awaited on its own, longer than a page step: under the whole suite's load it once took
    // more than the 10 s a step gets, and its status says whether it was slow or refused.
    const codeSent = forgot.waitForResponse((r) => r.url().endsWith('/api/v1/auth/password-reset/code'), { timeout: 45_000 });
    await forgot.locator('[data-test="send-code"]').click();
    expect((await codeSent).status()).toBe(202);
    await forgot.locator('[data-test="send-code"]', { hasText: '秒后可重发' }).waitFor();

    await checker.goto(`${portal.platform.url}/admin/dev-inbox`);
    const sms = checker.locator('[data-test="sms"] .el-table__row', { hasText: '139****2222' }).first();
    const code = /验证码(\d{6})/.exec(await sms.innerText())![1]!;

    await forgot.locator('input[name="code"]').fill(code);
    await forgot.locator('input[name="newPassword"]').fill(NEW_PASSWORD);
    await forgot.locator('form button[type="submit"]').click();
    await forgot.waitForURL((url) => url.pathname === '/login');
    await forgot.locator('input[name="password"]').fill(NEW_PASSWORD);
    await forgot.locator('form button[type="submit"]').click();
    await forgot.waitForURL((url) => !url.pathname.startsWith('/login'));
    expect(forgot.errors).toEqual([]);
    await forgot.close();
  }, 90_000);
});

describe('the public home page', () => {
  it('shows each service state computed from the data, not a fixed flag', async () => {
    const { knex } = portal.platform.database;
    const count = async (table: string, where: Record<string, unknown>) => Number(((await knex(table).where(where).count({ n: '*' }).first()) as { n: string | number }).n);
    const entities = await count('market_entities', {});
    const connected = await portal.platform.services.institutions.countConnectedBanks();
    const products = await count('loan_products', { status: 'published' });
    const page = await portal.newPage();
    await page.goto(portal.platform.url + '/');
    const services = page.locator('.service');
    await expect.poll(() => services.allInnerTexts()).toContainEqual(expect.stringContaining(`可核验市场主体 ${entities} 户`));
    const text = (await services.allInnerTexts()).join('\n');
    expect(text).toContain(`已对接银行 ${connected} 家，在售产品 ${products} 个`);
    expect(text).not.toContain('建设中');
    expect(page.errors).toEqual([]);
    await page.close();
  });
});

describe('企业人员', () => {
  it('the legal representative adds a staff member with a one-time temporary password and makes them an 授权经办人', async () => {
    const enterprise = portal.platform.demo!.accounts.find((a) => a.role === 'enterprise')!;
    const page = await tabs.open(enterprise.username, { path: '/enterprise/staff' });
    const table = page.locator('[data-test="staff"]');
    await expect.poll(() => table.innerText()).toContain('法定代表人');
    await page.locator('[data-test="add-staff"]').click();
    const dialog = '.el-dialog:visible';
    await input(page, dialog, 'username').fill('demo.clerk');
    await input(page, dialog, 'displayName').fill('李出纳');
    await input(page, dialog, 'mobile').fill('13911113333');
    await page.locator('[data-test="submit-staff"]').click();
    const temporary = await page.locator('input[data-test="temporary-password"]').inputValue();
    expect(temporary.length).toBeGreaterThanOrEqual(12);
    await portal.screenshot(page, 'enterprise-staff-added');
    // Closed by its own button only, while the password is shown.
    await page.locator('.el-dialog:visible .el-dialog__headerbtn').click();

    const row = table.locator('.el-table__row', { hasText: 'demo.clerk' });
    await expect.poll(() => row.innerText()).toContain('尚未首次登录');
    expect(await row.innerText()).toContain('员工');
    await row.locator('[data-test="reposition"]').click();
    await confirmBox(page);
    await expect.poll(() => row.innerText()).toContain('授权经办人');
    await portal.screenshot(page, 'enterprise-staff');
  });
});

describe('平台管理员', () => {
  it('an admin sees the platform admins under 人员管理, invites only another admin, and a second admin approves the invitation', async () => {
    const page = await tabs.open('admin', { path: '/people' });
    const table = page.locator('[data-test="people"]');
    await expect.poll(() => table.innerText()).toContain('admin2');
    // The demo admins have no mobile on record: the cell says so rather than staying empty.
    expect(await table.locator('.el-table__body tr', { hasText: 'admin2' }).locator('td').allInnerTexts()).toContain('未登记');
    expect(await page.locator('.page-lead').innerText()).toContain('平台运营方的人员即平台管理员');
    await page.locator('[data-test="invite"]').click();
    await page.locator('.el-dialog:visible .el-select').click();
    await expect.poll(() => page.locator('.el-select-dropdown__item:visible').allInnerTexts()).toEqual(['机构管理员']);
    await chooseOption(page.locator('.el-select-dropdown__item:visible'));
    const dialog = '.el-dialog:visible';
    await input(page, dialog, 'username').fill('web.ops');
    await input(page, dialog, 'displayName').fill('赵管理员');
    await input(page, dialog, 'mobile').fill('13922225555');
    await page.locator(`${dialog} button[type="submit"]`).click();
    // Two admins exist, so the third's link waits for the other admin.
    await page.getByText('须由另一位管理员审核通过后').waitFor();
    await portal.screenshot(page, 'platform-admins');

    const checker = await tabs.open('admin2', { path: '/people' });
    const row = checker.locator('[data-test="pending-admins"] .el-table__row', { hasText: 'web.ops' });
    await row.locator('[data-test="approve-admin"]').click();
    await confirmBox(checker);
    await row.waitFor({ state: 'detached' });
  });
});

describe('待接受的邀请', () => {
  it('the bank’s admin sees the open links beside its people, withdraws one after a confirmation naming the person, and the link’s page says it was withdrawn', async () => {
    const page = await tabs.open('icbc_admin', { path: '/people' });
    await page.locator('[data-test="invite"]').click();
    const dialog = '.el-dialog:visible';
    await input(page, dialog, 'username').fill('icbc.wrongphone');
    await input(page, dialog, 'displayName').fill('钱错号');
    await input(page, dialog, 'mobile').fill('13933334444');
    await page.locator(`${dialog} button[type="submit"]`).click();
    const link = await page.locator('input[data-test="invitation-link"]').inputValue();
    await page.locator(`${dialog} .el-dialog__headerbtn`).click(); // shown once: only its own button closes it

    // Listed as soon as it is issued, in Chinese, with the mobile masked.
    const row = page.locator('[data-test="open-invitations"] .el-table__row', { hasText: 'icbc.wrongphone' });
    await expect.poll(() => row.innerText()).toContain('139****4444');
    const cells = await row.innerText();
    for (const shown of ['钱错号', '业务人员', '可使用']) expect(cells).toContain(shown);
    await portal.screenshot(page, 'open-invitations');

    await row.locator('[data-test="cancel-invitation"]').click();
    const box = page.locator('.el-message-box');
    await expect.poll(() => box.innerText()).toContain('钱错号');
    expect(await box.innerText()).toContain('icbc.wrongphone');
    await confirmBox(page);
    await page.locator('.el-message', { hasText: '已撤销' }).waitFor();
    await row.waitFor({ state: 'detached' });

    const invitee = await portal.newPage();
    await invitee.goto(link);
    const notice = invitee.locator('[data-test="invitation-cancelled"]');
    await expect.poll(() => notice.innerText()).toContain('邀请已撤销');
    expect(await notice.innerText()).toContain('请联系该机构的机构管理员重新邀请');
    expect(await invitee.locator('input[name="password"]').count()).toBe(0);
    await portal.screenshot(invitee, 'invitation-cancelled');
    expect(invitee.errors).toEqual([]);
    await invitee.close();
  });
});

describe('市场主体登记查询', () => {
  it('the admin workbench offers only what is open, and the register lookup names the district and says beside the field when a code is mistyped', async () => {
    const page = await tabs.open('admin', { path: '/admin' });
    await page.locator('h1', { hasText: '运营管理工作台' }).waitFor();
    expect(await page.locator('main').innerText()).not.toContain('建设中');
    await page.locator('main').getByText('市场主体登记查询').click();
    await page.waitForURL(/\/market-entities$/);

    const entity = (await portal.platform.database.knex('market_entities as m').join('districts as d', 'd.code', 'm.district_code').first('m.uscc', 'm.name', 'd.name as district')) as {
      uscc: string;
      name: string;
      district: string;
    };
    const code = page.locator('[data-test="lookup-uscc"]');
    await code.fill(entity.uscc);
    await page.locator('[data-test="lookup-submit"]').click();
    const result = page.locator('[data-test="lookup-result"]');
    await result.getByText(entity.name).waitFor();
    expect(await result.innerText()).toContain(entity.district);

    // The same code with another check character: told beside the field, not "not in the register".
    const last = entity.uscc.at(-1) === '0' ? '1' : '0';
    await code.fill(entity.uscc.slice(0, 17) + last);
    await page.locator('[data-test="lookup-submit"]').click();
    await page.locator('.el-form-item__error', { hasText: '校验位' }).waitFor();
    await expect.poll(() => result.count()).toBe(0);
  });
});
