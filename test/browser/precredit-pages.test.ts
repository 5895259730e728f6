/// <reference lib="dom" />
// Issue 14's pages: a bank drafts a model, a second officer activates it, the white list is run,
// and the SME sees its grade, limit and reasons in plain Chinese on 我的预授信.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL } from '../../src/precredit/default-model.js';
import { Scorecard } from '../../src/precredit/evaluate.js';
import { inputsFromProfile } from '../../src/precredit/profile-inputs.js';
import { institutionId } from '../helpers/consent-fixtures.js';
import { chooseOption } from './helpers/choose-option.js';
import { portalForFile } from './helpers/portal-for-file.js';
import { verifiedMobile } from '../helpers/registration-code.js';

const { portal, tabs } = portalForFile({ BANK_SIMULATOR: 'false', SCHEDULER_ENABLED: 'false' });

let smeUsername: () => string;
/** Registration refuses the demo accounts' password as too common. */
const SME_PASSWORD = 'Qiye#Yushouxin9';

/** A demo firm with credit records that the default model grades with a limit, registered and logged in by USCC. */
async function gradedFirm(): Promise<string> {
  const { platform } = portal;
  const card = new Scorecard(DEFAULT_MODEL);
  const entities = (await platform.database
    .knex('market_entities as m')
    .join('credit_profiles as p', 'p.uscc', 'm.uscc')
    .leftJoin('enterprises as e', 'e.uscc', 'm.uscc')
    .whereNull('e.id')
    .orderBy('m.uscc')
    .select('m.uscc', 'm.name', 'm.legal_representative')) as { uscc: string; name: string; legal_representative: string }[];
  for (const m of entities) {
    const result = card.evaluate(inputsFromProfile(await platform.services.profiles.profileFor(m.uscc)));
    if (result.decision !== 'graded' || result.limit === null) continue;
    const body = { uscc: m.uscc, name: m.name, legalRepresentative: m.legal_representative, contactName: '联系人', password: SME_PASSWORD, ...(await verifiedMobile(platform)) };
    expect((await platform.api('/api/v1/enterprises/registrations', { body })).status).toBe(201);
    return m.uscc;
  }
  throw new Error('no demo firm earns a limit under the default model');
}

beforeAll(async () => {
  const uscc = await gradedFirm();
  smeUsername = () => uscc;
  const token = await portal.platform.login(smeUsername(), SME_PASSWORD);
  const granted = await portal.platform.api('/api/v1/consents', {
    token,
    body: {
      granteeInstitutionId: await institutionId(portal.platform, 'ICBC_HS'),
      scopes: ['register', 'tax', 'social_security', 'provident_fund', 'utilities', 'permits', 'penalties', 'judicial', 'credit_lists', 'honours'],
      purpose: 'pre_credit',
      validUntil: new Date(Date.now() + 180 * 86_400_000).toISOString(),
      fetchType: 'PERIODIC',
      frequency: { unit: 'DAY', value: 10 },
    },
  });
  expect(granted.status).toBe(201);
});

describe('pre-credit: model activation (maker-checker), white list, the SME result', () => {
  it('a bank activates a model with a second officer, runs its white list, and the SME sees grade, limit and reasons', async () => {
    const maker = await tabs.open('icbc_officer', { path: '/bank/precredit/models' });
    const rows = maker.locator('[data-test="models"] .el-table__body tr');
    await rows.filter({ hasText: '平台默认模型' }).getByRole('button', { name: '基于此版本新建草稿' }).click();
    const draft = rows.filter({ hasText: 'V1' });
    await expect(draft.locator('[data-test="model-status"]').innerText()).resolves.toBe('草稿');
    await draft.getByRole('button', { name: '提交启用' }).click();
    await draft.getByText('待复核').waitFor();
    await portal.screenshot(maker, 'precredit-models');

    const checker = await tabs.open('icbc_hs_checker', { path: '/bank/precredit/models' });
    const checkerDraft = checker.locator('[data-test="models"] .el-table__body tr').filter({ hasText: 'V1' });
    await checkerDraft.getByRole('button', { name: '复核启用' }).click();
    await checker.getByRole('dialog').getByText('启用后本行预授信白名单按该版本评分').waitFor();
    await checker.getByRole('button', { name: '确认启用' }).click();
    await checkerDraft.locator('[data-test="model-status"]', { hasText: '已启用' }).waitFor();

    const list = await tabs.open('icbc_officer', { path: '/bank/precredit/whitelist' });
    await list.getByRole('button', { name: '立即生成白名单' }).click();
    await list.locator('[data-test="run-status"]', { hasText: '已完成' }).waitFor({ timeout: 20_000 });
    await list.locator('[data-test="scope"]').click();
    await chooseOption(list.getByRole('option', { name: '全部已授权企业' }));
    await list.getByRole('button', { name: '查询' }).click();
    await list.locator('[data-test="whitelist"] .el-table__body tr').first().waitFor();
    await portal.screenshot(list, 'precredit-whitelist');
    // The filter is in the address: a refresh lists the same firms, not only the white list.
    await list.waitForURL((url) => url.searchParams.get('listedOnly') === 'false');
    await list.reload();
    await expect.poll(() => list.locator('[data-test="scope"]').innerText()).toContain('全部已授权企业');
    await list.locator('[data-test="whitelist"] .el-table__body tr').first().waitFor();

    const monitoring = await tabs.open('icbc_officer', { path: '/precredit/monitoring' });
    await expect(monitoring.locator('[data-test="psi-verdict"]').innerText()).resolves.toMatch(/评分稳定性指数 0\.0000：稳定/);
    await monitoring.locator('canvas').first().waitFor();
    await portal.screenshot(monitoring, 'precredit-monitoring');

    const sme = await tabs.open(smeUsername(), { password: SME_PASSWORD, path: '/enterprise/precredit' });
    const card = sme.locator('[data-test="precredit-result"]');
    await card.waitFor();
    await expect(card.locator('[data-test="precredit-bank"]').innerText()).resolves.toBe('中国工商银行黄石分行');
    const reasons = await card.locator('[data-test="precredit-reasons"] li').allInnerTexts();
    expect(reasons.length).toBeGreaterThan(0);
    for (const reason of reasons) expect(reason).not.toMatch(/[a-z_]/);
    await expect(card.locator('[data-test="precredit-grade"]').innerText()).resolves.toMatch(/^[ABC]级$/);
    await expect(card.locator('[data-test="precredit-limit"]').innerText()).resolves.toMatch(/^[\d,]+(\.\d+)? 万元$/);
    await expect(card.locator('[data-test="precredit-valid"]').innerText()).resolves.toMatch(/^\d{4}-\d{2}-\d{2}$/);
    await sme.locator('[data-test="recommendations"] .el-table__body tr').first().waitFor();
    await portal.screenshot(sme, 'precredit-sme');
  });
});
