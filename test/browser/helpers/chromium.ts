import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** Debian's Chromium; CI installs the `chromium` package. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags this sandbox-less, network-less machine needs (see ARCHITECTURE.md, known traps). */
const ARGS = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-gpu'];

export const DESKTOP = { width: 1366, height: 768 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export interface Chromium {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Headless Chromium on a new, empty profile that is deleted on close. */
export async function launchChromium(): Promise<Chromium> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `The browser tests drive Debian's Chromium at ${CHROMIUM_PATH}, which is not installed. ` +
        'Install it with "apt-get install chromium" (CI does this) and run the tests again.',
    );
  }
  const userDataDir = mkdtempSync(join(tmpdir(), 'xyd-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    viewport: DESKTOP,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  // Fail on the step that hangs, well before the test's own timeout.
  context.setDefaultTimeout(10_000);
  return {
    context,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
