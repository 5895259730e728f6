import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WEB_SRC } from './helpers/web-sources.js';

/** Pages whose address value is not a record the page reads, each with how a bad one is said. */
const OWN_WORDS: Record<string, string> = {
  'onboarding/invitation-page.vue': "an invitation's token: a dead one is said as 邀请链接无效 with what to ask for",
};

/** Each route whose path carries a value (`/consents/:id`), with the page file it opens. */
function routesWithValues(): { path: string; page: string }[] {
  const pages = join(WEB_SRC, 'pages');
  return readdirSync(pages, { withFileTypes: true }).flatMap((area) => {
    if (!area.isDirectory()) return [];
    let source: string;
    try {
      source = readFileSync(join(pages, area.name, 'routes.ts'), 'utf8');
    } catch {
      return [];
    }
    return [...source.matchAll(/path: '([^']*\/:\w+[^']*)',\s*name: '[^']*',\s*component: \(\) => import\('\.\/([^']+)'\)/g)]
      .filter(([, path]) => !path!.startsWith('/:pathMatch'))
      .map(([, path, file]) => ({ path: path!, page: `${area.name}/${file}` }));
  });
}

// 报送版本详情 opened from a mistyped link said 报送版本加载失败 / 批次标识应为 UUID with a 重试 that
// could only fail again, and no way back. Every page opened by a value in its address says a
// refused value as such (LoadFailure: 未找到该…, the link is wrong or stale) with the way back to
// the page it is opened from.
describe('a page opened by a value in its address', () => {
  const routes = routesWithValues();

  it('finds the routes it checks', () => {
    expect(routes.length).toBe(10);
    expect(routes.map((r) => r.path)).toEqual(expect.arrayContaining(['/consents/:id', '/national-feed/submissions/:id', '/bank/applications/:id']));
  });

  it('says a refused value with the way back, not a 重试 that cannot help', () => {
    const silent = routes
      .filter(({ page }) => !(page in OWN_WORDS))
      .filter(({ page }) => !/<load-failure\b/.test(readFileSync(join(WEB_SRC, 'pages', page), 'utf8')))
      .map(({ path, page }) => `${path} (${page})`);
    expect(silent).toEqual([]);
  });
});
