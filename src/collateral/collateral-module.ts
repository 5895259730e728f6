import type { Db } from '../db/database.js';
import type { TransactionRunner } from '../db/transaction.js';
import type { LoanApplicationService } from '../lending/applications/application-service.js';
import type { Clock } from '../platform/clock.js';
import type { Deliverer } from '../platform/outbox/outbox-message.js';
import { outboxStore } from '../platform/outbox/outbox-store.js';
import { CollateralService } from './collateral-service.js';
import { collateralStore } from './collateral-store.js';
import { RealEstateRegistrySimulator } from './real-estate-registry-simulator.js';
import { RealEstateService } from './real-estate-service.js';
import { realEstateStore } from './real-estate-store.js';

export interface CollateralModule {
  /** The 不动产登记中心 the platform talks to: the simulator until a registry's adapter is configured. */
  registry: RealEstateRegistrySimulator;
  realEstateMortgages: RealEstateService;
  /** 动产 registrations (中登网) recorded on an application. */
  movables: CollateralService;
  /** The outbox deliverer of `REGISTRY_CHANNEL`: mortgage filings to the registry. */
  registryDeliverer: Deliverer;
}

export interface CollateralContext {
  db: Db;
  transaction: TransactionRunner;
  clock: Clock;
  applications: Pick<LoanApplicationService, 'getForBank' | 'getForEnterprise'>;
  registrySimulatorStepMs: number;
}

/** The collateral feature's composition (不动产抵押 through the registry, 动产 registrations): built once by src/services.ts. */
export function createCollateral({ db, transaction, clock, applications, registrySimulatorStepMs }: CollateralContext): CollateralModule {
  const registry = new RealEstateRegistrySimulator({ stepMs: registrySimulatorStepMs });
  const realEstateMortgages = new RealEstateService({
    db,
    transaction,
    store: realEstateStore,
    registry,
    registryPublicKey: registry.publicKey,
    outbox: outboxStore,
    applications,
    clock,
  });
  return {
    registry,
    realEstateMortgages,
    movables: new CollateralService({ db, store: collateralStore, applications, clock }),
    registryDeliverer: realEstateMortgages.deliverer(),
  };
}
