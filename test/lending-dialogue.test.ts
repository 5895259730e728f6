import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userStore } from '../src/auth/user-store.js';
import { institutionStore } from '../src/institutions/institution-store.js';
import { sm3Hex } from '../src/platform/national-crypto.js';
import { institutionAdminOf } from './helpers/institution-admin.js';
import { demoEnterpriseLogin, productLike, publishedProduct } from './helpers/lending-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let platform: TestPlatform;
let sme: string;
let officerA: { token: string; id: string };
let officerB: { token: string; id: string };
let admin: string;
let otherBank: string;
let applicationId: string;
let productId: string;
/** 下陆支行 and its 团城山分理处 below it (ABC_HS's tree), and a branch of another bank. */
let xialu: string;
let tuanchengshan: string;
let foreignBranch: string;
let xialuOfficer: string;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

const json = async <T>(res: Response, status: number): Promise<T> => {
  const body = await res.text();
  expect(res.status, body).toBe(status);
  return JSON.parse(body) as T;
};
const userIdOf = (token: string) => (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString()) as { sub: string }).sub;

interface Queue {
  code: string;
  count: number;
  entries: { ref: { kind: string; id: string }; title: string }[];
}
const queues = async (token: string) => (await json<{ items: Queue[] }>(await platform.api('/api/v1/me/work-queue', { token }), 200)).items;
const queue = async (token: string, code: string) => (await queues(token)).find((q) => q.code === code);
const lists = (q: Queue | undefined, id: string) => q?.entries.some((e) => e.ref.id === id) ?? false;

/** A branch below `parentId` in the bank's tree (the maker-checker of onboarding is tested elsewhere). */
async function branch(parentId: string, name: string): Promise<string> {
  const tag = randomUUID().replace(/-/g, '').slice(0, 10).toUpperCase();
  const created = await institutionStore.insert(platform.database.knex, { code: `BR_${tag}`, name, type: 'bank', uscc: `91420200${tag}`, parentId });
  return created.id;
}

/** A second officer of the bank, signed in (a fresh person, so no password is needed). */
async function extraOfficer(bankCode: string): Promise<{ token: string; id: string }> {
  const bank = await platform.services.institutions.findBankByCode(platform.database.knex, bankCode);
  const user = await userStore.insert(platform.database.knex, {
    username: `officer_${randomUUID().slice(0, 8)}`,
    passwordHash: 'not-a-login',
    role: 'bank_officer',
    displayName: '第二客户经理',
    institutionId: bank!.id,
    enterpriseId: null,
    position: 'officer',
  });
  const grant = await platform.services.sessions.start({ userId: user.id, role: 'bank_officer', institutionId: bank!.id, enterpriseId: null, position: 'officer' });
  return { token: grant.accessToken, id: user.id };
}

const upload = (token: string, bytes: Buffer, type: string, fileName: string) =>
  fetch(`${platform.url}/api/v1/loan-applications/${applicationId}/documents?fileName=${encodeURIComponent(fileName)}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': type },
    body: new Uint8Array(bytes),
  });

beforeAll(async () => {
  // No adapters: ABC_HS is a bank whose officers work every application in the web.
  platform = await startTestPlatform({ BANK_SIMULATOR: 'false' });
  sme = await platform.login(demoEnterpriseLogin(platform));
  const a = await platform.login('abc_officer');
  officerA = { token: a, id: userIdOf(a) };
  officerB = await extraOfficer('ABC_HS');
  admin = (await institutionAdminOf(platform, 'ABC_HS')).accessToken;
  otherBank = await platform.login('icbc_officer');
  productId = await publishedProduct(platform, 'abc_officer');
  const applied = await json<{ application: { id: string } }>(
    await platform.api('/api/v1/loan-applications', { token: sme, body: { productId, amount: '500000', termMonths: 12, purpose: '采购原材料' } }),
    201,
  );
  applicationId = applied.application.id;
  const bankId = async (code: string) => (await platform.services.institutions.findBankByCode(platform.database.knex, code))!.id;
  xialu = await branch(await bankId('ABC_HS'), '下陆支行');
  tuanchengshan = await branch(xialu, '团城山分理处');
  foreignBranch = await branch(await bankId('ICBC_HS'), '黄石港支行');
  const branchPerson = await userStore.insert(platform.database.knex, {
    username: `branch_${randomUUID().slice(0, 8)}`,
    passwordHash: 'not-a-login',
    role: 'bank_officer',
    displayName: '支行客户经理',
    institutionId: xialu,
    enterpriseId: null,
    position: 'officer',
  });
  xialuOfficer = branchPerson.id;
});
afterAll(() => platform?.close());

describe('assignment (分派)', () => {
  it('lists a new application as unassigned until the institution admin assigns it; officers may not assign', async () => {
    expect(lists(await queue(officerA.token, 'new_unassigned'), applicationId)).toBe(true);
    expect(lists(await queue(admin, 'unassigned'), applicationId)).toBe(true);

    const byOfficer = await platform.api(`/api/v1/bank/loan-applications/${applicationId}/assignment`, { token: officerA.token, method: 'PUT', body: { officerId: officerA.id } });
    expect(byOfficer.status).toBe(403);
    const assign = (body: object) => platform.api(`/api/v1/bank/loan-applications/${applicationId}/assignment`, { token: admin, method: 'PUT', body });
    const refusedField = async (body: object) => (await json<{ errors: { field: string }[] }>(await assign(body), 422)).errors.map((e) => e.field);
    expect(await refusedField({ officerId: userIdOf(otherBank), branchId: xialu })).toEqual(['officerId']);
    // A branch of another bank, or no institution at all.
    expect(await refusedField({ officerId: officerA.id, branchId: foreignBranch })).toEqual(['branchId']);
    expect(await refusedField({ officerId: officerA.id, branchId: randomUUID() })).toEqual(['branchId']);
    // The old free-text field is gone; a branch must be named by its id.
    const freeText = await json<{ errors: { field: string }[] }>(await assign({ officerId: officerA.id, branch: '下陆支行' }), 400);
    expect(freeText.errors.map((e) => e.field).sort()).toEqual(['branch', 'branchId']);
    // A branch's own officer works for that branch only.
    expect(await refusedField({ officerId: xialuOfficer, branchId: tuanchengshan })).toEqual(['officerId']);
    const atBranch = await json<{ assignment: { officerId: string; branchId: string; branchName: string } }>(await assign({ officerId: xialuOfficer, branchId: xialu }), 200);
    expect(atBranch.assignment).toMatchObject({ officerId: xialuOfficer, branchId: xialu, branchName: '下陆支行' });

    // A head-office officer may work at any branch of the tree, a sub-branch too.
    const assigned = await json<{ assignment: { officerId: string; branchName: string } }>(await assign({ officerId: officerA.id, branchId: tuanchengshan }), 200);
    expect(assigned.assignment).toMatchObject({ officerId: officerA.id, branchName: '团城山分理处' });
    expect(lists(await queue(officerA.token, 'assigned_to_me'), applicationId)).toBe(true);
    expect(lists(await queue(admin, 'unassigned'), applicationId)).toBe(false);
  });

  it('refuses a take of an assigned application; the admin reassigns; the workload and the timeline follow', async () => {
    const take = await json<{ code: string }>(await platform.api(`/api/v1/bank/loan-applications/${applicationId}/assignment/take`, { token: officerB.token, method: 'POST' }), 409);
    expect(take.code).toBe('ALREADY_ASSIGNED');
    await json(await platform.api(`/api/v1/bank/loan-applications/${applicationId}/assignment`, { token: admin, method: 'PUT', body: { officerId: officerB.id, branchId: xialu } }), 200);
    expect(lists(await queue(officerA.token, 'assigned_to_me'), applicationId)).toBe(false);
    expect(lists(await queue(officerB.token, 'assigned_to_me'), applicationId)).toBe(true);

    // Officers see theirs first: a newer application of the bank comes after the one assigned to B.
    const newer = await json<{ application: { id: string } }>(
      await platform.api('/api/v1/loan-applications', { token: sme, body: { productId: await productLike(platform, productId), amount: '200000', termMonths: 12, purpose: '支付工资' } }),
      201,
    );
    const firstOf = async (token: string) => (await json<{ items: { id: string }[] }>(await platform.api('/api/v1/bank/loan-applications?pageSize=5', { token }), 200)).items[0]!.id;
    expect(await firstOf(officerB.token)).toBe(applicationId);
    expect(await firstOf(officerA.token)).toBe(newer.application.id);

    const workload = await json<{
      officers: { officerId: string; institutionId: string; open: number }[];
      branches: { branchId: string; name: string; parentId: string | null; open: number }[];
      byBranchAndOfficer: { branchId: string | null; officerId: string; open: number }[];
    }>(await platform.api('/api/v1/bank/workload', { token: admin }), 200);
    expect(workload.officers.find((o) => o.officerId === officerB.id)?.open).toBe(1);
    expect(workload.officers.find((o) => o.officerId === xialuOfficer)).toMatchObject({ institutionId: xialu, open: 0 });
    // The tree, bank first; another bank's branch is not in it.
    expect(workload.branches.slice(1).map((b) => [b.name, b.open])).toEqual([
      ['下陆支行', 1],
      ['团城山分理处', 0],
    ]);
    expect(workload.branches[0]!.parentId).toBeNull();
    expect(workload.byBranchAndOfficer).toContainEqual({ branchId: xialu, officerId: officerB.id, open: 1 });
    expect(workload.byBranchAndOfficer.some((r) => r.officerId === officerA.id)).toBe(false);
    expect((await platform.api('/api/v1/bank/workload', { token: officerA.token })).status).toBe(403);

    const timeline = await json<{ items: { kind: string; assignment: Record<string, unknown> | null }[] }>(
      await platform.api(`/api/v1/bank/loan-applications/${applicationId}/timeline`, { token: officerB.token }),
      200,
    );
    // The branch by its name, never by an id.
    expect(timeline.items.filter((e) => e.kind === 'assignment').map((e) => e.assignment)).toEqual([
      { how: 'assigned', branchName: '下陆支行', officerName: '支行客户经理' },
      { how: 'reassigned', branchName: '团城山分理处', officerName: expect.any(String) as string },
      { how: 'reassigned', branchName: '下陆支行', officerName: '第二客户经理' },
    ]);
    // The SME's timeline shows no assignment.
    const own = await json<{ items: { kind: string }[] }>(await platform.api(`/api/v1/loan-applications/${applicationId}/timeline`, { token: sme }), 200);
    expect(own.items.some((e) => e.kind === 'assignment')).toBe(false);
  });
});

describe('dialogue (补充材料)', () => {
  let documentId: number;

  it('the officer names the material; the SME sees the request and it is on its work queue', async () => {
    await json(await platform.api(`/api/v1/bank/loan-applications/${applicationId}/accept`, { token: officerB.token, body: {} }), 200);
    await json(
      await platform.api(`/api/v1/bank/loan-applications/${applicationId}/material-requests`, {
        token: officerB.token,
        body: { items: ['近六个月银行流水', '主要购销合同'], note: '请于五个工作日内提交' },
      }),
      201,
    );
    const again = await json<{ code: string }>(
      await platform.api(`/api/v1/bank/loan-applications/${applicationId}/material-requests`, { token: officerB.token, body: { items: ['其他'] } }),
      409,
    );
    expect(again.code).toBe('INVALID_TRANSITION');
    const own = await json<{ items: { kind: string; items: string[]; text: string | null }[] }>(await platform.api(`/api/v1/loan-applications/${applicationId}/timeline`, { token: sme }), 200);
    expect(own.items.find((e) => e.kind === 'material_request')).toMatchObject({ items: ['近六个月银行流水', '主要购销合同'], text: '请于五个工作日内提交' });
    expect(lists(await queue(sme, 'material_requested'), applicationId)).toBe(true);
  });

  it('judges a file by its content: HTML named .pdf is refused naming the field; a PDF is stored encrypted with its SM3 digest', async () => {
    const html = await upload(sme, Buffer.from('<html><script>alert(1)</script></html>'), 'application/pdf', '流水.pdf');
    expect(html.status).toBe(400);
    expect(html.headers.get('content-type')).toContain('application/problem+json');
    expect(((await html.json()) as { errors: { field: string }[] }).errors.map((e) => e.field)).toEqual(['file']);

    const stored = await json<{ id: number; sm3: string; mediaType: string; sizeBytes: number }>(await upload(sme, PDF, 'application/pdf', '银行流水.pdf'), 201);
    expect(stored).toMatchObject({ sm3: sm3Hex(PDF), mediaType: 'application/pdf', sizeBytes: PDF.length });
    documentId = stored.id;
    const row = (await platform.database.knex('application_documents').where({ id: documentId }).first()) as { content_enc: string; sm3: string };
    expect(row.sm3).toBe(sm3Hex(PDF));
    expect(row.content_enc.startsWith('sm4k:')).toBe(true);
    expect(Buffer.from(row.content_enc).includes('%PDF')).toBe(false);
  });

  it('another bank sees neither the file nor the timeline', async () => {
    expect((await platform.api(`/api/v1/bank/loan-applications/${applicationId}/documents/${documentId}`, { token: otherBank })).status).toBe(404);
    expect((await platform.api(`/api/v1/bank/loan-applications/${applicationId}/timeline`, { token: otherBank })).status).toBe(404);
    expect((await platform.api(`/api/v1/bank/loan-applications/${applicationId}/material-requests`, { token: otherBank, body: { items: ['x'] } })).status).toBe(404);
  });

  it("the bank's own officers do not read a file the SME uploaded and has not sent with an answer", async () => {
    // A file waits with the SME until an answer sends it; the SME may leave it unsent (a wrong
    // file), and the bank is told of a file only by the answer, so it must not fetch one by id.
    for (const token of [officerB.token, officerA.token, admin]) {
      const res = await platform.api(`/api/v1/bank/loan-applications/${applicationId}/documents/${documentId}`, { token });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { code: string }).code).toBe('DOCUMENT_NOT_FOUND');
    }
    expect((await platform.api(`/api/v1/loan-applications/${applicationId}/documents/${documentId}`, { token: sme })).status).toBe(200);
  });

  it('the answer sends the application back to the bank once; the officer downloads the file as an attachment only', async () => {
    const unknown = await json<{ errors: { field: string }[] }>(
      await platform.api(`/api/v1/loan-applications/${applicationId}/material-answers`, { token: sme, body: { text: '已上传', documentIds: [documentId + 1000] } }),
      422,
    );
    expect(unknown.errors.map((e) => e.field)).toEqual(['documentIds']);
    await json(await platform.api(`/api/v1/loan-applications/${applicationId}/material-answers`, { token: sme, body: { text: '银行流水已上传，合同随后补交', documentIds: [documentId] } }), 201);
    const twice = await json<{ code: string }>(await platform.api(`/api/v1/loan-applications/${applicationId}/material-answers`, { token: sme, body: { text: '再次答复' } }), 409);
    expect(twice.code).toBe('INVALID_TRANSITION');
    expect((await upload(sme, PDF, 'application/pdf', '迟到.pdf')).status).toBe(409);

    const detail = await json<{ application: { status: string; bankId: string } }>(await platform.api(`/api/v1/bank/loan-applications/${applicationId}`, { token: officerB.token }), 200);
    expect(detail.application.status).toBe('UNDER_REVIEW');
    // The bank's own system, which asked for the material (DOCUMENTS_REQUIRED), is told at its event address.
    const events = await platform.database.knex('outbox_messages').where({ topic: 'application.material_supplied' }).select('channel', 'target', 'payload');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      channel: 'institution_webhook',
      target: detail.application.bankId,
      payload: { type: 'application.material_supplied', data: { applicationId, status: 'UNDER_REVIEW', documents: 1 } },
    });
    expect(lists(await queue(officerB.token, 'material_answered'), applicationId)).toBe(true);
    expect(lists(await queue(sme, 'material_requested'), applicationId)).toBe(false);

    const timeline = await json<{ items: { kind: string; text: string | null; documents: { id: number; sm3: string }[] }[] }>(
      await platform.api(`/api/v1/bank/loan-applications/${applicationId}/timeline`, { token: officerB.token }),
      200,
    );
    const answer = timeline.items.find((e) => e.kind === 'answer')!;
    expect(answer.text).toBe('银行流水已上传，合同随后补交');
    expect(answer.documents.map((d) => d.sm3)).toEqual([sm3Hex(PDF)]);

    const file = await platform.api(`/api/v1/bank/loan-applications/${applicationId}/documents/${documentId}`, { token: officerB.token });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toMatch(/^attachment;/);
    expect(file.headers.get('x-content-type-options')).toBe('nosniff');
    expect(file.headers.get('content-type')).toBe('application/pdf');
    expect(Buffer.from(await file.arrayBuffer()).equals(PDF)).toBe(true);
  });

  it("the officer's approval note reaches the SME's timeline", async () => {
    await json(
      await platform.api(`/api/v1/bank/loan-applications/${applicationId}/decision`, {
        token: officerB.token,
        body: { decision: 'approve', approvedAmount: '500000', approvedRate: '3.85', approvedTermMonths: 12, comment: '同意授信，请按期还款' },
      }),
      200,
    );
    const own = await json<{ items: { kind: string; toStatus: string | null; text: string | null }[] }>(await platform.api(`/api/v1/loan-applications/${applicationId}/timeline`, { token: sme }), 200);
    expect(own.items.find((e) => e.kind === 'status' && e.toStatus === 'APPROVED')?.text).toBe('同意授信，请按期还款');
  });
});

describe('work queues of the other roles', () => {
  it('the office sees its open escalations and the guarantee officer its pending decisions, counted from the same state their lists read', async () => {
    const office = await platform.login('jrj_viewer');
    const alerts = await json<{ total: number }>(await platform.api('/api/v1/oversight/alerts', { token: office }), 200);
    expect((await queue(office, 'open_escalations'))?.count).toBe(alerts.total);

    const guarantor = await platform.login('hsfg_officer');
    const pending = await json<{ items: unknown[] }>(await platform.api('/api/v1/guarantees?status=pending', { token: guarantor }), 200);
    expect((await queue(guarantor, 'guarantee_pending'))?.count).toBe(pending.items.length);
    expect((await queues(sme)).map((q) => q.code)).toEqual(['material_requested', 'grants_expiring', 'whitelist_changes']);
  });
});
