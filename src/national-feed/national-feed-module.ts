import type { Config } from '../config.js';
import type { Db, DbOrTrx } from '../db/database.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { Deliverer, NewOutboxMessage } from '../platform/outbox/outbox-message.js';
import type { ExchangePort } from './exchange/exchange-port.js';
import { ExchangeSimulator } from './exchange/exchange-simulator.js';
import { FileExchangeAdapter, FileProvincialAdapter } from './exchange/file-exchange-adapter.js';
import { HttpsExchangeAdapter, HttpsProvincialAdapter } from './exchange/https-exchange-adapter.js';
import type { ProvincialNodePort } from './exchange/provincial-port.js';
import { ProvincialNodeSimulator } from './exchange/provincial-simulator.js';
import { feedStore } from './feed-store.js';
import { FeedService } from './feed-service.js';
import type { FeedTarget } from './feed-submission.js';
import { PROVINCIAL_NODE, provincialInboundStore } from './provincial-inbound-store.js';
import { ProvincialSyncService, type CreditRecordPort, type IngestionPort, type SourceGrantPort } from './provincial-sync-service.js';
import { ThirdPartyService } from './third-party/third-party-service.js';
import { ThirdPartySimulator } from './third-party/third-party-simulator.js';
import { thirdPartyStore } from './third-party/third-party-store.js';
import { upwardResultDeliverer } from './upward-results.js';

const HTTPS_TIMEOUT_MS = 60_000;

export interface NationalFeedModule {
  feed: FeedService;
  /** What comes down from the provincial node (repair results, data), applied through ingestion. */
  provincial: ProvincialSyncService;
  /** Commercial data (启信宝-like) kept apart and merged under government records. */
  thirdParty: ThirdPartyService;
  /** The outbox deliverer of `UPWARD_RESULTS_CHANNEL`: objection outcomes up to the provincial node. */
  upwardResults: Deliverer;
  /** node-cron expression (Asia/Shanghai) of the monthly build; default the 5th at 02:00. */
  monthlyCron: string;
  formatVersions: Readonly<Record<FeedTarget, string>>;
  /** The in-process simulators, for the targets configured as `simulator` (development, tests). */
  simulators: { national?: ExchangeSimulator; provincial?: ProvincialNodeSimulator; thirdParty: ThirdPartySimulator };
}

export interface NationalFeedContext {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  enqueue(tx: DbOrTrx, message: NewOutboxMessage): Promise<void>;
  ingestion: IngestionPort;
  records: CreditRecordPort;
  sources: SourceGrantPort;
  /** Profiles: a refreshed enterprise's profile is rebuilt (its `third_party` section). */
  markProfilesStale(tx: DbOrTrx, usccs: readonly string[]): Promise<void>;
}

/** `simulator`, `file:<exchange directory>` or an HTTPS service URL (validated by config). */
function exchangeFor(setting: string, senderPublicKey: string): ExchangePort {
  if (setting === 'simulator') return new ExchangeSimulator(senderPublicKey);
  if (setting.startsWith('file:')) return new FileExchangeAdapter(setting.slice('file:'.length));
  return new HttpsExchangeAdapter(setting, HTTPS_TIMEOUT_MS);
}

function provincialFor(setting: string, senderPublicKey: string): ProvincialNodePort {
  if (setting === 'simulator') return new ProvincialNodeSimulator(senderPublicKey);
  if (setting.startsWith('file:')) return new FileProvincialAdapter(setting.slice('file:'.length));
  return new HttpsProvincialAdapter(setting, HTTPS_TIMEOUT_MS);
}

/** Assembles the feature: one exchange port per target, the feed service over them. */
export function createNationalFeed({ config, db, clock, logger, enqueue, ingestion, records, sources, markProfilesStale }: NationalFeedContext): NationalFeedModule {
  const settings = config.nationalFeed;
  const provincialPort = provincialFor(settings.provincialExchange, config.platformSm2.publicKey);
  const ports = new Map<FeedTarget, ExchangePort>([
    ['national', exchangeFor(settings.nationalExchange, config.platformSm2.publicKey)],
    ['provincial', provincialPort],
  ]);
  const national = ports.get('national');
  const simulators: NationalFeedModule['simulators'] = {
    ...(national instanceof ExchangeSimulator ? { national } : {}),
    ...(provincialPort instanceof ProvincialNodeSimulator ? { provincial: provincialPort } : {}),
    // No commercial provider is contracted yet: its adapter plugs in behind ThirdPartyDataPort.
    thirdParty: new ThirdPartySimulator(),
  };
  const feed = new FeedService({ db, store: feedStore, enqueue, ports, clock, logger, keys: config.platformSm2, regionCode: settings.regionCode, connectedWithinDays: config.bankConnectedWithinDays, formatVersion: settings.formatVersion });
  const provincial = new ProvincialSyncService({
    db,
    port: provincialPort,
    store: provincialInboundStore,
    ingestion,
    records,
    sources,
    clock,
    logger,
    node: PROVINCIAL_NODE,
  });
  const thirdParty = new ThirdPartyService({
    db,
    port: simulators.thirdParty,
    store: thirdPartyStore,
    clock,
    markProfilesStale,
  });
  const upwardResults = upwardResultDeliverer(provincialPort, clock, logger);
  return { feed, provincial, thirdParty, upwardResults, monthlyCron: settings.cron, formatVersions: settings.formatVersion, simulators };
}
