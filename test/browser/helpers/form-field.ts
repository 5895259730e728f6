import type { Page } from 'playwright-core';

/** The text box of a form item marked `data-test` (Element Plus puts the attribute on the input or on its wrapper). */
export function field(page: Page, name: string) {
  return page.locator(`input[data-test="${name}"], textarea[data-test="${name}"], [data-test="${name}"] input, [data-test="${name}"] textarea`).first();
}
