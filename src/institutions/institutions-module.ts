import type { Db } from '../db/database.js';
import type { TransactionRunner } from '../db/transaction.js';
import type { Clock } from '../platform/clock.js';
import type { EgressGuard } from '../platform/egress/egress-guard.js';
import type { Sm4FieldCipher } from '../platform/national-crypto.js';
import type { Deliverer } from '../platform/outbox/outbox-message.js';
import { outboxStore } from '../platform/outbox/outbox-store.js';
import { InstitutionChangeService, type DepartmentCategoryPort } from './institution-change-service.js';
import { institutionChangeStore } from './institution-change-store.js';
import { InstitutionService, type ConnectedBanks } from './institution-service.js';
import { institutionStore } from './institution-store.js';
import { InstitutionWebhookService } from './institution-webhook-service.js';
import { institutionWebhookStore } from './institution-webhook-store.js';

export interface InstitutionsModule {
  institutions: InstitutionService;
  /** 机构信息变更: proposals and their review. */
  changes: InstitutionChangeService;
  webhooks: InstitutionWebhookService;
  /** The outbox deliverer of `WEBHOOK_CHANNEL`: events to the institutions' own systems. */
  webhookDeliverer: Deliverer;
}

export interface InstitutionsContext {
  db: Db;
  transaction: TransactionRunner;
  clock: Clock;
  cipher: Sm4FieldCipher;
  egress: EgressGuard;
  statusCacheSeconds: number;
  /** 已对接: the bank connections, a floor up. */
  connectedBanks: ConnectedBanks;
  /** A data-source department's categories: ingestion, a floor up. */
  categories: DepartmentCategoryPort;
}

/** The institutions' composition (the directory, its change reviews, webhooks): built once by src/services.ts. */
export function createInstitutions({ db, transaction, clock, cipher, egress, statusCacheSeconds, connectedBanks, categories }: InstitutionsContext): InstitutionsModule {
  const institutions = new InstitutionService(db, institutionStore, connectedBanks, statusCacheSeconds);
  const webhooks = new InstitutionWebhookService({ db, store: institutionWebhookStore, outbox: outboxStore, cipher, clock, egress });
  return {
    institutions,
    changes: new InstitutionChangeService({ transaction, institutions: institutionStore, changes: institutionChangeStore, directory: institutions, categories, clock }),
    webhooks,
    webhookDeliverer: webhooks.deliverer(),
  };
}
