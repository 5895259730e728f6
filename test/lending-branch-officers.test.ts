import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userStore } from '../src/auth/user-store.js';
import { institutionStore } from '../src/institutions/institution-store.js';
import { institutionAdminOf } from './helpers/institution-admin.js';
import { demoEnterpriseLogin, productLike, publishedProduct } from './helpers/lending-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

/**
 * Branch officers (decision 0037): a person of a branch below the bank acts on an application of
 * the bank exactly when it is assigned to their branch or to them; every other application of
 * the bank is, for them, as another bank's (404). Head-office people keep the whole bank.
 */
let platform: TestPlatform;
let sme: string;
let admin: string;
let headOffice: string;
let bankId: string;
/** 下陆支行 with its officer, and 铁山支行 beside it (ABC_HS's tree). */
let xialu: string;
let tieshan: string;
let xialuOfficer: { token: string; id: string };
let tieshanOfficer: { token: string; id: string };
let assigned: string;
let unassigned: string;
let otherBranchs: string;

const json = async <T>(res: Response, status: number): Promise<T> => {
  const body = await res.text();
  expect(res.status, body).toBe(status);
  return JSON.parse(body) as T;
};
const bank = (path: string, token: string, body?: object) => platform.api(`/api/v1/bank/loan-applications${path}`, { token, body });

async function branch(parentId: string, name: string): Promise<string> {
  const tag = randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase();
  return (await institutionStore.insert(platform.database.knex, { code: `BR_${tag}`, name, type: 'bank', uscc: `91420200${tag}`, parentId })).id;
}

/** An officer of the branch, signed in (a fresh person, so no password is needed). */
async function branchOfficer(institutionId: string): Promise<{ token: string; id: string }> {
  const user = await userStore.insert(platform.database.knex, {
    username: `branch_${randomUUID().slice(0, 8)}`,
    passwordHash: 'not-a-login',
    role: 'bank_officer',
    displayName: '支行客户经理',
    institutionId,
    enterpriseId: null,
    position: 'officer',
  });
  const grant = await platform.services.sessions.start({ userId: user.id, role: 'bank_officer', institutionId, enterpriseId: null, position: 'officer' });
  return { token: grant.accessToken, id: user.id };
}

async function apply(productId: string): Promise<string> {
  const body = { productId: await productLike(platform, productId), amount: '500000', termMonths: 12, purpose: '采购原材料' };
  return (await json<{ application: { id: string } }>(await platform.api('/api/v1/loan-applications', { token: sme, body }), 201)).application.id;
}

const assign = async (id: string, officerId: string, branchId: string) =>
  json(await platform.api(`/api/v1/bank/loan-applications/${id}/assignment`, { token: admin, method: 'PUT', body: { officerId, branchId } }), 200);

beforeAll(async () => {
  platform = await startTestPlatform({ BANK_SIMULATOR: 'false' });
  sme = await platform.login(demoEnterpriseLogin(platform));
  admin = (await institutionAdminOf(platform, 'ABC_HS')).accessToken;
  headOffice = await platform.login('abc_officer');
  bankId = (await platform.services.institutions.findBankByCode(platform.database.knex, 'ABC_HS'))!.id;
  xialu = await branch(bankId, '下陆支行');
  tieshan = await branch(bankId, '铁山支行');
  xialuOfficer = await branchOfficer(xialu);
  tieshanOfficer = await branchOfficer(tieshan);
  const productId = await publishedProduct(platform, 'abc_officer');
  [assigned, unassigned, otherBranchs] = [await apply(productId), await apply(productId), await apply(productId)];
  await assign(assigned, xialuOfficer.id, xialu);
  await assign(otherBranchs, tieshanOfficer.id, tieshan);
});
afterAll(() => platform?.close());

describe('a branch officer', () => {
  it('lists and opens the application assigned to them, and finds it on 分派给我的申请', async () => {
    const list = await json<{ items: { id: string }[]; total: number }>(await bank('', xialuOfficer.token), 200);
    expect(list.items.map((i) => i.id)).toEqual([assigned]);
    expect(list.total).toBe(1);
    await json(await bank(`/${assigned}`, xialuOfficer.token), 200);
    await json(await bank(`/${assigned}/assignment`, xialuOfficer.token), 200);
    const queues = (await json<{ items: { code: string; entries: { ref: { id: string } }[] }[] }>(await platform.api('/api/v1/me/work-queue', { token: xialuOfficer.token }), 200)).items;
    expect(queues.find((q) => q.code === 'assigned_to_me')?.entries.map((e) => e.ref.id)).toEqual([assigned]);
    // The rest of the bank's work is not theirs to see, not even as a count.
    expect(queues.map((q) => q.code)).not.toContain('new_unassigned');
  });

  it("pulls the applicant's profile through the gate as the bank: the access log names the bank and the officer", async () => {
    await json(await bank(`/${assigned}/accept`, xialuOfficer.token, {}), 200);
    const profile = await json<{ grantId: string; caseFile: { reused: boolean } | null }>(await bank(`/${assigned}/profile`, xialuOfficer.token), 200);
    const rows = (await platform.database.knex('consent_access_log').where({ grant_id: profile.grantId })) as { institution_id: string; user_id: string | null }[];
    expect(rows.map((r) => ({ institution: r.institution_id, user: r.user_id }))).toEqual([{ institution: bankId, user: xialuOfficer.id }]);
    // The reload comes from the case file, whose grant is again looked up as the bank's.
    expect((await json<{ caseFile: { reused: boolean } }>(await bank(`/${assigned}/profile`, xialuOfficer.token), 200)).caseFile.reused).toBe(true);
  });

  it('requests material, sees it on the timeline, and approves after the answer', async () => {
    await json(await bank(`/${assigned}/material-requests`, xialuOfficer.token, { items: ['近六个月银行流水'], note: '请尽快提交' }), 201);
    await json(await platform.api(`/api/v1/loan-applications/${assigned}/material-answers`, { token: sme, body: { text: '流水将线下提交' } }), 201);
    const timeline = await json<{ items: { kind: string }[] }>(await bank(`/${assigned}/timeline`, xialuOfficer.token), 200);
    expect(timeline.items.map((e) => e.kind)).toEqual(expect.arrayContaining(['material_request', 'answer', 'assignment']));
    const approved = await json<{ application: { status: string; approvedAmount: string } }>(
      await bank(`/${assigned}/decision`, xialuOfficer.token, { decision: 'approve', approvedAmount: '450000', approvedRate: '3.85', approvedTermMonths: 12, comment: '同意' }),
      200,
    );
    expect(approved.application).toMatchObject({ status: 'APPROVED', approvedAmount: '450000.00' });
  });

  it("gets 404, as another bank does, for the bank's unassigned application and for another branch's", async () => {
    for (const id of [unassigned, otherBranchs]) {
      expect((await bank(`/${id}`, xialuOfficer.token)).status).toBe(404);
      expect((await bank(`/${id}/profile`, xialuOfficer.token)).status).toBe(404);
      expect((await bank(`/${id}/timeline`, xialuOfficer.token)).status).toBe(404);
      expect((await bank(`/${id}/assignment`, xialuOfficer.token)).status).toBe(404);
      expect((await bank(`/${id}/accept`, xialuOfficer.token, {})).status).toBe(404);
      expect((await bank(`/${id}/material-requests`, xialuOfficer.token, { items: ['x'] })).status).toBe(404);
    }
    // Nor may they take the bank's unassigned work for themselves.
    expect((await platform.api(`/api/v1/bank/loan-applications/${unassigned}/assignment/take`, { token: xialuOfficer.token, method: 'POST' })).status).toBe(404);
    // The other branch's officer does not see 下陆支行's application either.
    expect((await bank(`/${assigned}`, tieshanOfficer.token)).status).toBe(404);
  });

  it('loses the application when it is reassigned away from the branch', async () => {
    await assign(otherBranchs, xialuOfficer.id, xialu);
    await json(await bank(`/${otherBranchs}`, xialuOfficer.token), 200);
    expect((await bank(`/${otherBranchs}`, tieshanOfficer.token)).status).toBe(404);
  });
});

describe('the head office', () => {
  it('keeps seeing and acting on every application of the bank, whoever it is assigned to', async () => {
    const list = await json<{ items: { id: string }[] }>(await bank('?pageSize=100', headOffice), 200);
    expect(list.items.map((i) => i.id)).toEqual(expect.arrayContaining([assigned, unassigned, otherBranchs]));
    await json(await bank(`/${otherBranchs}/timeline`, headOffice), 200);
    await json(await bank(`/${unassigned}/accept`, headOffice, {}), 200);
  });
});
