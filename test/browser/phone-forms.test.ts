/// <reference lib="dom" />
// An enterprise fills in its forms on a phone. With each label beside its field the field kept
// what was left of 390 pixels: 有效期 showed 2026-12-0 至 2027-03-0, and 申请贷款's data categories
// and its 我已阅读并同意 line ran off the right of the screen, where nobody could reach them. The
// page itself did not scroll sideways (the content area clips), so only the elements tell.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { demoEnterpriseLogin } from '../helpers/lending-fixtures.js';
import { PHONE } from './helpers/chromium.js';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal, tabs } = portalForFile({ SCHEDULER_ENABLED: 'false' });

/** What in the page's forms reaches past the right edge of the screen, or shows its value cut off. */
async function clippedInForms(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const found: string[] = [];
    const visible = (el: HTMLElement) => el.offsetParent !== null && el.getClientRects().length > 0;
    for (const form of Array.from(document.querySelectorAll<HTMLElement>('.el-form')).filter(visible)) {
      for (const el of Array.from(form.querySelectorAll<HTMLElement>('.el-form-item__label, .el-form-item__content > *, label, input, textarea')).filter(visible)) {
        const box = el.getBoundingClientRect();
        const name = (el.textContent?.trim() || (el as HTMLInputElement).value || (el as HTMLInputElement).placeholder || el.className).slice(0, 30);
        if (box.right > width + 1) found.push(`${name}: reaches ${Math.round(box.right)} px of ${width}`);
        if (el instanceof HTMLInputElement && el.value && el.scrollWidth > el.clientWidth + 1) found.push(`${el.value}: shown cut off`);
      }
    }
    return found;
  });
}

/** Visible empty texts of tables taller than their words need (three lines at 60 px filled a card). */
async function tallEmptyTexts(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>('.el-table__empty-text'))
      .filter((el) => el.offsetParent !== null)
      .filter((el) => {
        const range = document.createRange();
        range.selectNodeContents(el);
        const lines = new Set(Array.from(range.getClientRects()).map((r) => Math.round(r.top))).size;
        return el.getBoundingClientRect().height > lines * 2 * parseFloat(getComputedStyle(el).fontSize) + 40;
      })
      .map((el) => `${el.textContent?.trim()}: ${Math.round(el.getBoundingClientRect().height)} px`),
  );
}

describe('an enterprise on a 390-pixel phone', () => {
  it('reaches every field of its forms, each shown whole below its label', async () => {
    const page = await tabs.open(demoEnterpriseLogin(portal.platform));
    await page.setViewportSize(PHONE);
    const clipped: string[] = [];
    const visit = async (path: string) => {
      await page.waitForLoadState('networkidle');
      await page.locator('.el-form-item').first().waitFor();
      clipped.push(...(await clippedInForms(page)).map((c) => `${path}: ${c}`));
    };
    for (const path of ['/consents/new', '/enterprise/demands', '/enterprise/self-reported', '/enterprise/objections']) {
      await page.goto(`${portal.platform.url}${path}`);
      await visit(path);
    }
    await page.goto(`${portal.platform.url}/enterprise/products`);
    await page.getByRole('button', { name: '申请贷款' }).first().click();
    await page.waitForURL(/\/enterprise\/products\/[^/]+\/apply$/);
    await page.locator('[data-test="consent-summary"]').waitFor();
    await visit('申请贷款');
    // A form in a dialog: 添加人员 was laid out 520 pixels wide.
    await page.goto(`${portal.platform.url}/enterprise/staff`);
    await page.locator('[data-test="add-staff"]').click();
    await page.locator('.el-dialog').waitFor();
    await page.waitForTimeout(400);
    clipped.push(...(await clippedInForms(page)).map((c) => `添加人员: ${c}`));
    const dialog = await page.locator('.el-dialog').boundingBox();
    if (dialog!.x < 0 || dialog!.x + dialog!.width > PHONE.width) clipped.push(`添加人员: the dialog spans ${Math.round(dialog!.x)}–${Math.round(dialog!.x + dialog!.width)} px`);
    expect(clipped).toEqual([]);

    // A label sits above its field, so the field has the width of the screen.
    await page.goto(`${portal.platform.url}/consents/new`);
    const item = page.locator('.el-form-item', { hasText: '有效期' });
    const label = await item.locator('.el-form-item__label').boundingBox();
    const content = await item.locator('.el-form-item__content').boundingBox();
    expect(label!.y + label!.height).toBeLessThanOrEqual(content!.y + 1);
    await portal.screenshot(page, 'consent-grant-phone');

    // 申请贷款's consent terms are rows of their own, not form items: their labels (数据授权范围,
    // 查询频次, 授权期限) stayed in a 110-pixel column beside the checkboxes. They sit above too.
    await page.goto(`${portal.platform.url}/enterprise/products`);
    await page.getByRole('button', { name: '申请贷款' }).first().click();
    await page.locator('[data-test="consent-summary"]').waitFor();
    const termLabel = await page.locator('[data-test="consent-terms"] .label', { hasText: '查询频次' }).boundingBox();
    const termControl = await page.locator('[data-test="fetch-type"]').boundingBox();
    expect(termLabel!.y + termLabel!.height).toBeLessThanOrEqual(termControl!.y + 1);
  });

  it('is told in a few lines that a list is empty', async () => {
    const page = await tabs.open(demoEnterpriseLogin(portal.platform));
    await page.setViewportSize(PHONE);
    const tall: string[] = [];
    for (const path of ['/consents', '/enterprise/applications']) {
      await page.goto(`${portal.platform.url}${path}`);
      await page.locator('.el-table__empty-text').first().waitFor();
      await page.waitForLoadState('networkidle');
      tall.push(...(await tallEmptyTexts(page)).map((t) => `${path}: ${t}`));
    }
    expect(tall).toEqual([]);
  });
});
