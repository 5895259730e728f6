/// <reference lib="dom" />
// Issue 20's pages: the enterprise downloads its credit report, a counter-party verifies the
// copy (a changed file fails), and the enterprise files an objection with a piece of evidence.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { chooseOption } from './helpers/choose-option.js';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal, tabs } = portalForFile({ BANK_SIMULATOR: 'false', SCHEDULER_ENABLED: 'false' });
let uscc: string;

beforeAll(async () => {
  // A demo enterprise (password Demo@2026) with credit records.
  const row = (await portal.platform.database
    .knex('enterprises as e')
    .whereExists((q) => q.select(1).from('all_credit_records as r').whereRaw('r.uscc = e.uscc').where('r.status', 'active').whereNot('r.category', 'register'))
    .orderBy('e.uscc')
    .first('e.uscc')) as { uscc: string };
  uscc = row.uscc;
});

describe('信用报告 and 异议 pages', () => {
  it('the enterprise downloads its report; the verify page accepts the file and refuses a changed one', async () => {
    const page = await tabs.open(uscc, { path: '/enterprise/credit-reports' });
    const download = page.waitForEvent('download');
    await page.locator('[data-test="issue-report"]').click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/^企业公共信用报告-[A-Z2-9-]{19}\.pdf$/);
    const pdf = readFileSync((await file.path())!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const code = file.suggestedFilename().slice('企业公共信用报告-'.length, -'.pdf'.length);
    await page.locator('[data-test="reports"] .el-table__body tr', { hasText: code }).waitFor();
    await portal.screenshot(page, 'credit-reports');

    const verify = await portal.newPage();
    await verify.goto(`${portal.platform.url}/credit-reports/verify`);
    await verify.locator('[data-test="verify-code"]').fill(code);
    await verify.getByRole('button', { name: '查询验证码' }).click();
    await verify.locator('[data-test="code-result"]').getByText('第', { exact: false }).first().waitFor();
    await verify.locator('[data-test="verify-file"]').setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: pdf });
    await verify.locator('[data-test="verify-file-button"]').click();
    await verify.locator('[data-test="file-result"]').getByText('核验通过').waitFor();
    await portal.screenshot(verify, 'credit-report-verify');

    const changed = Buffer.from(pdf);
    changed[changed.length - 20] = changed[changed.length - 20]! ^ 0x01;
    await verify.locator('[data-test="verify-file"]').setInputFiles({ name: 'report.pdf', mimeType: 'application/pdf', buffer: changed });
    await verify.locator('[data-test="verify-file-button"]').click();
    await verify.locator('[data-test="file-result"]').getByText('核验未通过').waitFor();
    expect(verify.errors).toEqual([]);
    await verify.close();
  });

  it('the enterprise files an objection with evidence; the record shows 异议中', async () => {
    const page = await tabs.open(uscc, { path: '/enterprise/objections' });
    // Both empty fields are asked for at once, beside each.
    await page.getByRole('button', { name: '提交异议' }).click();
    await expect.poll(() => page.locator('.el-form-item__error').allInnerTexts()).toEqual(['请选择有异议的记录', '请填写异议理由']);
    await page.locator('[data-test="objection-record"]').click();
    const option = page.locator('.el-select-dropdown__item:not(.is-disabled)').first();
    const label = await option.innerText();
    // Records are named in words: no credit code, no option code (vat, corporate_income…), no "|".
    const rawKey = /(^|\s)[0-9A-Z]{18}(\s|$)|_|\||\b(vat|consumption|stamp|property|other|trademark|water|electricity|gas)\b/;
    const labels = await page.locator('.el-select-dropdown__item').allInnerTexts();
    expect(labels.filter((l) => rawKey.test(l))).toEqual([]);
    await chooseOption(option);
    await page.locator('[data-test="objection-reasons"]').fill('该处罚已经行政复议撤销，附复议决定书');
    await page.getByRole('button', { name: '提交异议' }).click();
    const row = page.locator('[data-test="objections"] .el-table__body tr').first();
    await row.locator('[data-test="objection-status"]', { hasText: '处理中' }).waitFor();
    await row.locator('[data-test="objection-file"]').setInputFiles({ name: '复议决定书.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n复议决定书') });
    await page.getByText('已上传：复议决定书.pdf').waitFor();
    await page.locator('[data-test="objection-record"]').click();
    await page.locator('.el-select-dropdown__item.is-disabled', { hasText: `${label}（异议中）` }).waitFor();
    await page.keyboard.press('Escape');
    await portal.screenshot(page, 'credit-objections');
    const stored = await portal.platform.database.knex('credit_objections').where({ uscc }).first();
    expect(stored.status).toBe('open');
    expect(Number((await portal.platform.database.knex('credit_objection_attachments').where({ objection_id: stored.id }).count('* as n'))[0]!.n)).toBe(1);

    // The department that delivered the record answers; the enterprise sees the outcome.
    const department = (await portal.platform.database.knex('users').where({ institution_id: stored.source_institution_id, role: 'data_source' }).first('username')) as { username: string };
    const desk = await tabs.open(department.username, { path: '/credit-objections' });
    const pending = desk.locator('[data-test="handling"] .el-table__body tr', { hasText: stored.number });
    expect(await pending.locator('td').nth(2).innerText()).not.toMatch(rawKey); // 记录
    await pending.getByRole('button', { name: '答复' }).click();
    await desk.locator('[data-test="answer-reason"]').fill('经核实，登记信息与原始档案一致，维持原记录');
    await portal.screenshot(desk, 'credit-objection-handling');
    await desk.getByRole('button', { name: '提交答复' }).click();
    await desk.getByRole('button', { name: '确认答复' }).click();
    await pending.waitFor({ state: 'detached' });
    await page.reload();
    await page.locator('[data-test="objections"] [data-test="objection-status"]', { hasText: '维持原记录' }).waitFor();
  });

  it('the enterprise reports an item of its own under the truth commitment, then withdraws it', async () => {
    const page = await tabs.open(uscc, { path: '/enterprise' });
    await page.locator('.el-menu-item', { hasText: '自愿填报' }).click();
    await page.waitForURL(/\/enterprise\/self-reported$/);
    await page.locator('[data-test="self-reported"]').getByText('暂无自愿填报信息').waitFor();
    // Nothing is sent without a title, a content and the signed commitment, each asked for beside itself.
    await page.getByRole('button', { name: '签署承诺并提交' }).click();
    await expect.poll(() => page.locator('.el-form-item__error').allInnerTexts()).toEqual(['请填写标题', '请填写内容', '须签署信息真实性承诺后才能提交']);
    await page.locator('[data-test="self-reported-kind"]').getByText('资质认证').click();
    await page.locator('[data-test="self-reported-title"]').fill('ISO 9001 质量管理体系认证');
    await page.locator('[data-test="self-reported-content"]').fill('证书编号 00126Q31234R0M，有效期至 2029-05-31');
    await page.locator('[data-test="self-reported-commitment"]').click();
    await page.getByRole('button', { name: '签署承诺并提交' }).click();
    const row = page.locator('[data-test="self-reported"] .el-table__body tr', { hasText: 'ISO 9001 质量管理体系认证' });
    await row.getByText('资质认证').waitFor();
    const stored = await portal.platform.database.knex('self_reported_items').where({ uscc, title: 'ISO 9001 质量管理体系认证' }).first();
    expect([stored.kind, stored.withdrawn_at]).toEqual(['certifications', null]);
    // 我的信用画像 counts the item it filed, not the departments' records it has none of.
    const profile = await tabs.open(uscc, { path: '/enterprise/profile' });
    const tab = profile.locator('.el-tabs__item', { hasText: /^自愿填报（/ });
    await expect.poll(async () => (await profile.reload(), await tab.innerText()), { timeout: 15_000 }).toBe('自愿填报（1）');
    await tab.click();
    await expect.poll(() => profile.locator('.el-tab-pane:visible .section-lead').innerText()).toBe('本企业自愿填报 1 项，已签署真实性承诺');

    await row.getByRole('button', { name: '撤回' }).click();
    await page.locator('.el-message-box').getByRole('button', { name: '撤回' }).click();
    await row.waitFor({ state: 'detached' });
    expect((await portal.platform.database.knex('self_reported_items').where({ id: stored.id }).first()).withdrawn_at).not.toBeNull();
  });

  it('the department re-sends the disputed record and answers 已更正 by choosing that delivery', async () => {
    const page = await tabs.open(uscc, { path: '/enterprise/objections' });
    await page.locator('[data-test="objection-record"]').click();
    await chooseOption(page.locator('.el-select-dropdown__item:not(.is-disabled)', { hasText: '纳税缴款' }).first());
    await page.locator('[data-test="objection-reasons"]').fill('该月实缴税额有误，以完税证明为准');
    await page.getByRole('button', { name: '提交异议' }).click();
    await page.locator('[data-test="objections"] [data-test="objection-status"]', { hasText: '处理中' }).first().waitFor();
    const stored = await portal.platform.database.knex('credit_objections').where({ uscc, category: 'tax_payments', status: 'open' }).first();
    const record = (await portal.platform.database
      .knex('all_credit_records')
      .where({ category: 'tax_payments', record_key: stored.record_key, status: 'active' })
      .first('payload')) as { payload: Record<string, unknown> };
    const department = (await portal.platform.database.knex('users').where({ institution_id: stored.source_institution_id, role: 'data_source' }).first('username')) as { username: string };

    // The correction goes in through 数据报送; its report names the batch the answer refers to.
    const desk = await tabs.open(department.username, { path: '/data-source/submissions' });
    await desk.locator('[data-test="category"]').click();
    await chooseOption(desk.locator('.el-select-dropdown__item', { hasText: '纳税缴款' }));
    const corrected = { ...record.payload, amountPaid: '4321.00' };
    const lines = [Object.keys(corrected).join(','), Object.values(corrected).join(',')].join('\n');
    await desk.locator('.picker input[type=file]').setInputFiles({ name: '更正.csv', mimeType: 'text/csv', buffer: Buffer.from(lines) });
    await desk.getByRole('button', { name: '开始报送' }).click();
    const batchId = await desk.locator('[data-test="batch-id"]').innerText();
    expect(batchId).toMatch(/^[0-9a-f-]{36}$/);

    await desk.goto(`${portal.platform.url}/credit-objections`);
    const pending = desk.locator('[data-test="handling"] .el-table__body tr', { hasText: stored.number });
    const answer = pending.getByRole('button', { name: '答复' });
    await answer.waitFor();
    // The answer is reachable where the list is drawn, not behind the table's own scrolling.
    const [button, table] = await Promise.all([answer.boundingBox(), desk.locator('[data-test="handling"]').boundingBox()]);
    expect(button!.x + button!.width).toBeLessThanOrEqual(table!.x + table!.width);
    await answer.click();
    await desk.locator('[data-test="answer-outcome"]').getByText('已更正').click();
    await desk.locator('[data-test="answer-batch"]').click();
    await chooseOption(desk.locator('.el-select-dropdown__item', { hasText: '更正.csv' }));
    await desk.locator('[data-test="answer-reason"]').fill('已按完税证明更正实缴税额并重新报送');
    await desk.getByRole('button', { name: '提交答复' }).click();
    await desk.getByRole('button', { name: '确认答复' }).click();
    await pending.waitFor({ state: 'detached' });
    const answered = await portal.platform.database.knex('credit_objections').where({ id: stored.id }).first();
    expect([answered.status, answered.correction_batch_id]).toEqual(['corrected', batchId]);
  });
});
