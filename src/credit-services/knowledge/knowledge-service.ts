import type { TransactionRunner } from '../../db/transaction.js';
import { shanghaiDate } from '../../platform/business-date.js';
import type { Clock } from '../../platform/clock.js';
import { notFound, unprocessable } from '../../platform/errors.js';
import type { Principal } from '../../platform/roles.js';
import type { Article, ArticleInput, ArticleKind } from './knowledge.js';
import type { KnowledgeStore } from './knowledge-store.js';
import { plainText, sanitiseRichText } from './rich-text.js';
import { searchQuery, searchTokens } from './search-tokens.js';

const LIMIT = 50;

/**
 * 政策与知识专栏: the admin and the financial office write articles; anyone reads and searches
 * them. Bodies are sanitised before they are stored; the search text is the pair tokens of the
 * title, the body's visible text, the source document and the tags.
 */
export class KnowledgeService {
  constructor(private readonly deps: { transaction: TransactionRunner; store: KnowledgeStore; clock: Clock }) {}

  /** Published content: a search (every pair must match), optionally narrowed; only what is in effect today. */
  search(filter: { q?: string; kind?: ArticleKind; tag?: string; featured?: boolean }): Promise<Article[]> {
    const query = filter.q === undefined ? undefined : searchQuery(filter.q);
    if (filter.q !== undefined && !query) return Promise.resolve([]);
    const today = shanghaiDate(this.deps.clock.now());
    return this.deps.transaction((tx) => this.deps.store.search(tx, { kind: filter.kind, tag: filter.tag, featured: filter.featured, query, inEffectOn: today }, LIMIT));
  }

  async get(id: string): Promise<Article> {
    const found = await this.deps.transaction((tx) => this.deps.store.find(tx, id));
    if (!found) throw notFound('ARTICLE_NOT_FOUND', '未找到该内容');
    return found;
  }

  create(principal: Principal, input: ArticleInput): Promise<Article> {
    const article = this.prepare(input);
    return this.deps.transaction((tx) => this.deps.store.insert(tx, { ...article, updatedBy: principal.userId, updatedAt: this.deps.clock.now() }));
  }

  async update(principal: Principal, id: string, input: ArticleInput): Promise<Article> {
    const article = this.prepare(input);
    const updated = await this.deps.transaction((tx) => this.deps.store.update(tx, id, { ...article, updatedBy: principal.userId, updatedAt: this.deps.clock.now() }));
    if (!updated) throw notFound('ARTICLE_NOT_FOUND', '未找到该内容');
    return updated;
  }

  private prepare(input: ArticleInput) {
    const bodyHtml = sanitiseRichText(input.bodyHtml);
    const text = plainText(bodyHtml);
    if (!text) throw unprocessable('BODY_EMPTY', '正文去除不允许的格式后没有内容', [{ field: 'bodyHtml', code: 'empty', message: '请填写正文' }]);
    if (input.effectiveFrom && input.effectiveTo && input.effectiveTo < input.effectiveFrom) {
      throw unprocessable('EFFECTIVE_RANGE', '失效日期不能早于施行日期', [{ field: 'effectiveTo', code: 'before_from', message: '失效日期不能早于施行日期' }]);
    }
    const searchText = searchTokens([input.title, text, input.sourceDocument ?? '', ...input.tags].join(' ')).join(' ');
    return { ...input, bodyHtml, searchText };
  }
}
