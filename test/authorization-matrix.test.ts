import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIENT_SCOPE_OPERATIONS } from '../src/auth/client-scopes.js';
import { consentTo, machineClient, postedDemand, submittedApplication } from './helpers/access-fixtures.js';
import { institutionId, registerEnterprises, type TestEnterprise } from './helpers/consent-fixtures.js';
import { productInput, publishedProduct } from './helpers/lending-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

interface Matrix {
  callers: string[];
  operations: Record<string, { allow: string[]; deny: string[] }>;
}
interface SpecOperation {
  method: string;
  path: string;
}

const read = (file: string) => parse(readFileSync(new URL(`../specs/${file}`, import.meta.url), 'utf8')) as unknown;
const matrix = read('authorization-matrix.yaml') as Matrix;
const spec = read('dist/openapi.bundle.yaml') as {
  paths: Record<string, Record<string, { operationId?: string; security?: Record<string, unknown>[]; requestBody?: { content?: Record<string, unknown> } }>>;
};
const operations = new Map<string, SpecOperation>();
for (const [path, item] of Object.entries(spec.paths)) {
  for (const [method, op] of Object.entries(item)) if (op.operationId) operations.set(op.operationId, { method: method.toUpperCase(), path });
}

describe('the authorisation matrix file', () => {
  it('lists every operation of the spec, nothing else, and every caller once per operation', () => {
    expect(Object.keys(matrix.operations).sort()).toEqual([...operations.keys()].sort());
    for (const [id, entry] of Object.entries(matrix.operations)) {
      expect([...entry.allow, ...entry.deny].sort(), id).toEqual([...matrix.callers].sort());
    }
  });

  it('names only spec operations in the machine-client scope table', () => {
    for (const ids of Object.values(CLIENT_SCOPE_OPERATIONS)) for (const id of ids) expect(operations.has(id), id).toBe(true);
  });
});

let platform: TestPlatform;
const tokens = new Map<string, string | undefined>();
/** Path parameters per operation; a function of the caller where each caller has its own object. */
let params: Record<string, (caller: string) => Record<string, string>>;

const isGuarantee = (caller: string) => caller.startsWith('guarantee');

beforeAll(async () => {
  // The simulator plays the connected banks (so callbacks are checked for signatures); the
  // lending callers are ABC_HS, a bank without an adapter, so nothing moves their applications.
  platform = await startTestPlatform({ SCHEDULER_ENABLED: 'false' });
  const [bank, guarantee, admin] = await Promise.all(['abc_officer', 'hsfg_officer', 'admin'].map((u) => platform.login(u))) as [string, string, string];
  // Machine clients are made by the institutions' 机构管理员, not a matrix caller (like 分派).
  const [bankAdmin, guaranteeAdmin] = await Promise.all(['abc_admin', 'hsfg_admin'].map((u) => platform.login(u))) as [string, string];
  const [e, e2] = (await registerEnterprises(platform, 2)) as [TestEnterprise, TestEnterprise];
  const [abcId, hsfgId, sourceId] = await Promise.all(['ABC_HS', 'HSFG', 'HS_TAX'].map((code) => institutionId(platform, code))) as [string, string, string];
  const product = await publishedProduct(platform, 'abc_officer');
  const draft = ((await (await platform.api('/api/v1/loan-products', { token: bank, body: productInput({ name: '草稿' }) })).json()) as { id: string }).id;
  const adminDraft = ((await (await platform.api('/api/v1/loan-products', { token: bank, body: productInput({ name: '待上架' }) })).json()) as { id: string }).id;
  const [bankApp, ownApp, withdrawnApp] = [
    await submittedApplication(platform, e.token, product),
    await submittedApplication(platform, e.token, product),
    await submittedApplication(platform, e.token, product),
  ];
  const [grantToBank, grantToGuarantee, revocable, bankTerminable, guaranteeTerminable] = [
    await consentTo(platform, e.token, abcId),
    await consentTo(platform, e.token, hsfgId),
    await consentTo(platform, e.token, abcId),
    await consentTo(platform, e2.token, abcId),
    await consentTo(platform, e2.token, hsfgId),
  ];
  const [ownDemand, openDemand] = [await postedDemand(platform, e.token), await postedDemand(platform, e2.token)];

  tokens.set('anonymous', undefined);
  tokens.set('enterprise', e.token);
  tokens.set('bank_officer', bank);
  tokens.set('guarantee_officer', guarantee);
  tokens.set('admin', admin);
  for (const [caller, login] of [['data_source', 'tax_feed'], ['financial_office', 'jrj_viewer']] as const) tokens.set(caller, await platform.login(login));
  for (const caller of matrix.callers.filter((c) => c.includes('_client/'))) {
    const scope = caller.split('/')[1]!;
    tokens.set(caller, (await machineClient(platform, isGuarantee(caller) ? guaranteeAdmin : bankAdmin, [scope])).token);
  }
  const clientOf = async (token: string) => {
    const created = await machineClient(platform, token, ['consents:read'], '轮换测试');
    return { clientId: created.clientId, secretId: randomUUID() };
  };
  const [bankClient, guaranteeClient] = [await clientOf(bankAdmin), await clientOf(guaranteeAdmin)];

  const fixed = (values: Record<string, string>) => () => values;
  params = {
    getMarketEntity: fixed({ uscc: e.uscc }),
    replayOutboxMessage: fixed({ id: randomUUID() }),
    // A job the platform does not have: the admin's answer is 404, and nothing runs under the other tests.
    runScheduledJob: fixed({ jobId: 'no-such-job' }),
    ingestRecords: fixed({ category: 'tax_payments' }),
    uploadRecordsFile: fixed({ category: 'tax_payments' }),
    getBatchReport: fixed({ batchId: randomUUID() }),
    listBatchRejections: fixed({ batchId: randomUUID() }),
    downloadBatchRejections: fixed({ batchId: randomUUID() }),
    getRecordAudit: fixed({ category: 'tax_payments', recordKey: 'none' }),
    deleteWorkingCalendarDay: fixed({ day: '2026-10-01' }),
    getConsent: (c) => ({ id: isGuarantee(c) ? grantToGuarantee : grantToBank }),
    revokeConsent: fixed({ id: revocable }),
    getRevocationImpact: fixed({ id: revocable }),
    terminateConsent: (c) => ({ id: isGuarantee(c) ? guaranteeTerminable : bankTerminable }),
    readEnterpriseProfile: fixed({ uscc: e.uscc }),
    getEnterpriseCreditReport: fixed({ uscc: e.uscc }),
    downloadOwnCreditReport: fixed({ reportId: randomUUID() }),
    addObjectionAttachment: fixed({ id: randomUUID() }),
    listObjectionAttachments: fixed({ id: randomUUID() }),
    answerCreditObjection: fixed({ id: randomUUID() }),
    checkCreditCommitment: fixed({ id: randomUUID() }),
    getZone: fixed({ code: 'tech_loan' }),
    getZoneEligibility: fixed({ code: 'tech_loan' }),
    curateZone: fixed({ code: 'tech_loan' }),
    getKnowledgeArticle: fixed({ id: randomUUID() }),
    updateKnowledgeArticle: fixed({ id: randomUUID() }),
    answerQuestion: fixed({ id: randomUUID() }),
    moderateQuestion: fixed({ id: randomUUID() }),
    moderateAnswer: fixed({ id: randomUUID() }),
    markNotificationRead: fixed({ id: randomUUID() }),
    withdrawSelfReported: fixed({ id: randomUUID() }),
    getCreditReportByCode: fixed({ code: 'AAAA-BBBB-CCCC-DDDD' }),
    addClientSecret: (c) => ({ clientId: (isGuarantee(c) ? guaranteeClient : bankClient).clientId }),
    revokeClientSecret: (c) => (isGuarantee(c) ? guaranteeClient : bankClient),
    getLoanProduct: fixed({ id: product }),
    updateLoanProduct: fixed({ id: draft }),
    publishLoanProduct: fixed({ id: adminDraft }),
    withdrawLoanProduct: fixed({ id: adminDraft }),
    returnLoanProduct: fixed({ id: adminDraft }),
    listLoanProductReviews: fixed({ id: draft }),
    getMyLoanApplication: fixed({ id: ownApp }),
    submitLoanApplication: fixed({ id: ownApp }),
    withdrawLoanApplication: fixed({ id: withdrawnApp }),
    getBankLoanApplication: fixed({ id: bankApp }),
    getApplicantProfile: fixed({ id: bankApp }),
    getApplicantOtherApplications: fixed({ id: bankApp }),
    acceptLoanApplication: fixed({ id: bankApp }),
    decideLoanApplication: fixed({ id: bankApp }),
    recordDisbursement: fixed({ id: bankApp }),
    recordRepayment: fixed({ id: bankApp }),
    receiveBankCallback: fixed({ bankCode: 'ICBC_HS' }),
    getMyApplicationTimeline: fixed({ id: ownApp }),
    listPendingApplicationDocuments: fixed({ id: ownApp }),
    uploadApplicationDocument: fixed({ id: ownApp }),
    downloadMyApplicationDocument: fixed({ id: ownApp, documentId: '1' }),
    answerMaterialRequest: fixed({ id: ownApp }),
    getBankApplicationTimeline: fixed({ id: bankApp }),
    downloadBankApplicationDocument: fixed({ id: bankApp, documentId: '1' }),
    requestMaterial: fixed({ id: bankApp }),
    getApplicationAssignment: fixed({ id: bankApp }),
    takeApplication: fixed({ id: bankApp }),
    assignApplication: fixed({ id: bankApp }),
    withdrawFinancingDemand: fixed({ id: ownDemand }),
    acceptFinancingDemand: fixed({ id: openDemand }),
    setSourceCategories: fixed({ institutionId: sourceId }),
    approveInstitutionChange: fixed({ changeId: randomUUID() }),
    rejectInstitutionChange: fixed({ changeId: randomUUID() }),
    listInstitutionPeople: fixed({ institutionId: abcId }),
    invitePerson: fixed({ institutionId: abcId }),
    listOpenInvitations: fixed({ institutionId: abcId }),
    cancelInvitation: fixed({ institutionId: abcId, invitationId: randomUUID() }),
    setPersonStatus: fixed({ userId: randomUUID() }),
    updateEnterpriseStaff: fixed({ userId: randomUUID() }),
    approveAdminInvitation: fixed({ invitationId: randomUUID() }),
    getInvitation: fixed({ token: 'inv_unknown_unknown_unknown_00' }),
    acceptInvitation: fixed({ token: 'inv_unknown_unknown_unknown_00' }),
    getNationalFeedSubmission: fixed({ id: randomUUID() }),
    getPrecreditModel: fixed({ id: randomUUID() }),
    updatePrecreditModel: fixed({ id: randomUUID() }),
    requestPrecreditActivation: fixed({ id: randomUUID() }),
    activatePrecreditModel: fixed({ id: randomUUID() }),
    getPrecreditRun: fixed({ id: randomUUID() }),
    acknowledgeOversightAlert: fixed({ id: randomUUID() }),
    getGuaranteeEligibility: fixed({ id: randomUUID() }),
    updateGuaranteeProduct: fixed({ id: randomUUID() }),
    getGuarantee: fixed({ id: randomUUID() }),
    listMovableCollateral: fixed({ id: randomUUID() }),
    recordMovableCollateral: fixed({ id: randomUUID() }),
    getGuaranteeLetterTerms: fixed({ id: randomUUID() }),
    downloadGuaranteeLetter: fixed({ id: randomUUID() }),
    applyRealEstateMortgage: fixed({ id: randomUUID() }),
    getRealEstateMortgageForBank: fixed({ id: randomUUID() }),
    queryRealEstateMortgageProgress: fixed({ id: randomUUID() }),
    getRealEstateMortgageForEnterprise: fixed({ id: randomUUID() }),
    getGuaranteeCompensation: fixed({ id: randomUUID() }),
    compensateGuarantee: fixed({ id: randomUUID() }),
    recordGuaranteeRecovery: fixed({ id: randomUUID() }),
    decideGuarantee: fixed({ id: randomUUID() }),
    getGuaranteeApplicantProfile: fixed({ id: randomUUID() }),
    recordGuaranteeFeePayment: fixed({ id: randomUUID() }),
    downloadNationalFeedFile: fixed({ id: randomUUID(), fileId: '1' }),
    getBankConnection: fixed({ institutionId: abcId }),
    configureBankConnection: fixed({ institutionId: abcId }),
    testBankConnection: fixed({ institutionId: abcId }),
    getInstitutionWebhookTest: fixed({ eventId: `webhook.test:${randomUUID()}` }),
  };
});
afterAll(() => platform?.close());

/** Queries without which a route would refuse the request as malformed before reaching its rule. */
const QUERIES: Record<string, string> = {
  readEnterpriseProfile: '?purpose=loan_application',
  getEnterpriseCreditReport: '?purpose=loan_application',
  getWorkingCalendar: '?year=2026',
};

describe('a caller without a login', () => {
  it('is refused by every operation that needs one before its body is read', async () => {
    // Before, the body was read, parsed and scanned first: a stranger's malformed JSON got 400
    // naming the body, after the platform had spent the work on it.
    const needingLogin = Object.entries(spec.paths).flatMap(([path, item]) =>
      Object.entries(item)
        .filter(([, op]) => op.operationId && op.requestBody && op.security?.length && op.security.every((way) => 'bearerAuth' in way))
        .map(([method, op]) => ({ id: op.operationId!, method: method.toUpperCase(), path })),
    );
    expect(needingLogin.length).toBeGreaterThan(50);
    const answered: string[] = [];
    for (const op of needingLogin) {
      const res = await fetch(platform.url + op.path.replace(/\{\w+\}/g, () => randomUUID()), {
        method: op.method,
        headers: { 'content-type': 'application/json' },
        body: '{"unfinished": ' + ' '.repeat(1_000),
      });
      const problem = (await res.json()) as { code?: string };
      if (res.status !== 401 || problem.code !== 'AUTH_REQUIRED') answered.push(`${op.id}: ${res.status} ${problem.code}`);
    }
    expect(answered).toEqual([]);
  });
});

// One test per operation, in the file's order (logoutEverywhere, which ends sessions, stays last):
// each stays well inside the test timeout however long the whole walk takes on a busy machine.
describe('the authorisation matrix against the running platform: every caller of', () => {
  for (const [id, entry] of Object.entries(matrix.operations)) {
    it(`${id} is answered as the file says`, async () => {
      const wrong: string[] = [];
      const { method, path } = operations.get(id)!;
      for (const caller of matrix.callers) {
        const values = params[id]?.(caller) ?? {};
        const url = path.replace(/\{(\w+)\}/g, (_, name: string) => {
          if (!(name in values)) throw new Error(`${id}: no fixture for {${name}}`);
          return encodeURIComponent(values[name]!);
        });
        const res = await platform.api(url + (QUERIES[id] ?? ''), {
          method,
          token: tokens.get(caller),
          body: method === 'GET' || method === 'DELETE' ? undefined : {},
        });
        await res.arrayBuffer();
        const allowed = entry.allow.includes(caller);
        const refused = res.status === 401 || res.status === 403;
        if (allowed === refused || (!allowed && caller === 'anonymous' && res.status !== 401)) wrong.push(`${id} ${caller}: ${allowed ? 'allow' : 'deny'} but ${res.status}`);
      }
      expect(wrong).toEqual([]);
    });
  }
});
