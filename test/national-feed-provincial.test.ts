import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProvincialNodeSimulator } from '../src/national-feed/exchange/provincial-simulator.js';
import type { NationalFeedModule } from '../src/national-feed/national-feed-module.js';
import { nextDayEight } from '../src/national-feed/provincial-sync-service.js';
import { institutionId, registerEnterprises } from './helpers/consent-fixtures.js';
import { insertPenalty, seedFeedMonth, type FeedMonthData } from './helpers/feed-fixtures.js';
import { startTestPlatform, type TestPlatform } from './helpers/test-platform.js';

let platform: TestPlatform;
let module: NationalFeedModule;
let node: ProvincialNodeSimulator;
let data: FeedMonthData;

beforeAll(async () => {
  platform = await startTestPlatform({ SCHEDULER_ENABLED: 'false', OUTBOX_POLL_MS: '20', OUTBOX_BACKOFF_BASE_MS: '20' });
  module = platform.services.nationalFeed;
  node = module.simulators.provincial!;
  data = await seedFeedMonth(platform.database.knex, 3);
});
afterAll(async () => {
  await platform?.close();
});

const profileRecords = async (uscc: string) => {
  await platform.services.profiles.rebuild(uscc, 'test');
  return (await platform.services.profiles.profileFor(uscc)).sections.flatMap((s) => s.records);
};

async function delivered(id: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!['delivered', 'receipted'].includes((await module.feed.get(id)).submission.status)) {
    if (Date.now() > end) throw new Error('not delivered');
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('provincial node (鄂融通): what comes down', () => {
  it('applies a repair result before 08:00 the next day: the profile drops the record and so does the next feed', async () => {
    expect((await profileRecords(data.penalty.uscc)).map((r) => r.recordKey)).toContain(data.penalty.recordKey);
    const before = await module.feed.build({ target: 'provincial', month: data.month, trigger: 'manual', requestedBy: null });
    expect(before.counts.credit_record).toBe(1);
    await delivered(before.id);

    node.publish({ itemId: 'HB-2026-000001', kind: 'repair', category: data.penalty.category, recordKey: data.penalty.recordKey, noticeNo: '鄂信修〔2026〕88号', reason: '信用中国已完成信用修复' });
    const [item] = await module.provincial.sync();
    expect(item).toMatchObject({ itemId: 'HB-2026-000001', kind: 'repair', error: null });
    expect(item!.outcome).toContain('信用修复已生效');
    expect(item!.dueBy.getTime()).toBe(nextDayEight(item!.receivedAt).getTime());
    expect(item!.appliedAt!.getTime()).toBeLessThanOrEqual(item!.dueBy.getTime());

    expect((await profileRecords(data.penalty.uscc)).map((r) => r.recordKey)).not.toContain(data.penalty.recordKey);
    const after = await module.feed.build({ target: 'provincial', month: data.month, trigger: 'manual', requestedBy: null });
    expect(after.counts.credit_record).toBe(0);
    const corrections = (await module.feed.get(after.id)).files.find((f) => f.kind === 'corrections')!;
    expect(corrections.rows).toBe(1);
    expect(await module.provincial.sync()).toEqual([]);
  });

  it('ingests data rows that come down as a batch from the provincial node (their provenance)', async () => {
    const uscc = data.penalty.uscc;
    node.publish({
      itemId: 'HB-2026-000002',
      kind: 'data',
      category: 'import_export',
      formatVersion: 1,
      rows: [{ uscc, period: data.month, customsGrade: 'general', importValue: '120000.00', exportValue: '98000.50' }],
    });
    const [item] = await module.provincial.sync();
    expect(item).toMatchObject({ kind: 'data', rows: 1, error: null });
    expect(item!.outcome).toContain('接收 1 行');
    const records = await profileRecords(uscc);
    const customs = records.find((r) => r.category === 'import_export');
    expect(customs?.sourceName).toBe('湖北省融资信用服务平台省级节点（鄂融通）');
  });

  it('keeps an item it cannot apply with its reason and tries it again on the next run', async () => {
    node.publish({ itemId: 'HB-2026-000003', kind: 'withdrawal', category: 'penalties', recordKey: 'no-such-record', noticeNo: '鄂撤〔2026〕1号', reason: '撤销' });
    const [failed] = await module.provincial.sync();
    expect(failed).toMatchObject({ itemId: 'HB-2026-000003', appliedAt: null });
    expect(failed!.error).toContain('未找到该记录');
    const again = await module.provincial.sync();
    expect(again.map((i) => i.itemId)).toEqual(['HB-2026-000003']);
  });
});

describe('next-day 08:00 deadline', () => {
  it('is 08:00 Asia/Shanghai on the following calendar day', () => {
    expect(nextDayEight(new Date('2026-12-03T15:59:00Z')).toISOString()).toBe('2026-12-04T00:00:00.000Z');
    expect(nextDayEight(new Date('2026-12-03T16:01:00Z')).toISOString()).toBe('2026-12-05T00:00:00.000Z');
    expect(nextDayEight(new Date('2026-12-31T02:00:00Z')).toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });
});

describe('third-party data', () => {
  it('reaches an institution only under a grant with third_party, marked as such, and never overrides a government record', async () => {
    const [e] = await registerEnterprises(platform, 1);
    const uscc = e!.uscc;
    const customsKey = `${uscc}|${data.month}`;
    node.publish({ itemId: 'HB-2026-000010', kind: 'data', category: 'import_export', formatVersion: 1, rows: [{ uscc, period: data.month, customsGrade: 'general', importValue: '120000.00', exportValue: '98000.50' }] });
    expect((await module.provincial.sync()).find((i) => i.itemId === 'HB-2026-000010')).toMatchObject({ error: null });
    module.simulators.thirdParty.know(uscc, [
      { category: 'import_export', recordKey: customsKey, payload: { exportValue: '1.00' } },
      { category: 'penalties', recordKey: 'P-ONLY-AT-PROVIDER', payload: { note: 'a penalty the government does not list (e.g. repaired)' } },
      { category: 'intellectual_property', recordKey: 'ZL202610000001', payload: { kind: '发明专利' } },
    ]);
    expect(await module.thirdParty.refresh(uscc)).toBe(3);

    const grantTo = async (code: string, scopes: string[]) => {
      const res = await platform.api('/api/v1/consents', {
        token: e!.token,
        body: { granteeInstitutionId: await institutionId(platform, code), scopes, purpose: 'loan_application', validUntil: new Date(Date.now() + 30 * 86_400_000).toISOString(), fetchType: 'ONETIME', frequency: null },
      });
      expect(res.status, await res.clone().text()).toBe(201);
    };
    const read = async (login: string, scopes: string) => {
      const res = await platform.api(`/api/v1/institution/enterprises/${uscc}/profile?purpose=loan_application&scopes=${scopes}`, { token: await platform.login(login) });
      return { status: res.status, body: (await res.json()) as { code?: string; data: Record<string, { records: { recordKey: string; sourceName: string }[]; indicators: { code: string; value: unknown }[]; thirdParty?: Record<string, unknown>[] }> } };
    };

    await grantTo('ICBC_HS', ['import_export']);
    const refused = await read('icbc_officer', 'import_export,third_party');
    expect([refused.status, refused.body.code]).toEqual([403, 'CONSENT_SCOPE_NOT_GRANTED']);
    await grantTo('CCB_HS', ['import_export', 'third_party']);
    const granted = await read('ccb_officer', 'import_export,third_party');
    expect(granted.status).toBe(200);

    // 信用中国 prevails: the customs record is the provincial node's, with its values, and the provider's copy is nowhere.
    const customs = granted.body.data.import_export!;
    expect(customs.records.map((r) => [r.recordKey, r.sourceName])).toEqual([[customsKey, '湖北省融资信用服务平台省级节点（鄂融通）']]);
    expect(JSON.stringify(customs)).not.toContain('"1.00"');
    const section = granted.body.data.third_party!;
    expect(section.thirdParty).toEqual([
      { provenance: 'third_party', provider: 'simulated-provider', category: 'intellectual_property', categoryLabel: '知识产权', recordKey: 'ZL202610000001', fetchedAt: expect.any(String), payload: { kind: '发明专利' } },
    ]);
    expect(section.indicators).toContainEqual(expect.objectContaining({ code: 'third_party_facts', value: 1 }));
    expect(section.records).toEqual([]);
  });
});

describe('the monthly job', () => {
  it('builds the previous month (Asia/Shanghai) for the national platform and the provincial node', async () => {
    const built = await module.feed.runMonthly();
    expect(built.map((s) => [s.target, s.month, s.trigger, s.status])).toEqual([
      ['national', data.month, 'schedule', 'ready'],
      ['provincial', data.month, 'schedule', 'ready'],
    ]);
  });
});

describe('repairs made in the city, upwards', () => {
  it('sends a repair of the day to the provincial node as a new revision with its correction, once', async () => {
    const knex = platform.database.knex;
    const borrower = (await knex('loan_applications as a').join('enterprises as e', 'e.id', 'a.enterprise_id').where('a.id', data.applicationIds[1]).first('e.uscc')) as { uscc: string };
    const { recordKey } = await insertPenalty(knex, { uscc: borrower.uscc, decisionDocNo: `黄市监罚〔${data.month}〕2号`, decisionDate: `${data.month}-06`, receivedAt: new Date() });
    const before = await module.feed.build({ target: 'provincial', month: data.month, trigger: 'manual', requestedBy: null });
    expect(before.counts.credit_record).toBe(1);
    await delivered(before.id);
    expect(await module.feed.reviseAfterRepairs('provincial')).toBeUndefined();

    const admin = (await knex('users').where({ username: 'admin' }).first('id')) as { id: string };
    await platform.services.creditRecords.applyNotice(
      { userId: admin.id, role: 'admin', institutionId: null, enterpriseId: null },
      { category: 'penalties', recordKey, kind: 'repair', noticeNo: '黄信修〔2026〕9号', reason: '已履行' },
    );
    const revised = await module.feed.reviseAfterRepairs('provincial');
    expect(revised).toMatchObject({ target: 'provincial', month: data.month, revision: before.revision + 1, trigger: 'schedule', status: 'ready' });
    expect(revised!.counts.credit_record).toBe(0);
    expect((await module.feed.get(revised!.id)).files.find((f) => f.kind === 'corrections')!.rows).toBe(1);
    expect(await module.feed.reviseAfterRepairs('provincial')).toBeUndefined();
  });
});
