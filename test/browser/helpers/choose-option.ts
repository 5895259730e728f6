import type { Locator } from 'playwright-core';

const ATTEMPTS = 3;
const SELECTED_WITHIN_MS = 2_000;

/**
 * Clicks an option of an open Element Plus select (`.el-select-dropdown__item` or role `option`)
 * and waits until the select has taken it (the option is marked `is-selected`), clicking again if
 * it has not. On a loaded machine the dropdown can still be placing itself when the option is
 * clicked: the press and the release then land on different elements, the browser sends no click,
 * and the option is left hovered but not chosen (0002). A click the select did receive is never
 * repeated, so an option of a multiple select is not toggled off again.
 */
export async function chooseOption(option: Locator): Promise<void> {
  // The element itself: a single select hides its dropdown once the option is chosen, so a
  // locator that asks for a visible option would find nothing to check afterwards.
  const element = await option.elementHandle();
  if (!element) throw new Error('chooseOption: the option is not on the page');
  for (let attempt = 1; ; attempt++) {
    await element.click();
    const chosen = await option
      .page()
      .waitForFunction((el) => el.classList.contains('is-selected'), element, { timeout: SELECTED_WITHIN_MS })
      .then(
        () => true,
        () => false,
      );
    if (chosen) return;
    if (attempt === ATTEMPTS) throw new Error(`chooseOption: the select did not take the option after ${ATTEMPTS} clicks`);
  }
}
