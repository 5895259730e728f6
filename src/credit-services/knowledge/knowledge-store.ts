import type { DbOrTrx } from '../../db/database.js';
import type { Article, ArticleFilter, ArticleInput } from './knowledge.js';

export interface KnowledgeStore {
  insert(tx: DbOrTrx, a: ArticleInput & { searchText: string; updatedBy: string; updatedAt: Date }): Promise<Article>;
  update(tx: DbOrTrx, id: string, a: ArticleInput & { searchText: string; updatedBy: string; updatedAt: Date }): Promise<Article | undefined>;
  find(tx: DbOrTrx, id: string): Promise<Article | undefined>;
  search(tx: DbOrTrx, filter: ArticleFilter, limit: number): Promise<Article[]>;
}

const COLUMNS = `id, kind, title, body_html as "bodyHtml", source_document as "sourceDocument",
  to_char(effective_from, 'YYYY-MM-DD') as "effectiveFrom", to_char(effective_to, 'YYYY-MM-DD') as "effectiveTo",
  tags, featured, updated_at as "updatedAt"`;
const row = (r: Record<string, unknown>): Article =>
  ({ ...r, tags: typeof r.tags === 'string' ? JSON.parse(r.tags) : r.tags, updatedAt: new Date(r.updatedAt as string) }) as Article;
const values = (a: ArticleInput & { searchText: string; updatedBy: string; updatedAt: Date }) => [
  a.kind, a.title, a.bodyHtml, a.sourceDocument, a.effectiveFrom, a.effectiveTo, JSON.stringify(a.tags), a.featured, a.searchText, a.updatedAt, a.updatedBy,
];

export const knowledgeStore: KnowledgeStore = {
  async insert(tx, a) {
    const result = await tx.raw(
      `insert into knowledge_articles (kind, title, body_html, source_document, effective_from, effective_to, tags, featured, search_text, updated_at, updated_by)
        values (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?) returning ${COLUMNS}`,
      values(a),
    );
    return row(result.rows[0]);
  },
  async update(tx, id, a) {
    const result = await tx.raw(
      `update knowledge_articles set kind = ?, title = ?, body_html = ?, source_document = ?, effective_from = ?, effective_to = ?, tags = ?::jsonb,
        featured = ?, search_text = ?, updated_at = ?, updated_by = ? where id = ? returning ${COLUMNS}`,
      [...values(a), id],
    );
    return result.rows[0] && row(result.rows[0]);
  },
  async find(tx, id) {
    const result = await tx.raw(`select ${COLUMNS} from knowledge_articles where id = ?`, [id]);
    return result.rows[0] && row(result.rows[0]);
  },
  async search(tx, f, limit) {
    const where: string[] = [];
    const args: unknown[] = [];
    const add = (sql: string, ...v: unknown[]) => {
      where.push(sql);
      args.push(...v);
    };
    if (f.kind) add('kind = ?', f.kind);
    if (f.tag) add('tags @> ?::jsonb', JSON.stringify([f.tag]));
    if (f.featured !== undefined) add('featured = ?', f.featured);
    if (f.inEffectOn) add('(effective_from is null or effective_from <= ?) and (effective_to is null or effective_to >= ?)', f.inEffectOn, f.inEffectOn);
    if (f.query) add(`search @@ to_tsquery('simple', ?)`, f.query);
    const rank = f.query ? `ts_rank(search, to_tsquery('simple', ?)) desc, ` : '';
    const result = await tx.raw(
      `select ${COLUMNS} from knowledge_articles ${where.length ? `where ${where.join(' and ')}` : ''} order by ${rank}updated_at desc limit ?`,
      [...args, ...(f.query ? [f.query] : []), limit] as never[],
    );
    return result.rows.map(row);
  },
};
