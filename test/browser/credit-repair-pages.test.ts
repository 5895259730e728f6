/// <reference lib="dom" />
// 信用修复 (data-source departments): find a delivered record and send a repair notice on it.
import { describe, expect, it } from 'vitest';
import { chooseOption } from './helpers/choose-option.js';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal, tabs } = portalForFile();

describe('信用修复', () => {
  it('the workbench links the page instead of announcing it as 建设中', async () => {
    const page = await tabs.open('tax_feed');
    await page.goto(`${portal.platform.url}/data-source`);
    await page.getByRole('link', { name: /信用修复\s*对本单位报送的记录/ }).click();
    await page.waitForURL(/\/data-source\/credit-repair$/);
    await page.goBack();
    await page.getByText('当前用户').waitFor();
    expect(await page.locator('.page-card').innerText()).not.toContain('建设中');
  });

  it('a department finds a tax grade it delivered, sends a 信用修复 notice through the confirmation and sees the new status', async () => {
    const { knex } = portal.platform.database;
    const { institution_id: institutionId } = await knex('users').where({ username: 'tax_feed' }).first('institution_id');
    const record = await knex('all_credit_records as a')
      .join('ingestion_batches as b', 'b.id', 'a.batch_id')
      .where({ 'a.category': 'tax_grades', 'a.status': 'active', 'b.institution_id': institutionId })
      .orderBy(['a.uscc', { column: 'a.record_key', order: 'desc' }])
      .first('a.uscc', 'a.record_key', 'a.id');
    const year = String(record.record_key).split('|')[1]!;

    const page = await tabs.open('tax_feed', { path: '/data-source/credit-repair' });
    await page.locator('[data-test="uscc"]').fill(record.uscc);
    await page.locator('[data-test="category"]').click();
    await chooseOption(page.locator('.el-select-dropdown__item', { hasText: '纳税信用等级' }));
    await page.getByRole('button', { name: '查询' }).click();
    // The record's key is shown as its year alone (the enterprise's code is already in the search).
    const row = page.locator('[data-test="records"] .el-table__body tr').filter({ has: page.locator('td:nth-child(2)', { hasText: new RegExp(`^\\s*${year}\\s*$`) }) });
    await row.waitFor();
    expect(await row.locator('td').first().innerText()).toBe('纳税信用等级');
    expect(await row.innerText()).toContain('有效');
    expect(await page.locator('[data-test="records"]').innerText()).not.toMatch(/tax_grades|active|[0-9A-Z]{18}\|/);
    await row.getByRole('button', { name: '发送通知' }).click();

    // Each missing field is named beside it; nothing is sent.
    const form = page.locator('[data-test="notice-form"]');
    await form.getByRole('button', { name: '发送通知' }).click();
    await form.getByText('请填写通知文号').waitFor();
    await form.getByText('请填写原因').waitFor();

    await form.locator('[data-test="notice-no"]').fill('鄂信修〔2026〕21号');
    await form.locator('[data-test="notice-reason"]').fill('已补缴税款并完成信用修复');
    await form.getByRole('button', { name: '发送通知' }).click();
    const confirm = page.locator('.el-message-box');
    await confirm.waitFor();
    const said = await confirm.innerText();
    expect(said).toContain('确认发送信用修复通知');
    expect(said).toMatch(/状态改为“已修复”[\s\S]*停止使用该记录[\s\S]*重建该企业的信用画像/);
    const sent = page.waitForResponse((r) => r.url().includes('/api/v1/ingestion/notices'));
    await confirm.getByRole('button', { name: '确认发送' }).click();
    expect((await sent).status()).toBe(201);

    const result = page.locator('[data-test="notice-result"]');
    await result.waitFor();
    expect(await result.innerText()).toMatch(/信用修复通知已送达[\s\S]*当前状态：已修复[\s\S]*信用画像已重建[\s\S]*不再使用该记录/);
    await expect.poll(() => row.innerText()).toContain('已修复');
    expect(await row.getByRole('button', { name: '发送通知' }).count()).toBe(0);
    expect(await knex('all_credit_records').where({ id: record.id }).first('status')).toEqual({ status: 'repaired' });
  });
});
