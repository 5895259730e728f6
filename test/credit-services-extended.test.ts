// Issue 20, second part: 信用承诺 and the 履约践诺 figure, the 专区, the knowledge corner and the Q&A board, on one platform boot.
import { describe, expect, it } from 'vitest';
import { registerEnterprises, type TestEnterprise } from './helpers/consent-fixtures.js';
import { feed, otherFeed, platform, sendAs, startIngestionPlatform, today } from './helpers/ingestion-platform.js';
import { deliverTechListings } from './helpers/tech-list-fixtures.js';

startIngestionPlatform();

interface Commitment { id: string; number: string; uscc: string; status: string; institutionId: string; breachBatchId: string | null; breachRecordKey: string | null }
interface Profile { sections: { scope: string; label: string; indicators: { code: string; value: unknown }[]; records: { recordKey: string; category: string }[] }[] }

const commit = (uscc: string, kind = 'business_permit', token = feed) =>
  platform.api('/api/v1/credit-commitments', { token, body: { uscc, kind, text: '本企业承诺已具备食品经营许可的全部条件，如有不实愿承担相应责任', committedOn: today } });
const check = (id: string, body: Record<string, unknown>, token = feed) => platform.api(`/api/v1/credit-commitments/${id}/check`, { token, body });
const figure = async () => {
  await platform.services.oversight.refresh();
  const { figures } = await platform.services.oversight.figures();
  return figures.find((f) => f.code === 'commitment_fulfilment_share')!;
};

describe('信用承诺', () => {
  it('a breach found by the checking department becomes a credit record in the profile, delivered through ingestion', async () => {
    const [e] = (await registerEnterprises(platform, 1)) as [TestEnterprise];
    const created = await commit(e.uscc);
    expect(created.status).toBe(201);
    const commitment = (await created.json()) as Commitment;
    expect(commitment.status).toBe('pending');

    // A department without the category's grant may neither record nor check; another's commitment is not found.
    expect((await commit(e.uscc, 'loan', otherFeed)).status).toBe(403);
    expect((await check(commitment.id, { result: 'fulfilled', finding: '已核查', checkedOn: today }, otherFeed)).status).toBe(403);
    const future = await check(commitment.id, { result: 'breached', finding: '承诺不实', checkedOn: '2100-01-01' });
    expect(future.status).toBe(422);
    expect(((await future.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('checkedOn');

    const done = await check(commitment.id, { result: 'breached', finding: '现场核查发现不具备冷链储存条件，承诺不实', checkedOn: today });
    expect(done.status).toBe(200);
    const breached = (await done.json()) as Commitment;
    expect(breached).toMatchObject({ status: 'breached', breachRecordKey: expect.stringContaining(commitment.number) });
    expect((await check(commitment.id, { result: 'fulfilled', finding: '再次核查', checkedOn: today })).status).toBe(409);

    const record = await platform.database.knex('all_credit_records as r').join('ingestion_batches as b', 'b.id', 'r.batch_id')
      .where({ 'r.category': 'commitment_breaches', 'r.record_key': breached.breachRecordKey }).first('r.uscc', 'r.batch_id', 'b.institution_id', 'r.status');
    expect(record).toMatchObject({ uscc: e.uscc, batch_id: breached.breachBatchId, institution_id: commitment.institutionId, status: 'active' });
    // The delivery's drain rebuilds the profile in the background; reads never do.
    await platform.services.profiles.settled();
    const profile = (await (await platform.api('/api/v1/me/profile', { token: e.token })).json()) as Profile;
    const section = profile.sections.find((s) => s.scope === 'commitments')!;
    expect(section.label).toBe('信用承诺履行');
    expect(section.records.map((r) => r.recordKey)).toEqual([breached.breachRecordKey]);
    expect(section.indicators.find((i) => i.code === 'commitment_breaches')?.value).toBe(1);

    const own = (await (await platform.api('/api/v1/me/credit-commitments', { token: e.token })).json()) as { items: Commitment[] };
    expect(own.items.map((c) => [c.number, c.status])).toEqual([[commitment.number, 'breached']]);
  });

  it('two checks at once: a breach record exists only if the commitment ends breached', async () => {
    const [e] = (await registerEnterprises(platform, 1)) as [TestEnterprise];
    const commitment = (await (await commit(e.uscc)).json()) as Commitment;
    const answers = await Promise.all([check(commitment.id, { result: 'breached', finding: '承诺不实', checkedOn: today }), check(commitment.id, { result: 'fulfilled', finding: '已履约', checkedOn: today })]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const stored = await platform.database.knex('credit_commitments').where({ id: commitment.id }).first('status');
    const records = await platform.database.knex('all_credit_records').where({ category: 'commitment_breaches', uscc: e.uscc }).select('status');
    expect({ status: stored.status, breachRecords: records.length }).toEqual(stored.status === 'breached' ? { status: 'breached', breachRecords: 1 } : { status: 'fulfilled', breachRecords: 0 });
  });

  it('a kept commitment adds no record; the share of committed enterprises with fulfilment information follows the checks', async () => {
    const [a, b] = (await registerEnterprises(platform, 2)) as [TestEnterprise, TestEnterprise];
    const before = await figure();
    const [kept, open] = [(await (await commit(a.uscc, 'certification')).json()) as Commitment, (await (await commit(b.uscc, 'subsidy')).json()) as Commitment];
    const withTwoMore = await figure();
    expect(Number(withTwoMore.denominator)).toBe(Number(before.denominator) + 2);
    expect(withTwoMore.numerator).toBe(before.numerator);

    expect((await check(kept.id, { result: 'fulfilled', finding: '材料核查属实', checkedOn: today })).status).toBe(200);
    expect(await platform.database.knex('all_credit_records').where({ uscc: a.uscc, category: 'commitment_breaches' }).first()).toBeUndefined();
    const after = await figure();
    expect(Number(after.numerator)).toBe(Number(before.numerator) + 1);
    expect(after.value).toBe((Number(after.numerator) / Number(after.denominator)).toFixed(6));

    const listed = (await (await platform.api('/api/v1/credit-commitments?status=pending', { token: feed })).json()) as { items: Commitment[] };
    expect(listed.items.map((c) => c.id)).toContain(open.id);
    expect(listed.items.map((c) => c.id)).not.toContain(kept.id);
    const office = await platform.login('jrj_viewer');
    expect((await platform.api(`/api/v1/credit-commitments?uscc=${a.uscc}`, { token: office })).status).toBe(200);
  });
});

interface ZonePage { code: string; name: string; intro: string; policies: { title: string }[]; products: { id: string; name: string; featured: boolean; zoneTags: string[]; match?: { verdict: string } }[] }

describe('专区', () => {
  const page = async (code: string, token?: string) => {
    const res = await platform.api(`/api/v1/public/zones/${code}`, token ? { token } : {});
    expect(res.status).toBe(200);
    return (await res.json()) as ZonePage;
  };
  const eligibility = async (e: TestEnterprise, code: string) =>
    (await (await platform.api(`/api/v1/me/zones/${code}/eligibility`, { token: e.token })).json()) as { eligible: boolean; basis: string[] };

  it('shows the tagged products with the office’s featured ones first, and the policies it curated', async () => {
    const before = await page('tech_loan');
    expect(before.name).toBe('科技贷专区');
    expect(before.products.length).toBeGreaterThanOrEqual(2);
    expect(before.products.every((p) => p.zoneTags.includes('tech_loan') && !p.featured)).toBe(true);
    const last = before.products.at(-1)!;

    const office = await platform.login('jrj_viewer');
    const policy = { title: '科技型企业贷款贴息', summary: '对科技型中小企业的贷款按实际利息给予贴息', sourceDocument: '黄石市科技金融扶持办法', effectiveFrom: '2026-01-01' };
    const curate = (body: Record<string, unknown>) => platform.api('/api/v1/zones/tech_loan', { method: 'PUT', token: office, body: { intro: '科技企业的融资入口', policies: [policy], ...body } });
    const rural = (await page('rural_revitalization')).products[0]!;
    const refused = await curate({ featuredProductIds: [rural.id] });
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('featuredProductIds.0');
    expect((await curate({ featuredProductIds: [last.id] })).status).toBe(200);
    expect((await platform.api('/api/v1/zones/tech_loan', { method: 'PUT', token: feed, body: {} })).status).toBe(403);
    expect((await platform.api('/api/v1/public/zones/fintech')).status).toBe(400);

    const after = await page('tech_loan');
    expect(after.products[0]).toMatchObject({ id: last.id, featured: true });
    expect(after.products.filter((p) => p.featured)).toHaveLength(1);
    expect(after).toMatchObject({ intro: '科技企业的融资入口', policies: [policy] });
  });

  it('decides 涉农 from the register and the tech lists from the delivered 科技企业名单', async () => {
    const [e] = (await registerEnterprises(platform, 1)) as [TestEnterprise];
    const entity = platform.database.knex('market_entities').where({ uscc: e.uscc });
    await entity.clone().update({ entity_type: 'enterprise', industry: '批发业' });
    expect(await eligibility(e, 'rural_revitalization')).toEqual({ eligible: false, basis: ['所属行业“批发业”不属于农、林、牧、渔业'] });
    await entity.clone().update({ industry: '渔业' });
    expect(await eligibility(e, 'rural_revitalization')).toEqual({ eligible: true, basis: ['所属行业：渔业'] });

    expect((await eligibility(e, 'tech_loan')).eligible).toBe(false);
    // A 政策支持 award that names a list is not the list.
    const credit = await platform.login('credit_feed');
    const award = { uscc: e.uscc, kind: 'policy_support', title: '专精特新中小企业认定奖补', authority: '黄石市经济和信息化局', awardedOn: today };
    expect((await sendAs('honours', [award], credit)).body.rowsAccepted).toBe(1);
    expect((await eligibility(e, 'tech_loan')).eligible).toBe(false);
    await deliverTechListings(platform, [
      { uscc: e.uscc, list: '专精特新中小企业', listedOn: '2025-03-01', expiresOn: '2028-02-29', authority: '湖北省经济和信息化厅' },
      { uscc: e.uscc, list: '高新技术企业', listedOn: '2021-01-01', expiresOn: '2023-12-31', authority: '湖北省科学技术厅' },
    ]);
    expect(await eligibility(e, 'tech_loan')).toEqual({ eligible: true, basis: ['已列入专精特新中小企业名单'] });
    // Taken off the list by a withdrawal notice, as any record.
    const withdrawn = await platform.api('/api/v1/ingestion/notices', {
      token: credit,
      body: { category: 'tech_lists', recordKey: `${e.uscc}|specialised`, kind: 'withdrawal', noticeNo: `撤销〔2026〕${e.uscc.slice(-4)}号`, reason: '复核不再符合认定条件' },
    });
    expect(withdrawn.status).toBe(201);
    expect((await eligibility(e, 'tech_loan')).eligible).toBe(false);
    await deliverTechListings(platform, [{ uscc: e.uscc, list: 'tech_sme', listedOn: '2026-01-01', authority: '黄石市科学技术局' }]);
    expect(await eligibility(e, 'tech_loan')).toEqual({ eligible: true, basis: ['已列入科技型中小企业名单'] });
    // An enterprise also sees its likely match per product.
    expect((await page('tech_loan', e.token)).products.every((p) => p.match !== undefined)).toBe(true);
  });
});

interface Summary { id: string; kind: string; title: string; excerpt: string; featured: boolean }
interface Question { id: string; title: string; status: string; answers: { id: string; institutionName: string; body: string; status: string }[] }

describe('政策与知识专栏', () => {
  const search = async (query: string) => ((await (await platform.api(`/api/v1/public/knowledge?${query}`)).json()) as { items: Summary[] }).items;

  it('stores a sanitised body and finds it by Chinese words that are not whole tokens, on both databases', async () => {
    const office = await platform.login('jrj_viewer');
    const body = {
      kind: 'faq', title: '首贷户如何申请信用贷款', tags: ['首贷'], sourceDocument: '平台操作指引',
      bodyHtml: '<p>登录平台后授权银行查询<strong>纳税信息</strong>，即可申请无抵押信用贷款。</p><script>alert(1)</script><img src=x onerror=alert(2)>',
    };
    const created = await platform.api('/api/v1/knowledge', { token: office, body });
    expect(created.status).toBe(201);
    const article = (await created.json()) as Summary & { bodyHtml: string };
    expect(article.bodyHtml).toBe('<p>登录平台后授权银行查询<strong>纳税信息</strong>，即可申请无抵押信用贷款。</p>');

    expect((await search(`q=${encodeURIComponent('抵押信用')}`)).map((a) => a.id)).toContain(article.id);
    expect((await search(`q=${encodeURIComponent('纳税 授权')}`)).map((a) => a.id)).toContain(article.id);
    expect((await search(`q=${encodeURIComponent('纳税 质押')}`)).map((a) => a.id)).not.toContain(article.id);
    expect((await search(`q=${encodeURIComponent('首贷')}&kind=policy`)).map((a) => a.id)).not.toContain(article.id);

    const empty = await platform.api('/api/v1/knowledge', { token: office, body: { ...body, bodyHtml: '<script>x</script>' } });
    expect(empty.status).toBe(422);
    expect(((await empty.json()) as { errors: { field: string }[] }).errors[0]!.field).toBe('bodyHtml');
    expect((await platform.api('/api/v1/knowledge', { token: feed, body })).status).toBe(403);
  });

  it('the home page cards are the featured policies in effect', async () => {
    const featured = await search('featured=true&kind=policy');
    expect(featured.map((a) => a.title)).toContain('创业担保贷款');
    expect(featured.every((a) => a.featured && a.kind === 'policy')).toBe(true);
    // The migrated cards are searchable like any article.
    expect((await search(`q=${encodeURIComponent('担保费率')}`)).map((a) => a.title)).toContain('政府性融资担保降费');
  });
});

describe('专家问答', () => {
  it('a question appears once published; a bank expert answers; a hidden answer leaves the board', async () => {
    const [e] = (await registerEnterprises(platform, 1)) as [TestEnterprise];
    const asked = await platform.api('/api/v1/me/qa/questions', { token: e.token, body: { title: '个体户能否申请科担贷', body: '经营两年的个体工商户是否符合条件？' } });
    expect(asked.status).toBe(201);
    const question = (await asked.json()) as Question;
    const board = async () => ((await (await platform.api('/api/v1/public/qa/questions')).json()) as { items: Question[] }).items.find((q) => q.id === question.id);
    expect(await board()).toBeUndefined();

    const bank = await platform.login('ccb_officer');
    expect((await platform.api(`/api/v1/qa/questions/${question.id}/answers`, { token: bank, body: { body: '请先完成授权' } })).status).toBe(409);
    const office = await platform.login('jrj_viewer');
    const queue = (await (await platform.api('/api/v1/qa/moderation', { token: office })).json()) as { items: Question[] };
    expect(queue.items.map((q) => q.id)).toContain(question.id);
    expect((await platform.api(`/api/v1/qa/questions/${question.id}/moderation`, { token: office, body: { status: 'published' } })).status).toBe(204);

    const answered = await platform.api(`/api/v1/qa/questions/${question.id}/answers`, { token: bank, body: { body: '科担贷面向科技型企业，个体工商户可关注创业担保贷款。' } });
    expect(answered.status).toBe(201);
    const { id: answerId } = (await answered.json()) as { id: string };
    expect((await board())?.answers).toMatchObject([{ id: answerId, institutionName: expect.stringContaining('建设银行') }]);

    expect((await platform.api(`/api/v1/qa/answers/${answerId}/moderation`, { token: office, body: { status: 'hidden' } })).status).toBe(204);
    expect((await board())?.answers).toEqual([]);
    expect((await platform.api('/api/v1/me/qa/questions', { token: e.token, body: { title: '', body: '内容' } })).status).toBe(400);
  });
});
