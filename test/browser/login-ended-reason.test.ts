/// <reference lib="dom" />
// An enterprise's clerk whose 岗位 the legal representative changed was sent to 登录 with
// "登录已失效，请重新登录", as if they had sat idle too long, and the platform's own reason said
// "您已在所有设备上退出登录", which they had not done. The login page now says why a login ended,
// by the code of the refusal; a damaged token still gets the general words.
import { describe, expect, it } from 'vitest';
import { demoEnterpriseLogin } from '../helpers/lending-fixtures.js';
import { portalForFile } from './helpers/portal-for-file.js';

const { portal, tabs } = portalForFile({ SCHEDULER_ENABLED: 'false' });

describe('a login that the platform ended', () => {
  it('tells a clerk whose 岗位 changed that this is why, on the login page', async () => {
    const { platform } = portal;
    const owner = await platform.login(demoEnterpriseLogin(platform));
    const added = await platform.api('/api/v1/enterprise/staff', { token: owner, body: { username: 'role.clerk', displayName: '周会计', mobile: '13911118888', position: 'staff' } });
    expect(added.status).toBe(201);
    const { member, temporaryPassword } = (await added.json()) as { member: { id: string }; temporaryPassword: string };
    const first = await platform.login('role.clerk', temporaryPassword);
    const changed = await platform.api('/api/v1/auth/password', { token: first, body: { currentPassword: temporaryPassword, newPassword: 'Harbour-Lamp-73' } });
    expect(changed.status, await changed.text()).toBe(200);

    const page = await tabs.open('role.clerk', { password: 'Harbour-Lamp-73', path: '/enterprise/applications' });
    const moved = await platform.api(`/api/v1/enterprise/staff/${member.id}`, { method: 'PATCH', token: owner, body: { position: 'authorised_staff' } });
    expect(moved.status, await moved.text()).toBe(200);
    await page.reload();
    await page.waitForURL(/\/login\?redirect=/);
    await page.locator('.el-alert', { hasText: '岗位已调整' }).waitFor();
    // The reason survives a reload of 登录: on a busy machine the page's own polling can meet the
    // refusal and open 登录 before the reload above, which then found nothing to say.
    await page.reload();
    await page.locator('.el-alert', { hasText: '岗位已调整' }).waitFor();
  }, 60_000);
});
