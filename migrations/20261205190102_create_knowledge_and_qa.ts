import type { Knex } from 'knex';

/**
 * 政策与知识专栏: policies, financial knowledge and FAQ as content (title, sanitised rich text,
 * source document, effective dates, tags), searched through a tsvector of character pairs under
 * the `simple` configuration (docs/decisions/0033). The four policy cards the home page showed
 * as a fixed list become featured policy articles. 专家问答: enterprises ask, bank and guarantee
 * experts answer, the financial office and the admin moderate.
 */
const HOME_POLICIES: [string, string, string[], string][] = [
  ['创业担保贷款', '<p>个人创业最高 30 万元，合伙创业最高 300 万元，贷款期限最长 3 年。</p><ul><li>利率上限为 LPR+150BP，借款人承担 LPR−150BP 以内部分，其余由财政贴息</li><li>10 万元以下贷款及信用良好群体可免除反担保</li></ul>', ['财政贴息'], '银发〔2016〕202号、财金〔2020〕21号、鄂财金规〔2018〕5号'],
  ['再担科创贷', '<p>单户额度最高 2,000 万元，贷款期限最长 5 年。</p><ul><li>单户额度由 500 万元提高至 2,000 万元</li><li>可采用信用保证或知识产权质押方式反担保</li></ul>', ['科技型企业'], '湖北省科技厅、湖北省再担保集团'],
  ['“4321”政银担风险分担', '<p>分担比例 40% / 30% / 20% / 10%。</p><ul><li>省再担保、担保机构、经办银行、地方政府依次分担风险，银行不再独担</li><li>科技型中小企业按“4222”提高政府分担比例</li></ul>', ['担保增信'], '湖北省新型政银担合作机制'],
  ['政府性融资担保降费', '<p>平均担保费率引导降至 1% 以下，重点支持单户 1,000 万元以下。</p><ul><li>支小支农业务占比不低于 80%</li><li>地方建立资本金补充、风险补偿和担保费补贴机制</li></ul>', ['降低成本'], '国办发〔2019〕6号、财金〔2025〕11号'],
];

/**
 * The pair tokens of src/credit-services/knowledge/search-tokens.ts as of this migration (a
 * migration stays as it ran, so it keeps its own copy); the bodies above are already within the
 * sanitiser's allow-list.
 */
function pairTokens(text: string): string[] {
  const tokens: string[] = [];
  for (const [, han, word] of text.normalize('NFKC').matchAll(/(\p{Script=Han}+)|([\p{L}\p{N}]+)/gu)) {
    if (han) {
      const chars = [...han];
      if (chars.length === 1) tokens.push(chars[0]!);
      for (let i = 0; i + 1 < chars.length; i++) tokens.push(chars[i]! + chars[i + 1]!);
    } else if (word) tokens.push(word.toLowerCase());
  }
  return tokens;
}

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table knowledge_articles (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('policy', 'knowledge', 'faq')),
      title text not null,
      body_html text not null,
      source_document text,
      effective_from date,
      effective_to date,
      tags jsonb not null default '[]',
      featured boolean not null default false,
      search_text text not null,
      search tsvector generated always as (to_tsvector('simple', search_text)) stored,
      updated_at timestamptz not null default now(),
      updated_by uuid
    )`);
  await knex.raw('create index knowledge_articles_search on knowledge_articles using gin (search)');
  await knex('knowledge_articles').insert(
    HOME_POLICIES.map(([title, html, tags, source], i) => ({
      kind: 'policy', title, body_html: html, source_document: source, tags: JSON.stringify(tags), featured: true,
      search_text: pairTokens(`${title} ${html.replace(/<[^>]+>/g, ' ')} ${source} ${tags.join(' ')}`).join(' '),
      updated_at: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
    })),
  );
  await knex.raw(`
    create table qa_questions (
      id uuid primary key default gen_random_uuid(),
      enterprise_id uuid not null references enterprises(id),
      title text not null,
      body text not null,
      status text not null default 'pending' check (status in ('pending', 'published', 'hidden')),
      asked_at timestamptz not null,
      moderated_at timestamptz,
      moderated_by uuid
    )`);
  await knex.raw('create index qa_questions_status on qa_questions (status, asked_at desc)');
  await knex.raw(`
    create table qa_answers (
      id uuid primary key default gen_random_uuid(),
      question_id uuid not null references qa_questions(id),
      institution_id uuid not null references institutions(id),
      user_id uuid not null,
      body text not null,
      status text not null default 'published' check (status in ('published', 'hidden')),
      answered_at timestamptz not null
    )`);
  await knex.raw('create index qa_answers_question on qa_answers (question_id, answered_at)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table if exists qa_answers');
  await knex.raw('drop table if exists qa_questions');
  await knex.raw('drop table if exists knowledge_articles');
}
