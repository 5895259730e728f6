import { api, unwrap, unwrapNoContent } from './client';
import type { Schemas } from './schemas';

export type KnowledgeSummary = Schemas['KnowledgeSummary'];
export type KnowledgeArticle = Schemas['KnowledgeArticle'];
export type QaQuestion = Schemas['QaQuestion'];

export async function searchKnowledge(query: { q?: string; kind?: Schemas['ArticleKind']; featured?: 'true' }): Promise<KnowledgeSummary[]> {
  return (await unwrap(api.GET('/api/v1/public/knowledge', { params: { query } }))).items;
}

export function getArticle(id: string): Promise<KnowledgeArticle> {
  return unwrap(api.GET('/api/v1/public/knowledge/{id}', { params: { path: { id } } }));
}

/** 政策要点 on the home page: the featured policies in effect (at most `count`), with their bodies. */
export async function homePolicies(count: number): Promise<KnowledgeArticle[]> {
  const featured = (await searchKnowledge({ kind: 'policy', featured: 'true' })).slice(0, count);
  return Promise.all(featured.map((a) => getArticle(a.id)));
}

export async function qaBoard(): Promise<QaQuestion[]> {
  return (await unwrap(api.GET('/api/v1/public/qa/questions'))).items;
}

export async function ownQuestions(): Promise<QaQuestion[]> {
  return (await unwrap(api.GET('/api/v1/me/qa/questions'))).items;
}

export function askQuestion(body: Schemas['QaQuestionInput']): Promise<QaQuestion> {
  return unwrap(api.POST('/api/v1/me/qa/questions', { body }));
}

export function answerQuestion(id: string, body: string): Promise<{ id: string }> {
  return unwrap(api.POST('/api/v1/qa/questions/{id}/answers', { params: { path: { id } }, body: { body } }));
}

export async function moderationQueue(status: Schemas['QaQuestionStatus']): Promise<QaQuestion[]> {
  return (await unwrap(api.GET('/api/v1/qa/moderation', { params: { query: { status } } }))).items;
}

export async function moderateQuestion(id: string, status: 'published' | 'hidden'): Promise<void> {
  await unwrapNoContent(api.POST('/api/v1/qa/questions/{id}/moderation', { params: { path: { id } }, body: { status } }));
}

export async function moderateAnswer(id: string, status: 'published' | 'hidden'): Promise<void> {
  await unwrapNoContent(api.POST('/api/v1/qa/answers/{id}/moderation', { params: { path: { id } }, body: { status } }));
}

export function createArticle(body: Schemas['KnowledgeArticleInput']): Promise<KnowledgeArticle> {
  return unwrap(api.POST('/api/v1/knowledge', { body }));
}

export function updateArticle(id: string, body: Schemas['KnowledgeArticleInput']): Promise<KnowledgeArticle> {
  return unwrap(api.PUT('/api/v1/knowledge/{id}', { params: { path: { id } }, body }));
}
