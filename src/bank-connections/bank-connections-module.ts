import { BankGateway } from '../../bank-adapters/gateway.js';
import type { Config } from '../config.js';
import type { Db } from '../db/database.js';
import type { Clock } from '../platform/clock.js';
import type { EgressGuard } from '../platform/egress/egress-guard.js';
import type { Logger } from '../platform/logger.js';
import type { Sm4FieldCipher } from '../platform/national-crypto.js';
import { BankAdapterCache } from './bank-adapter-cache.js';
import { BankConnectionService, type BankConnectionDeps } from './bank-connection-service.js';
import { bankConnectionStore } from './bank-connection-store.js';

export interface BankConnectionsModule {
  connections: BankConnectionService;
  /** One façade over every bank's adapter, each built from its stored connection. */
  gateway: BankGateway;
}

export interface BankConnectionsContext {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  cipher: Sm4FieldCipher;
  egress: EgressGuard;
  banks: BankConnectionDeps['banks'];
  /** Where a bank posts its callbacks (lending's callback routes, above this feature). */
  callbackPath: BankConnectionDeps['callbackPath'];
}

/** The bank connections' composition (stored connections, their adapter cache, the gateway): built once by src/services.ts. */
export function createBankConnections({ config, db, clock, logger, cipher, egress, banks, callbackPath }: BankConnectionsContext): BankConnectionsModule {
  const cache = new BankAdapterCache({ db, store: bankConnectionStore, cipher, egress, clock, logger, platformSm2: config.platformSm2, callbackPath });
  return {
    gateway: new BankGateway(cache, () => clock.now()),
    connections: new BankConnectionService({
      db,
      store: bankConnectionStore,
      cache,
      cipher,
      egress,
      clock,
      logger,
      banks,
      callbackPath,
      connectedWithinDays: config.bankConnectedWithinDays,
    }),
  };
}
