import type { TransactionRunner } from '../../db/transaction.js';
import type { Clock } from '../../platform/clock.js';
import type { NotificationService } from '../../notifications/notification-service.js';
import { conflict, notFound } from '../../platform/errors.js';
import type { Principal } from '../../platform/roles.js';
import type { Question, QuestionStatus } from './qa.js';
import type { QaStore } from './qa-store.js';

const LIMIT = 100;

/**
 * 专家问答: an enterprise asks; a moderator (the financial office or the admin) publishes or
 * hides the question; bank and guarantee officers answer published questions in their
 * institution's name; a moderator may hide an answer. The public board shows published
 * questions with their visible answers; the asker also sees its own pending questions and is
 * told of each answer (站内消息).
 */
export class QaService {
  constructor(private readonly deps: { transaction: TransactionRunner; store: QaStore; clock: Clock; notifications: Pick<NotificationService, 'notify'> }) {}

  board(): Promise<Question[]> {
    return this.deps.transaction((tx) => this.deps.store.list(tx, { statuses: ['published'], withHidden: false }, LIMIT));
  }

  own(enterpriseId: string): Promise<Question[]> {
    return this.deps.transaction((tx) => this.deps.store.list(tx, { statuses: ['pending', 'published', 'hidden'], enterpriseId, withHidden: false }, LIMIT));
  }

  moderationQueue(status: QuestionStatus): Promise<Question[]> {
    return this.deps.transaction((tx) => this.deps.store.list(tx, { statuses: [status], withHidden: true }, LIMIT));
  }

  ask(enterpriseId: string, input: { title: string; body: string }): Promise<Question> {
    return this.deps.transaction((tx) => this.deps.store.ask(tx, { enterpriseId, ...input, askedAt: this.deps.clock.now() }));
  }

  moderateQuestion(principal: Principal, id: string, status: 'published' | 'hidden'): Promise<void> {
    return this.deps.transaction(async (tx) => {
      if (!(await this.deps.store.lockQuestion(tx, id))) throw notFound('QUESTION_NOT_FOUND', '未找到该问题');
      await this.deps.store.setQuestionStatus(tx, id, status, principal.userId, this.deps.clock.now());
    });
  }

  async moderateAnswer(id: string, status: 'published' | 'hidden'): Promise<void> {
    if (!(await this.deps.transaction((tx) => this.deps.store.setAnswerStatus(tx, id, status)))) throw notFound('ANSWER_NOT_FOUND', '未找到该回答');
  }

  answer(principal: Principal, questionId: string, body: string): Promise<{ id: string }> {
    return this.deps.transaction(async (tx) => {
      const question = await this.deps.store.lockQuestion(tx, questionId);
      if (!question) throw notFound('QUESTION_NOT_FOUND', '未找到该问题');
      if (question.status !== 'published') throw conflict('QUESTION_NOT_PUBLISHED', '该问题尚未公开，暂不能回答');
      const id = await this.deps.store.answer(tx, { questionId, institutionId: principal.institutionId!, userId: principal.userId, body, answeredAt: this.deps.clock.now() });
      await this.deps.notifications.notify(tx, { to: 'enterprise', enterpriseId: question.enterpriseId }, {
        kind: 'question_answered',
        title: '您的提问有了新回答',
        body: `专家回答了您的问题“${question.title}”。`,
        link: '/qa',
        dedupeKey: `qa-answer:${id}`,
      });
      return { id };
    });
  }
}
