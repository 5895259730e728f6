export const QUESTION_STATUSES = ['pending', 'published', 'hidden'] as const;
export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

export interface Answer {
  id: string;
  questionId: string;
  institutionName: string;
  body: string;
  status: 'published' | 'hidden';
  answeredAt: Date;
}

/** 专家问答: an enterprise's question, shown once a moderator publishes it, with the experts' answers. */
export interface Question {
  id: string;
  title: string;
  body: string;
  status: QuestionStatus;
  askedAt: Date;
  answers: Answer[];
}
