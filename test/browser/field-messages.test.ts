/// <reference lib="dom" />
// A department clerk registering a 信用承诺 with a mistyped code got one red line under the form:
// "uscc: 统一社会信用代码应为18位…；text: 请填写承诺内容；committedOn: …" — the API's field names
// in English, and no mark on the fields themselves. The same line headed 内容管理's form. A
// refused form's messages now stand beside their fields, in Chinese only.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { portalForFile } from './helpers/portal-for-file.js';

const { tabs } = portalForFile({ SCHEDULER_ENABLED: 'false' });

/** The message under the form item labelled `label`. */
const messageBeside = (page: Page, label: string) =>
  page.locator('.el-form-item', { has: page.locator('.el-form-item__label', { hasText: label }) }).locator('.el-form-item__error');

/** API field names followed by a colon, as the server's detail writes them for programs. */
const fieldNamesShown = (text: string) => text.match(/\b[A-Za-z][A-Za-z0-9_.]*\s*:/g) ?? [];

describe('a refused form’s messages', () => {
  it('stand beside 信用承诺’s fields, in Chinese only', async () => {
    const page = await tabs.open('tax_feed', { path: '/credit-commitments' });
    await page.locator('[data-test="commitment-uscc"] input, input[data-test="commitment-uscc"]').first().fill('91420203MAFW3NWR7');
    await page.getByRole('button', { name: '登记', exact: true }).click();
    await expect.poll(() => messageBeside(page, '统一社会信用代码').innerText()).toContain('18位');
    await expect.poll(() => messageBeside(page, '承诺内容').innerText()).toContain('请填写承诺内容');
    expect(fieldNamesShown(await page.locator('main').innerText())).toEqual([]);
  });

  it('stand beside 内容管理’s fields too, with no line for the whole form', async () => {
    const page = await tabs.open('admin', { path: '/knowledge-admin' });
    await page.locator('[data-test="article-new"]').click();
    await page.locator('[data-test="article-save"]').click();
    await expect.poll(() => messageBeside(page, '标题').innerText()).toContain('请填写标题');
    expect(await page.locator('.el-dialog .el-alert').count()).toBe(0);
    expect(fieldNamesShown(await page.locator('.el-dialog').innerText())).toEqual([]);
  });
});
