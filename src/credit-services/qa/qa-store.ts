import type { DbOrTrx } from '../../db/database.js';
import type { Answer, Question, QuestionStatus } from './qa.js';

export interface QaStore {
  ask(tx: DbOrTrx, q: { enterpriseId: string; title: string; body: string; askedAt: Date }): Promise<Question>;
  lockQuestion(tx: DbOrTrx, id: string): Promise<(Omit<Question, 'answers'> & { enterpriseId: string }) | undefined>;
  setQuestionStatus(tx: DbOrTrx, id: string, status: QuestionStatus, by: string, at: Date): Promise<void>;
  answer(tx: DbOrTrx, a: { questionId: string; institutionId: string; userId: string; body: string; answeredAt: Date }): Promise<string>;
  setAnswerStatus(tx: DbOrTrx, id: string, status: Answer['status']): Promise<boolean>;
  /** Questions with their answers (hidden answers only when `withHidden`), newest first. */
  list(tx: DbOrTrx, filter: { statuses: readonly QuestionStatus[]; enterpriseId?: string; withHidden: boolean }, limit: number): Promise<Question[]>;
}

const QUESTION = `id, title, body, status, asked_at as "askedAt"`;
const LISTED = `q.id, q.title, q.body, q.status, q.asked_at as "askedAt"`;

export const qaStore: QaStore = {
  async ask(tx, q) {
    const r = await tx.raw(`insert into qa_questions (enterprise_id, title, body, asked_at) values (?, ?, ?, ?) returning ${QUESTION}`, [q.enterpriseId, q.title, q.body, q.askedAt]);
    return { ...r.rows[0], askedAt: new Date(r.rows[0].askedAt), answers: [] };
  },
  async lockQuestion(tx, id) {
    const r = await tx.raw(`select ${QUESTION}, enterprise_id as "enterpriseId" from qa_questions where id = ? for update`, [id]);
    return r.rows[0] && { ...r.rows[0], askedAt: new Date(r.rows[0].askedAt) };
  },
  async setQuestionStatus(tx, id, status, by, at) {
    await tx.raw('update qa_questions set status = ?, moderated_by = ?, moderated_at = ? where id = ?', [status, by, at, id]);
  },
  async answer(tx, a) {
    const r = await tx.raw('insert into qa_answers (question_id, institution_id, user_id, body, answered_at) values (?, ?, ?, ?, ?) returning id', [a.questionId, a.institutionId, a.userId, a.body, a.answeredAt]);
    return String(r.rows[0].id);
  },
  async setAnswerStatus(tx, id, status) {
    const r = await tx.raw('update qa_answers set status = ? where id = ? returning id', [status, id]);
    return r.rows.length > 0;
  },
  async list(tx, f, limit) {
    const args: unknown[] = [JSON.stringify(f.statuses)];
    let where = `q.status in (select jsonb_array_elements_text(?::jsonb))`;
    if (f.enterpriseId) {
      where += ' and q.enterprise_id = ?';
      args.push(f.enterpriseId);
    }
    const questions = (await tx.raw(`select ${LISTED} from qa_questions q where ${where} order by q.asked_at desc limit ?`, [...args, limit] as never[])).rows as Question[];
    if (questions.length === 0) return [];
    const answers = (
      await tx.raw(
        `select a.id, a.question_id as "questionId", i.name as "institutionName", a.body, a.status, a.answered_at as "answeredAt"
          from qa_answers a join institutions i on i.id = a.institution_id
          where a.question_id in (select jsonb_array_elements_text(?::jsonb)::uuid) ${f.withHidden ? '' : `and a.status = 'published'`}
          order by a.answered_at`,
        [JSON.stringify(questions.map((q) => q.id))],
      )
    ).rows as Answer[];
    return questions.map((q) => ({
      ...q,
      askedAt: new Date(q.askedAt),
      answers: answers.filter((a) => a.questionId === q.id).map((a) => ({ ...a, answeredAt: new Date(a.answeredAt) })),
    }));
  },
};
