import type { ModelStatus, ScorecardDocument } from './scorecard-model.js';
import type { ReferenceDistribution, TrainingReport } from './train.js';

/** One version of a bank's pre-credit model; `bankId` null is the platform default. */
export interface ModelVersion {
  id: string;
  bankId: string | null;
  version: number;
  /** 1 when drafted, raised by each edit: what a checker names when approving (复核启用). */
  revision: number;
  status: ModelStatus;
  document: ScorecardDocument;
  reference: ReferenceDistribution | null;
  trainingReport: TrainingReport | null;
  basedOn: string | null;
  createdBy: string | null;
  createdAt: Date;
  activationRequestedBy: string | null;
  activationRequestedAt: Date | null;
  activatedBy: string | null;
  activatedAt: Date | null;
  retiredAt: Date | null;
}

/** What a new draft is made of; the store numbers it and the lifecycle fields start empty. */
export type NewModelVersion = Pick<ModelVersion, 'bankId' | 'document' | 'reference' | 'trainingReport' | 'basedOn' | 'createdBy' | 'createdAt'>;
