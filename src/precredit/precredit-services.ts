import type { Db, DbOrTrx } from '../db/database.js';
import type { TransactionRunner } from '../db/transaction.js';
import type { MarketEntityService } from '../enterprises/market-entity-service.js';
import type { ProductService } from '../lending/products/product-service.js';
import type { ConsentGate } from '../consents/consent-gate.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { ProfileService } from '../profiles/profile-service.js';
import { ModelService } from './model-service.js';
import { modelStore } from './model-store.js';
import { MonitoringService } from './monitoring-service.js';
import { monitoringStore } from './monitoring-store.js';
import { platformOutcomes } from './outcome-store.js';
import { RecommendationService } from './recommendation-service.js';
import { WhitelistService } from './whitelist-service.js';
import { createWhitelistStore, RUN_INPUTS_SQL } from './whitelist-store.js';

export interface Precredit {
  models: ModelService;
  whitelist: WhitelistService;
  monitoring: MonitoringService;
  recommendations: RecommendationService;
  /** Scheduled: one run per bank that has enterprises authorising it for pre-credit. */
  runAllWhitelists(): Promise<void>;
  snapshotAll(): Promise<void>;
}

/** The pre-credit feature's composition: built once by src/services.ts. */
export function createPrecredit(deps: {
  db: Db;
  transaction: TransactionRunner;
  clock: Clock;
  logger: Logger;
  profiles: ProfileService;
  gate: Pick<ConsentGate, 'readSet'>;
  products: ProductService;
  marketEntities: MarketEntityService;
  usccOf(tx: DbOrTrx, enterpriseId: string): Promise<string>;
  bulkLoad: 'copy' | 'statement';
}): Precredit {
  const { db, transaction, clock, logger } = deps;
  const models = new ModelService({ db, transaction, models: modelStore, clock, platformOutcomes });
  const whitelist = new WhitelistService({
    db,
    transaction,
    store: createWhitelistStore(deps.bulkLoad),
    clock,
    logger,
    modelFor: (tx, bankId) => models.modelFor(tx, bankId),
    readAuthorised: (run, after, through) =>
      deps.gate.readSet(
        { institutionId: run.bankId, userId: run.startedBy, clientId: null, requestId: `precredit-run:${run.runId}` },
        { purpose: 'pre_credit', after, through },
        RUN_INPUTS_SQL,
      ),
    profileFor: (uscc) => deps.profiles.profileFor(uscc),
  });
  const monitoring = new MonitoringService({ db, store: monitoringStore, models: modelStore, clock, modelFor: (bankId) => models.modelFor(db, bankId) });
  const recommendations = new RecommendationService({
    whitelist,
    products: (enterprise) => deps.products.browse(enterprise, {}),
    districtOf: async (enterpriseId) => (await deps.marketEntities.lookup(await deps.usccOf(db, enterpriseId))).districtCode,
  });
  const banksWithGrants = async () =>
    (
      (await db('consent_grants as g')
        .join('institutions as i', 'i.id', 'g.grantee_institution_id')
        .distinct('g.grantee_institution_id')
        // A suspended (已停用) bank is read for by no job: its grants stay, its lists wait for its return.
        .where({ 'g.purpose': 'pre_credit', 'g.status': 'ACTIVE', 'i.type': 'bank', 'i.status': 'active' })) as { grantee_institution_id: string }[]
    ).map((r) => r.grantee_institution_id);
  return {
    models,
    whitelist,
    monitoring,
    recommendations,
    async runAllWhitelists() {
      for (const bankId of await banksWithGrants()) {
        await whitelist.start(bankId, 'scheduled', null);
        await whitelist.settled();
      }
    },
    async snapshotAll() {
      for (const bankId of await banksWithGrants()) await monitoring.snapshot(bankId);
    },
  };
}
