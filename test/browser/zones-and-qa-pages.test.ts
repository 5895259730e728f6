/// <reference lib="dom" />
// Issue 20's 专区 pages, the knowledge corner's editor and the 专家问答 board: the financial office
// features a product and adds a policy; the public zone page shows them, with the products' rates as
// a chart; an enterprise sees whether it qualifies. The office writes a policy in the rich-text
// editor (Chinese through IME composition, bold, a list, a pasted script) and a visitor reads it.
// On the board an enterprise asks, the office publishes, a bank expert answers.
import { describe, expect, it } from 'vitest';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal, tabs } = portalForFile({ BANK_SIMULATOR: 'false', SCHEDULER_ENABLED: 'false' });

describe('专区 pages', () => {
  it('the office curates the tech zone; the public page shows the featured product first and the policy; an enterprise sees its eligibility', async () => {
    const office = await tabs.open('jrj_viewer', { path: '/zone-curation' });
    await office.locator('[data-test="zone-picker"]').getByText('科技贷专区').click();
    // The first zone's products stay on the page until the chosen zone's arrive: read them after.
    await office.locator('[data-test="zone-editing"]', { hasText: '科技贷专区' }).waitFor();
    const featured = office.locator('[data-test="featured-products"] .el-checkbox').last();
    await featured.waitFor();
    const productName = (await featured.innerText()).split('（')[0]!;
    await featured.click();
    await office.getByRole('button', { name: '添加政策' }).click();
    await office.getByPlaceholder('政策标题').fill('科技型企业贷款贴息');
    await office.getByPlaceholder('政策摘要').fill('对科技型中小企业的贷款按实际利息给予贴息');
    await office.getByPlaceholder('文件名称及文号').fill('黄石市科技金融扶持办法');
    await office.getByPlaceholder('施行日期').fill('2026-01-01');
    await office.getByPlaceholder('施行日期').press('Enter');
    await office.locator('[data-test="zone-save"]').click();
    await office.getByText('专区内容已保存').waitFor();
    await portal.screenshot(office, 'zone-curation');

    const visitor = await portal.newPage();
    await visitor.goto(`${portal.platform.url}/zones/tech_loan`);
    await visitor.locator('[data-test="zone-name"]', { hasText: '科技贷专区' }).waitFor();
    await visitor.locator('[data-test="zone-policies"]').getByText('科技型企业贷款贴息').waitFor();
    await visitor.locator('[data-test="zone-rate-chart"] canvas').waitFor();
    const first = visitor.locator('[data-test^="zone-product-"]').first();
    await expect.poll(() => first.getAttribute('data-test')).toBe(`zone-product-${productName}`);
    expect(await first.locator('[data-test="featured"]').innerText()).toBe('推荐');
    await portal.screenshot(visitor, 'zone-page');
    expect(visitor.errors).toEqual([]);
    await visitor.close();

    const row = (await portal.platform.database.knex('enterprises').orderBy('uscc').first('uscc')) as { uscc: string };
    const enterprise = await tabs.open(row.uscc, { path: '/zones/rural_revitalization' });
    await enterprise.locator('[data-test="zone-eligibility"]').getByText('准入条件').waitFor();
  });
});

describe('专家问答 board', () => {
  it('an enterprise asks, the office publishes, a bank expert answers, and a visitor reads it', async () => {
    const row = (await portal.platform.database.knex('enterprises').orderBy('uscc', 'desc').first('uscc')) as { uscc: string };
    const title = '订单融资需要哪些材料';
    const sme = await tabs.open(row.uscc, { path: '/qa' });
    await sme.locator('[data-test="qa-title"]').fill(title);
    await sme.locator('[data-test="qa-body"]').fill('我们有政府采购合同，想申请订单融资。');
    await sme.locator('[data-test="qa-ask"]').click();
    await sme.locator('[data-test="qa-own"]', { hasText: title }).getByText('待审核').waitFor();

    const office = await tabs.open('jrj_viewer', { path: '/qa' });
    const pending = office.locator('[data-test="qa-queue"] .pending', { hasText: title });
    await pending.getByRole('button', { name: '公开' }).click();
    await office.locator(`[data-test="qa-question-${title}"]`).waitFor();

    const bank = await tabs.open('icbc_officer', { path: '/qa' });
    const card = bank.locator(`[data-test="qa-question-${title}"]`);
    await card.locator('[data-test="qa-answer-input"]').fill('一般需要采购合同、近期纳税记录和企业授权，可在平台直接申请。');
    await card.locator('[data-test="qa-answer-submit"]').click();
    await card.locator('[data-test="qa-answer"]').getByText('工商银行').waitFor();
    await portal.screenshot(bank, 'qa-board');

    const visitor = await portal.newPage();
    await visitor.goto(`${portal.platform.url}/qa`);
    await visitor.locator(`[data-test="qa-question-${title}"] [data-test="qa-answer"]`).getByText('采购合同').waitFor();
    expect(visitor.errors).toEqual([]);
    await visitor.close();
  });
});

describe('知识 editor', () => {
  it('the office writes Chinese with bold and a list; a pasted script is stripped; the saved article renders it', async () => {
    const office = await tabs.open('jrj_viewer', { path: '/knowledge-admin' });
    await office.locator('[data-test="article-new"]').click();
    const title = '首贷续贷贴息政策要点';
    await office.locator('[data-test="article-title"]').fill(title);
    const body = office.locator('[data-test="article-body"] .ProseMirror');
    await body.click();
    // Chinese arrives as an input method delivers it: a composition of 拼音 that is then committed.
    const cdp = await office.context().newCDPSession(office);
    const compose = async (pinyin: string, hanzi: string) => {
      for (let i = 1; i <= pinyin.length; i++) await cdp.send('Input.imeSetComposition', { text: pinyin.slice(0, i), selectionStart: i, selectionEnd: i });
      await cdp.send('Input.insertText', { text: hanzi });
    };
    await compose('zhengce', '政策');
    await office.locator('[data-test="editor-bold"]').click();
    await compose('tiexi', '贴息');
    await office.locator('[data-test="editor-bold"]').click();
    await compose('duixiang', '对象如下：');
    await office.keyboard.press('Enter');
    await office.locator('[data-test="editor-bullet-list"]').click();
    await compose('xiaowei', '小微企业首贷');
    await office.keyboard.press('Enter');
    await compose('geti', '个体工商户续贷');
    await office.keyboard.press('Enter');
    await office.keyboard.press('Enter');
    // A paste from elsewhere with a script and an image handler in it.
    await body.evaluate((element) => {
      const data = new DataTransfer();
      data.setData('text/html', '<p>申请材料<script>window.pwned = true</script><img src="x" onerror="window.pwned = true"></p>');
      data.setData('text/plain', '申请材料');
      element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await body.getByText('申请材料').waitFor();
    expect(await body.locator('script, img').count()).toBe(0);
    await portal.screenshot(office, 'knowledge-editor');
    // The editor is no trust boundary: markup added on the way is removed by the server.
    await office.route('**/api/v1/knowledge', async (route) => {
      const sent = route.request().postDataJSON() as { bodyHtml: string };
      await route.continue({ postData: JSON.stringify({ ...sent, bodyHtml: `${sent.bodyHtml}<script>window.pwned = true</script><p onclick="window.pwned = true">附</p>` }) });
    });
    await office.locator('[data-test="article-save"]').click();
    await office.getByText('内容已保存').waitFor();

    const saved = (await portal.platform.database.knex('knowledge_articles').where({ title }).first('id', 'body_html')) as { id: string; body_html: string };
    expect(saved.body_html).toContain('<strong>贴息</strong>');
    expect(saved.body_html).toMatch(/<ul><li><p>小微企业首贷<\/p><\/li><li><p>个体工商户续贷<\/p><\/li><\/ul>/);
    expect(saved.body_html).not.toMatch(/script|onerror|onclick|<img/);
    expect(saved.body_html).toContain('<p>附</p>');

    const visitor = await portal.newPage();
    await visitor.goto(`${portal.platform.url}/knowledge/${saved.id}`);
    await visitor.locator('.page-title', { hasText: title }).waitFor();
    const content = visitor.locator('[data-test="article-content"]');
    expect(await content.locator('strong').innerText()).toBe('贴息');
    expect(await content.locator('ul li').allInnerTexts()).toEqual(['小微企业首贷', '个体工商户续贷']);
    expect(await content.locator('script, img').count()).toBe(0);
    expect(await visitor.evaluate(() => (window as unknown as { pwned?: boolean }).pwned)).toBeUndefined();
    await portal.screenshot(visitor, 'knowledge-article-rich-text');
    expect(visitor.errors).toEqual([]);
    await visitor.close();
  });
});

describe('政策与知识 search', () => {
  it('a new search does not show the previous one\'s 没有找到 while its own answer is on its way', async () => {
    const visitor = await portal.newPage();
    await visitor.goto(`${portal.platform.url}/knowledge`);
    const words = visitor.getByPlaceholder('例如 信用贷款');
    const nothing = visitor.getByText('没有找到相关内容');
    await words.fill('没有这样的词语');
    await visitor.getByRole('button', { name: '查找' }).click();
    await nothing.waitFor();

    // The next search's answer is held until the page has been read.
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    await visitor.route((url) => url.pathname === '/api/v1/public/knowledge' && url.searchParams.get('q') === '担保', async (route) => {
      await held;
      await route.continue();
    });
    await words.fill('担保');
    const asked = visitor.waitForRequest((request) => new URL(request.url()).searchParams.get('q') === '担保');
    await visitor.getByRole('button', { name: '查找' }).click();
    await asked;
    expect(await nothing.isVisible()).toBe(false);
    release();
    await visitor.locator('[data-test="knowledge-item"]').first().waitFor();
    expect(visitor.errors).toEqual([]);
    await visitor.close();
  });
});
