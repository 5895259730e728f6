/// <reference lib="dom" />
// Issue 19: an SME sees the unread count on the bell in the header, opens 消息中心, reads the
// message (an expert's answer on the Q&A board) and lands on what it is about; 通知设置 saves.
import { describe, expect, it } from 'vitest';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal, tabs } = portalForFile({ BANK_SIMULATOR: 'false', SCHEDULER_ENABLED: 'false', DEMO_CREDIT_RECORD_ENTITIES: '0' });

describe('消息中心', () => {
  it('an SME sees the unread count, reads the message and opens what it is about; 通知设置 saves its choice', async () => {
    const { platform } = portal;
    const uscc = platform.demo!.accounts.find((a) => a.role === 'enterprise')!.username;
    const sme = await platform.login(uscc);
    const title = '应收账款融资怎么办理';
    const asked = await platform.api('/api/v1/me/qa/questions', { token: sme, body: { title, body: '我们有大型企业的应收账款。' } });
    const { id } = (await asked.json()) as { id: string };
    await platform.api(`/api/v1/qa/questions/${id}/moderation`, { token: await platform.login('jrj_viewer'), body: { status: 'published' } });
    expect((await platform.api(`/api/v1/qa/questions/${id}/answers`, { token: await platform.login('icbc_officer'), body: { body: '可通过中征应收账款融资服务平台办理。' } })).status).toBe(201);

    const page = await tabs.open(uscc, { path: '/enterprise' });
    const badge = page.locator('[data-test="notification-unread"] sup');
    await expect.poll(() => badge.innerText()).toBe('1');
    await page.locator('[data-test="notification-bell"]').click();
    await page.waitForURL((url) => url.pathname === '/notifications');
    const item = page.locator('[data-test="notification-item"]', { hasText: '您的提问有了新回答' });
    await item.getByText(title).waitFor();
    await item.getByText('未读').first().waitFor();
    await portal.screenshot(page, 'notification-center');
    await item.locator('[data-test="notification-open"]').click();
    await page.waitForURL((url) => url.pathname === '/qa');
    await expect.poll(() => badge.isVisible()).toBe(false);

    await page.goto(`${platform.url}/notifications/settings`);
    const sms = page.locator('[data-test="sms-question_answered"]');
    await sms.click();
    await page.locator('[data-test="notification-settings-save"]').click();
    await page.getByText('通知设置已保存').waitFor();
    const prefs = (await (await platform.api('/api/v1/me/notification-preferences', { token: sme })).json()) as { items: { kind: string; sms: boolean }[] };
    expect(prefs.items.find((p) => p.kind === 'question_answered')?.sms).toBe(true);
  });
});
