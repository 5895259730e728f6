import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { ensureWebBuilt } from '../../../scripts/web-build.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/test-platform.js';
import { launchChromium, type Chromium } from './chromium.js';

const SCREENSHOT_DIR = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));

export interface Portal {
  platform: TestPlatform;
  browser: Chromium;
  /** A fresh tab (its own sessionStorage, so nobody is logged in), failing the test on page errors. */
  newPage(): Promise<Page & { errors: Error[] }>;
  /** Writes docs/screenshots/<name>.png of what the page shows now. */
  screenshot(page: Page, name: string): Promise<void>;
  close(): Promise<void>;
}

/** The real platform serving a current build of the portal, and a browser to drive it; `env` overrides settings. */
export async function startPortal(env: Record<string, string> = {}): Promise<Portal> {
  await ensureWebBuilt({ quiet: true });
  const platform = await startTestPlatform(env);
  let browser: Chromium;
  try {
    browser = await launchChromium();
  } catch (error) {
    await platform.close();
    throw error;
  }
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    platform,
    browser,
    async newPage() {
      const page = Object.assign(await browser.context.newPage(), { errors: [] as Error[] });
      page.on('pageerror', (error) => page.errors.push(error));
      return page;
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled' });
    },
    async close() {
      await browser.close();
      await platform.close();
    },
  };
}
