/// <reference lib="dom" />
// A sum of 元 typed into a box was read back nowhere before it was sent: the financial office's
// 全市普惠小微贷款余额 has eleven digits (55000000000), which nobody counts at a glance, and a zero
// too many moved a city ratio tenfold. Every amount box now reads the sum back in 大写 beneath it
// as it is typed, within the box's own width, on a desktop and on a phone.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { PHONE } from './helpers/chromium.js';
import { field } from './helpers/form-field.js';
import { portalForFile } from './helpers/portal-for-file.js';

const { tabs } = portalForFile({ SCHEDULER_ENABLED: 'false' });

/** The 大写 reading under the amount box marked `name`, and whether it stays within the box's width. */
async function reading(page: Page, name: string): Promise<{ text: string; within: boolean }> {
  const input = field(page, name);
  const words = page.locator('.amount-input', { has: input }).locator('[data-test="amount-words"]');
  await words.waitFor();
  const [box, said] = await Promise.all([input.locator('xpath=ancestor::div[contains(@class,"el-input")][1]').boundingBox(), words.boundingBox()]);
  return { text: await words.innerText(), within: !!box && !!said && said.x >= box.x - 1 && said.x + said.width <= box.x + box.width + 1 };
}

describe('an amount box', () => {
  it('reads the city balance back in 大写 as the office types it, and nothing for what is not a sum', async () => {
    const page = await tabs.open('jrj_viewer', { path: '/oversight/monitoring' });
    await page.getByRole('button', { name: /录入全市普惠/ }).click();
    await field(page, 'city-balance').fill('55000000000');
    await expect.poll(() => reading(page, 'city-balance')).toEqual({ text: '大写：伍佰伍拾亿元整', within: true });
    await field(page, 'city-balance').fill('五百亿');
    await expect.poll(() => page.locator('[data-test="amount-words"]').count()).toBe(0);
  });

  it('reads a bank product’s range back beside each of its two narrow boxes on a phone', async () => {
    const page = await tabs.open('icbc_officer', { path: '/bank/products' });
    await page.setViewportSize(PHONE);
    await page.getByRole('button', { name: '新建产品' }).click();
    await field(page, 'min-amount').fill('100,000');
    await field(page, 'max-amount').fill('3000000.50');
    await expect.poll(() => reading(page, 'min-amount')).toEqual({ text: '大写：壹拾万元整', within: true });
    await expect.poll(() => reading(page, 'max-amount')).toEqual({ text: '大写：叁佰万元伍角', within: true });
  });
});
