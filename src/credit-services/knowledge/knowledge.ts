export const ARTICLE_KINDS = ['policy', 'knowledge', 'faq'] as const;
export type ArticleKind = (typeof ARTICLE_KINDS)[number];

/** 政策 / 金融知识 / 常见问题: content the admin and the financial office maintain. */
export interface Article {
  id: string;
  kind: ArticleKind;
  title: string;
  bodyHtml: string;
  sourceDocument: string | null;
  effectiveFrom: string | null;
  effectiveTo: string | null;
  tags: string[];
  featured: boolean;
  updatedAt: Date;
}

export type ArticleInput = Pick<Article, 'kind' | 'title' | 'bodyHtml' | 'sourceDocument' | 'effectiveFrom' | 'effectiveTo' | 'tags' | 'featured'>;

export interface ArticleFilter {
  kind?: ArticleKind;
  tag?: string;
  featured?: boolean;
  /** A tsquery over the pair tokens (see search-tokens.ts). */
  query?: string;
  /** Only articles in effect on this day (no dates: always). */
  inEffectOn?: string;
}
