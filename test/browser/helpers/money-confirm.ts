import type { Page } from 'playwright-core';

/** Clicks a form's button that sends an amount, then the button of the confirmation that states it. */
export async function sendConfirmed(page: Page, button: string, confirm: string): Promise<void> {
  await page.getByRole('button', { name: button }).click();
  await page.locator('.el-message-box').getByRole('button', { name: confirm }).click();
}
