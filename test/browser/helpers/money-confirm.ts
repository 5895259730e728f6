import type { Page } from 'playwright-core';

/**
 * Clicks a form's button that sends an amount, then the button of the confirmation that states it,
 * and waits for the confirmation to close (while it fades, its button still answers to the name).
 */
export async function sendConfirmed(page: Page, button: string, confirm: string): Promise<void> {
  await page.getByRole('button', { name: button }).click();
  const box = page.locator('.el-message-box');
  await box.getByRole('button', { name: confirm }).click();
  await box.waitFor({ state: 'hidden' });
}
