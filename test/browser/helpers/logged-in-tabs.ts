import type { Page } from 'playwright-core';
import { expect } from 'vitest';
import type { Portal } from './portal.js';

/**
 * The tabs one test opens, each logged in through the login page. `closeAll` (in `afterEach`, as `portalForFile` registers it)
 * fails the test if any tab threw a page error, then closes them.
 */
export function loggedInTabs(portal: () => Portal) {
  let pages: (Page & { errors: Error[] })[] = [];
  return {
    /** A fresh tab logged in as `username`; with `path`, logged in straight onto that page. */
    async open(username: string, options: { password?: string; path?: string } = {}): Promise<Page> {
      const { platform } = portal();
      const page = await portal().newPage();
      pages.push(page);
      const query = options.path ? `?redirect=${encodeURIComponent(options.path)}` : '';
      await page.goto(`${platform.url}/login${query}`);
      await page.locator('input[name="username"]').fill(username);
      await page.locator('input[name="password"]').fill(options.password ?? 'Demo@2026');
      await page.locator('form button[type="submit"]').click();
      await page.waitForURL((url) => (options.path ? url.pathname === options.path : !url.pathname.startsWith('/login')));
      return page;
    },
    async closeAll(): Promise<void> {
      for (const page of pages) {
        expect(page.errors.map((e) => e.message), 'errors thrown in the page').toEqual([]);
        await page.close();
      }
      pages = [];
    },
  };
}
