import { afterAll, afterEach, beforeAll } from 'vitest';
import { loggedInTabs } from './logged-in-tabs.js';
import { startPortal, type Portal } from './portal.js';

/**
 * The portal of one browser test file, with `env` as `startPortal` takes it: started before the
 * file's first test, the tabs a test opened closed after it (failing it on a page error), closed
 * after the last test. Call it at the top of the file, before the file's own hooks: they then find
 * it started, and its own `afterAll` runs after theirs. `portal` stands for the started portal.
 */
export function portalForFile(env: Record<string, string> = {}): { portal: Portal; tabs: ReturnType<typeof loggedInTabs> } {
  let started: Portal | undefined;
  const current = (): Portal => {
    if (!started) throw new Error('the portal of this file is not started: use it in tests and hooks only');
    return started;
  };
  const tabs = loggedInTabs(current);
  beforeAll(async () => {
    started = await startPortal(env);
  });
  afterEach(() => tabs.closeAll());
  afterAll(() => started?.close());
  const portal: Portal = {
    get platform() {
      return current().platform;
    },
    get browser() {
      return current().browser;
    },
    newPage: () => current().newPage(),
    screenshot: (page, name) => current().screenshot(page, name),
    close: () => current().close(),
  };
  return { portal, tabs };
}
