/// <reference lib="dom" />
// The portal pages of issue 6: 数据报送 (data-source departments) and 我的信用画像 (enterprises).
import { describe, expect, it } from 'vitest';
import { chooseOption } from './helpers/choose-option.js';
import { DESKTOP, PHONE } from './helpers/chromium.js';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal, tabs } = portalForFile();

const loggedIn = (username: string) => tabs.open(username);

describe('数据报送', () => {
  it('a data-source user uploads a CSV with one good and one bad row and sees the report and the rejected row', async () => {
    const { uscc } = await portal.platform.database.knex('market_entities').where({ entity_type: 'enterprise' }).orderBy('uscc').first('uscc');
    const page = await loggedIn('tax_feed');
    await page.getByRole('link', { name: /数据报送\s*上传本部门/ }).click();
    await page.waitForURL(/\/data-source\/submissions$/);
    await expect(page.locator('.breadcrumbs').innerText()).resolves.toMatch(/数据报送工作台\s*\/\s*数据报送/);

    await page.locator('[data-test="category"]').click();
    await chooseOption(page.locator('.el-select-dropdown__item', { hasText: '纳税信用等级' }));
    // The field help lists the category's columns and whether each is required.
    await page.getByText('报送格式：纳税信用等级（第 1 版）').waitFor();
    expect(await page.locator('.help .el-table').innerText()).toMatch(/评价年度[\s\S]*year[\s\S]*必填/);

    const csv = ['统一社会信用代码,评价年度,纳税信用等级,发布日期', `${uscc},2019,B,2020-04-20`, `${uscc},2018,E,2019-04-20`, ''].join('\n');
    await page.locator('input[type="file"]').setInputFiles({ name: '纳税信用等级-2019.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.getByText('纳税信用等级-2019.csv').waitFor();
    // Hold the upload in flight so the progress state can be seen before the report arrives.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/api/v1/ingestion/tax_grades/files?*', async (route) => {
      await held;
      await route.continue();
    });
    const upload = page.waitForResponse((r) => r.url().includes('/api/v1/ingestion/tax_grades/files'));
    await page.getByRole('button', { name: '开始报送' }).click();
    const progress = page.locator('[data-test="upload-progress"]');
    await progress.getByText(/正在上传|正在逐行读取和校验/).waitFor();
    expect(await progress.locator('.el-progress').count()).toBe(1);
    release();
    expect((await upload).status()).toBe(201);
    await progress.waitFor({ state: 'detached' });

    const report = page.locator('[data-test="batch-report"]');
    await report.waitFor();
    const counts = await report.locator('.counts').innerText();
    expect(counts).toMatch(/2\s*读取行数/);
    expect(counts).toMatch(/1\s*通过校验/);
    expect(counts).toMatch(/1\s*未通过校验/);
    const rejected = report.locator('.rejections .el-table__body tr');
    await rejected.first().waitFor();
    expect(await rejected.count()).toBe(1);
    const row = await rejected.first().innerText();
    expect(row).toMatch(/^3\s/); // the header is row 1, the bad row is row 3
    // The column as the template names it (the field name beside it); no raw error code on the page.
    expect(row).toContain('纳税信用等级（grade）');
    expect(row).not.toMatch(/[A-Z]{2,}_[A-Z]/);
    expect(await portal.platform.database.knex('all_credit_records').where({ uscc, category: 'tax_grades', record_key: `${uscc}|2019` }).first()).toBeTruthy();
    // The card follows the background rebuild of the profiles the batch touched until none is left.
    await report.locator('[data-test="profiles-pending"]').getByText('本批次涉及企业的信用画像已全部更新').waitFor();

    // The rejections download is the platform's Excel workbook.
    const download = page.waitForEvent('download');
    await report.getByRole('button', { name: /下载错误明细/ }).click();
    // Named after the category and the file sent, not the batch's internal id.
    expect((await download).suggestedFilename()).toBe('错误明细-纳税信用等级-纳税信用等级-2019.xlsx');

    // The batch is listed among the department's batches, and its report opens again from there.
    const batches = page.locator('[data-test="batches"] .el-table__body tr');
    await batches.filter({ hasText: '纳税信用等级-2019.csv' }).first().waitFor();
    await report.evaluate((card) => card.scrollIntoView());
    await portal.screenshot(page, 'data-submission');
    await batches.filter({ hasText: '纳税信用等级-2019.csv' }).first().getByRole('button', { name: '查看报告' }).click();
    await report.getByText('纳税信用等级-2019.csv').waitFor();

    // The open report is in the address: a refresh shows it again, rejected row included.
    expect(new URL(page.url()).searchParams.get('batch')).toBeTruthy();
    await page.reload();
    await report.getByText('纳税信用等级-2019.csv').waitFor();
    await expect.poll(() => rejected.count()).toBe(1);
  });

  it('a line of a JSON-lines file that is not JSON is named as the whole row, never by an internal token', async () => {
    const { uscc } = await portal.platform.database.knex('market_entities').where({ entity_type: 'enterprise' }).orderBy('uscc').first('uscc');
    const page = await loggedIn('tax_feed');
    await page.goto(`${portal.platform.url}/data-source/submissions`);
    await page.locator('[data-test="category"]').click();
    await chooseOption(page.locator('.el-select-dropdown__item', { hasText: '纳税信用等级' }));
    const jsonl = [JSON.stringify({ uscc, year: 2017, grade: 'B', publishedOn: '2018-04-20' }), '{"uscc": 断行', ''].join('\n');
    await page.locator('input[type="file"]').setInputFiles({ name: '等级.jsonl', mimeType: 'application/x-ndjson', buffer: Buffer.from(jsonl) });
    await page.getByRole('button', { name: '开始报送' }).click();
    const rejected = page.locator('[data-test="batch-report"] .rejections .el-table__body tr');
    await rejected.first().waitFor();
    const row = await rejected.first().innerText();
    expect(row).toMatch(/^2\s+整行\s+该行不是合法的 JSON/);
  });

  it('says beside 文件 which column a file lacks, and choosing another file clears it', async () => {
    const page = await loggedIn('tax_feed');
    await page.goto(`${portal.platform.url}/data-source/submissions`);
    await page.locator('[data-test="category"]').click();
    await chooseOption(page.locator('.el-select-dropdown__item', { hasText: '纳税信用等级' }));
    await page.locator('input[type="file"]').setInputFiles({ name: '等级.csv', mimeType: 'text/csv', buffer: Buffer.from('统一社会信用代码,评价年度\n91420200000000000A,2019\n') });
    await page.getByRole('button', { name: '开始报送' }).click();
    const fileItem = page.locator('.el-form-item', { has: page.locator('.el-form-item__label', { hasText: '文件' }) });
    await expect(fileItem.locator('.el-form-item__error').innerText()).resolves.toContain('缺少必填列');
    await page.locator('input[type="file"]').setInputFiles({ name: '等级2.csv', mimeType: 'text/csv', buffer: Buffer.from('x') });
    await fileItem.locator('.el-form-item__error').waitFor({ state: 'detached' });
  });

  it('refuses a file type the platform does not read, before sending anything', async () => {
    const page = await loggedIn('tax_feed');
    await page.goto(`${portal.platform.url}/data-source/submissions`);
    await page.locator('input[type="file"]').setInputFiles({ name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from('x') });
    await page.locator('.el-message--error').getByText('仅支持 CSV、XLSX、JSONL 文件').waitFor();
    expect(await page.getByRole('button', { name: '开始报送' }).isDisabled()).toBe(true);
  });
});

describe('报送权限 and unfinished batches', () => {
  it('an admin grants a department a category, and the department is then offered it', async () => {
    const page = await loggedIn('admin');
    await page.getByRole('link', { name: /报送权限\s*设置各数据源部门/ }).click();
    await page.waitForURL(/\/admin\/source-categories$/);
    const row = page.locator('[data-test="source-categories"] .el-table__body tr', { hasText: '国家税务总局黄石市税务局' });
    await row.getByText('纳税信用等级').first().waitFor();
    await row.locator('[data-test="categories"]').click();
    await chooseOption(page.locator('.el-select-dropdown__item:visible', { hasText: '水电气缴费' }));
    await page.keyboard.press('Escape');
    const saved = page.waitForResponse((r) => r.url().includes('/api/v1/admin/source-categories/') && r.request().method() === 'PUT');
    await row.getByRole('button', { name: '保存' }).click();
    expect((await saved).status()).toBe(200);
    await page.locator('.el-message--success').getByText('已保存“国家税务总局黄石市税务局”的报送权限').waitFor();
    await portal.screenshot(page, 'source-categories');

    const feed = await loggedIn('tax_feed');
    await feed.goto(`${portal.platform.url}/data-source/submissions`);
    await feed.locator('[data-test="category"]').click();
    // The options arrive with the category list; read them once the granted one is shown.
    await feed.locator('.el-select-dropdown__item:visible', { hasText: '水电气缴费' }).waitFor();
    const offered = await feed.locator('.el-select-dropdown__item:visible').allInnerTexts();
    expect(offered.sort()).toEqual(['水电气缴费', '纳税信用等级', '纳税缴款'].sort());
  });

  it('an option click the select did not receive is made again, and one it did is not (chooseOption)', async () => {
    const page = await tabs.open('admin', { path: '/admin/source-categories' });
    const row = page.locator('[data-test="source-categories"] .el-table__body tr', { hasText: '黄石市人力资源和社会保障局' });
    await row.locator('[data-test="categories"]').click();
    const option = page.locator('.el-select-dropdown__item:visible', { hasText: '进出口' });
    // The first click on the option is lost before the select hears it, as when a loaded machine
    // is still placing the dropdown and the press and the release land on different elements.
    await option.evaluate((el) => {
      const lose = (event: Event) => event.stopPropagation();
      el.parentElement!.addEventListener('click', lose, { capture: true, once: true });
    });
    await chooseOption(option);
    await row.locator('[data-test="categories"]').getByText('进出口').waitFor();
    expect(await option.getAttribute('class')).toContain('is-selected');
  });

  it('a department sees in Chinese why a batch did not finish', async () => {
    const token = await portal.platform.login('tax_feed');
    const zip = await portal.platform.api('/api/v1/ingestion/tax_payments/files?formatVersion=1&fileName=%E8%A1%A8.csv', { body: 'PK\u0003\u0004xxxx', token, headers: { 'content-type': 'text/csv' } });
    expect(zip.status).toBe(400);
    const page = await loggedIn('tax_feed');
    await page.goto(`${portal.platform.url}/data-source/submissions`);
    const row = page.locator('[data-test="batches"] .el-table__body tr', { hasText: '表.csv' });
    expect(await row.locator('[data-test="batch-failure"]').innerText()).toContain('文件是 XLSX（Excel）格式');
    expect(await row.innerText()).toContain('未完成');
  });
});

describe('我的信用画像', () => {
  it('the enterprise sees its indicators by category with sources and a chart; a repaired record drops out', async () => {
    const account = portal.platform.demo!.accounts.find((a) => a.role === 'enterprise')!;
    await portal.platform.services.profiles.settled(); // the demo seed's drain builds the profiles; reads never do
    const page = await loggedIn(account.username);
    await page.getByRole('link', { name: /我的信用画像/ }).click();
    await page.waitForURL(/\/enterprise\/profile$/);
    await page.getByText('画像版本').waitFor();

    const taxTab = page.locator('.el-tabs__item', { hasText: /^纳税（\d+）$/ });
    const taxCount = async () => Number(/（(\d+)）/.exec(await taxTab.innerText())![1]);
    const before = await taxCount();
    expect(before).toBeGreaterThan(0);
    await taxTab.click();
    const pane = page.locator('.el-tab-pane:visible');
    await pane.locator('canvas').first().waitFor();
    await pane.getByText('月度纳税额').waitFor();
    const indicators = pane.locator('[data-test="indicators-tax"]');
    expect(await indicators.innerText()).toMatch(/近12个月纳税额\s*[\d,]+\.\d{2} 元/);

    // Each indicator opens to the records it came from: department, batch, receipt time, business date.
    await indicators.locator('tr', { hasText: '最新纳税信用等级' }).locator('.el-table__expand-icon').click();
    const sources = indicators.locator('.sources');
    await sources.getByText('纳税信用等级').first().waitFor();
    expect(await sources.innerText()).toMatch(/\d{4}-\d{2}-\d{2}[\s\S]*税务局[\s\S]*\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await page.waitForTimeout(500); // the bars grow in for 400 ms; let them settle for the screenshot
    await portal.screenshot(page, 'my-credit-profile');

    // On a phone the categories sit above the content and nothing overflows the screen.
    await page.setViewportSize(PHONE);
    await page.locator('.el-tabs--top').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.setViewportSize(DESKTOP);

    // Repair the latest tax grade record: after a reload the profile no longer shows it.
    const uscc = account.username; // an enterprise logs in with its USCC
    const graded = await portal.platform.database.knex('all_credit_records').where({ uscc, category: 'tax_grades', status: 'active' }).orderBy('record_key', 'desc').first('record_key');
    const admin = await portal.platform.login('admin');
    const notice = await portal.platform.api('/api/v1/ingestion/notices', {
      token: admin,
      body: { category: 'tax_grades', recordKey: graded.record_key, kind: 'repair', noticeNo: '鄂信修〔2026〕9号', reason: '已完成信用修复' },
    });
    expect(notice.status).toBe(201);
    await page.reload();
    await page.getByText('信用修复（鄂信修〔2026〕9号）后重新生成').waitFor();
    expect(await taxCount()).toBe(before - 1);
  });

  it('names the district and every coded value: the page shows no raw code or English word', async () => {
    const account = portal.platform.demo!.accounts.find((a) => a.role === 'enterprise')!;
    await portal.platform.services.profiles.settled();
    const { district_code: code } = await portal.platform.database.knex('market_entities').where({ uscc: account.username }).first('district_code');
    const { name } = await portal.platform.database.knex('districts').where({ code }).first('name');
    const page = await loggedIn(account.username);
    await page.goto(`${portal.platform.url}/enterprise/profile`);
    await page.locator('.el-tabs__item', { hasText: /^登记注册（\d+）$/ }).click();
    const register = page.locator('[data-test="indicators-register"]');
    const district = register.locator('tr', { hasText: '所属区县' });
    await expect.poll(() => district.innerText()).toMatch(new RegExp(`所属区县\\s*${name}`));
    expect(await register.innerText()).not.toMatch(new RegExp(`(^|\\s)${code}(\\s|$)`));
    expect(await register.innerText()).not.toContain('代码');
    await portal.screenshot(page, 'my-credit-profile-register');
    // Every section's indicator values, hidden tabs included: Chinese, numbers and dates only.
    const values = await page.locator('[data-test^="indicators-"] td:nth-child(3)').allTextContents();
    expect(values.length).toBeGreaterThan(10);
    expect(values.filter((v) => /[A-Za-z_]{2,}/.test(v))).toEqual([]);
    // An indicator's source records name the department and the time of receipt, not a batch's identifier.
    await register.locator('.el-table__expand-icon').first().click();
    const sources = register.locator('.sources .el-table');
    await expect.poll(() => sources.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await sources.innerText()).not.toMatch(/[0-9a-f]{8}/);
  });
});

describe('存续市场主体 and 工作日历', () => {
  it('the financial office sees the register denominators by district and type as a chart', async () => {
    const account = portal.platform.demo!.accounts.find((a) => a.role === 'financial_office')!;
    const token = await portal.platform.login(account.username);
    const rows = (await (await portal.platform.api('/api/v1/register/denominators', { token })).json()) as { existing: number }[];
    const total = rows.reduce((n, r) => n + r.existing, 0);
    expect(total).toBeGreaterThan(0);
    const page = await loggedIn(account.username);
    const card = page.locator('[data-test="denominators"]');
    await card.getByText(`存续市场主体（${total.toLocaleString('zh-CN')} 户，按区县和类型）`).waitFor();
    await card.locator('canvas').waitFor();
  });

  it('an admin adds a holiday, sees it in the year list, and removes it', async () => {
    const year = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(new Date());
    const day = `${year}-10-09`;
    const page = await loggedIn('admin');
    await page.getByRole('link', { name: /工作日历/ }).click();
    await page.waitForURL(/\/admin\/working-calendar$/);

    // Saving without a note is refused on the field, before anything is sent.
    await page.locator('input[name="day"]').fill(day);
    await page.locator('input[name="day"]').press('Enter');
    await page.getByRole('button', { name: '保存' }).click();
    await page.locator('.el-form-item__error').getByText('请填写说明').waitFor();

    await page.locator('input[name="note"]').fill('国庆节调整放假');
    const saved = page.waitForResponse((r) => r.url().includes('/api/v1/working-calendar') && r.request().method() === 'PUT');
    await page.getByRole('button', { name: '保存' }).click();
    expect((await saved).status()).toBe(204);
    const row = page.locator('[data-test="calendar-days"] .el-table__body tr', { hasText: day });
    await row.getByText('国庆节调整放假').waitFor();
    expect(await row.innerText()).toContain('放假');
    await row.scrollIntoViewIfNeeded();
    await portal.screenshot(page, 'working-calendar');

    await row.getByRole('button', { name: '删除' }).click();
    await page.locator('.el-message-box').getByRole('button', { name: '删除' }).click();
    await row.waitFor({ state: 'detached' });
    const days = (await (await portal.platform.api(`/api/v1/working-calendar?year=${year}`, { token: await portal.platform.login('admin') })).json()) as { day: string }[];
    expect(days.map((d) => d.day)).not.toContain(day);
  });
});
