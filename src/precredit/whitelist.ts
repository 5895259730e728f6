import type { FeaturePoints, Outcome, Reason } from './evaluate.js';

/** One enterprise a white-list run covers: its active `pre_credit` grant(s) to the bank. */
export interface Authorised {
  uscc: string;
  enterpriseId: string;
  /** Union of the scopes its active grants cover. */
  scopes: string[];
  grantUntil: Date;
}

/**
 * An enterprise the consent gate read for a run (rule 3: checked, used and access-logged in the
 * same statement): `data` is its stored inputs while its profile is unchanged, else null.
 */
export type AuthorisedRead = Authorised & { data: unknown };

/** What the run knows of an authorised enterprise before scoring it. */
export interface RunCandidate extends Authorised {
  inputs: Record<string, string | number | boolean | null> | null;
  /** False when the profile changed since the inputs were extracted (or none exist). */
  inputsFresh: boolean;
}

/** The bank's last result for an enterprise: unchanged inputs under the same model are not re-scored. */
export interface PreviousResult {
  inputsHash: string;
  modelId: string;
  active: boolean;
  listed: boolean;
}

export interface ResultWrite {
  uscc: string;
  enterpriseId: string;
  modelId: string;
  modelVersion: number;
  inputsHash: string;
  evaluation: Outcome;
  listed: boolean;
  evaluatedAt: Date;
  validUntil: Date;
}

/** A stored pre-credit result: the bank's white-list row and the enterprise's 预授信结果. */
export interface PrecreditResult {
  bankId: string;
  bankName: string;
  uscc: string;
  enterpriseId: string;
  enterpriseName: string;
  modelId: string;
  modelVersion: number;
  inputsHash: string;
  decision: Outcome['decision'];
  score: number;
  grade: string | null;
  limit: string | null;
  points: FeaturePoints[];
  reasons: Reason[];
  /** On the white list: graded with a limit above zero. */
  listed: boolean;
  /** False once the enterprise's grant ended: the row stays only to report the removal. */
  active: boolean;
  evaluatedAt: Date;
  validUntil: Date;
  changeSeq: number;
}

/**
 * A row of the bank's change feed: a result, or the removal of one whose enterprise no longer
 * grants the bank `pre_credit`, which carries nothing derived from the enterprise's data (no
 * decision, score, grade, limit, points or reasons): the bank reads those only under a live grant.
 */
export type PrecreditChange =
  | PrecreditResult
  | (Omit<PrecreditResult, 'decision' | 'score' | 'grade' | 'limit' | 'points' | 'reasons' | 'active' | 'listed'> & {
      decision: null;
      score: null;
      grade: null;
      limit: null;
      points: [];
      reasons: [];
      active: false;
      listed: false;
    });

export interface WhitelistFilter {
  grade?: string;
  minLimit?: string;
  q?: string;
  listedOnly: boolean;
  offset: number;
  limit: number;
}

export interface RunView {
  id: string;
  bankId: string;
  modelId: string;
  seq: number;
  trigger: 'manual' | 'scheduled';
  status: 'running' | 'done' | 'failed';
  total: number;
  processed: number;
  rescored: number;
  listed: number;
  removed: number;
  error: string | null;
  startedAt: Date;
  finishedAt: Date | null;
}
