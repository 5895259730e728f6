import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { ensureWebBuilt } from '../../../scripts/web-build.js';
import { startTestPlatform, type TestPlatform } from '../../helpers/test-platform.js';
import { takeBrowserTurn } from './browser-turn.js';
import { launchChromium, type Chromium } from './chromium.js';

/**
 * `npm run screenshots` (UPDATE_SCREENSHOTS=1) writes them into docs/screenshots; a plain test
 * run still takes every screenshot (the page must render) but into a temporary folder, so the
 * committed images change only when someone means to (pages show times, so every run differs).
 */
const SCREENSHOT_DIR = process.env.UPDATE_SCREENSHOTS
  ? fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url))
  : join(tmpdir(), 'xyd-screenshots');

export interface Portal {
  platform: TestPlatform;
  browser: Chromium;
  /** A fresh tab (its own sessionStorage, so nobody is logged in), failing the test on page errors. */
  newPage(): Promise<Page & { errors: Error[] }>;
  /** Writes <name>.png of what the page shows now (into docs/screenshots with UPDATE_SCREENSHOTS). */
  screenshot(page: Page, name: string): Promise<void>;
  /** Closes the browser and the platform and ends the browser turn; calling it again waits for the same close. */
  close(): Promise<void>;
}

/**
 * The real platform serving a current build of the portal, and a browser to drive it; `env`
 * overrides settings. It waits for the browser tests' turn first (one browser file at a time).
 */
export async function startPortal(env: Record<string, string> = {}): Promise<Portal> {
  const endTurn = await takeBrowserTurn();
  let platform: TestPlatform | undefined;
  let browser: Chromium | undefined;
  try {
    await ensureWebBuilt({ quiet: true });
    platform = await startTestPlatform(env);
    browser = await launchChromium();
    // BROWSER_API_DELAY_MS holds every API answer that long: a step that reads the page before the
    // answer it depends on arrived then fails every time, not only on a loaded machine (0002).
    const delay = Number(process.env.BROWSER_API_DELAY_MS ?? 0);
    if (delay > 0) await browser.context.route('**/api/**', async (route) => {
      await new Promise((resolve) => setTimeout(resolve, delay));
      await route.continue();
    });
    return portalOf(platform, browser, endTurn);
  } catch (error) {
    await browser?.close();
    await platform?.close();
    await endTurn();
    throw error;
  }
}

/** Portals started in this process and not yet closed (see `closeOpenPortals`). */
const open = new Set<Portal>();

/**
 * Closes every portal this process left open. The browser project's setup file runs it after each
 * file's own hooks: with isolated files off, a worker outlives its file, and a portal left open would
 * hold the browser turn until the next browser file's hook timed out.
 */
export async function closeOpenPortals(): Promise<void> {
  await Promise.all([...open].map((portal) => portal.close()));
}

function portalOf(platform: TestPlatform, browser: Chromium, endTurn: () => Promise<void>): Portal {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  let closing: Promise<void> | undefined;
  const portal: Portal = {
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
    close() {
      closing ??= (async () => {
        try {
          await browser.close();
          await platform.close();
        } finally {
          open.delete(portal);
          await endTurn();
        }
      })();
      return closing;
    },
  };
  open.add(portal);
  return portal;
}
