import type { Config } from '../config.js';
import type { Db, DbOrTrx } from '../db/database.js';
import type { Clock } from '../platform/clock.js';
import type { Logger } from '../platform/logger.js';
import type { NewOutboxMessage } from '../platform/outbox/outbox-message.js';
import type { ExchangePort } from './exchange/exchange-port.js';
import { ExchangeSimulator } from './exchange/exchange-simulator.js';
import { FileExchangeAdapter } from './exchange/file-exchange-adapter.js';
import { HttpsExchangeAdapter } from './exchange/https-exchange-adapter.js';
import { feedStore } from './feed-store.js';
import { FeedService } from './feed-service.js';
import type { FeedTarget } from './feed-submission.js';

const HTTPS_TIMEOUT_MS = 60_000;

export interface NationalFeedModule {
  feed: FeedService;
  /** node-cron expression (Asia/Shanghai) of the monthly build; default the 5th at 02:00. */
  monthlyCron: string;
  formatVersions: Readonly<Record<FeedTarget, string>>;
  /** The in-process simulators, for the targets configured as `simulator` (development, tests). */
  simulators: Partial<Record<FeedTarget, ExchangeSimulator>>;
}

export interface NationalFeedContext {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  enqueue(tx: DbOrTrx, message: NewOutboxMessage): Promise<void>;
}

/** `simulator`, `file:<exchange directory>` or an HTTPS service URL (validated by config). */
function exchangeFor(setting: string, senderPublicKey: string): ExchangePort {
  if (setting === 'simulator') return new ExchangeSimulator(senderPublicKey);
  if (setting.startsWith('file:')) return new FileExchangeAdapter(setting.slice('file:'.length));
  return new HttpsExchangeAdapter(setting, HTTPS_TIMEOUT_MS);
}

/** Assembles the feature: one exchange port per target, the feed service over them. */
export function createNationalFeed({ config, db, clock, logger, enqueue }: NationalFeedContext): NationalFeedModule {
  const settings = config.nationalFeed;
  const ports = new Map<FeedTarget, ExchangePort>([
    ['national', exchangeFor(settings.nationalExchange, config.platformSm2.publicKey)],
    ['provincial', exchangeFor(settings.provincialExchange, config.platformSm2.publicKey)],
  ]);
  const simulators: NationalFeedModule['simulators'] = {};
  for (const [target, port] of ports) if (port instanceof ExchangeSimulator) simulators[target] = port;
  const feed = new FeedService({ db, store: feedStore, enqueue, ports, clock, logger, keys: config.platformSm2, regionCode: settings.regionCode, formatVersion: settings.formatVersion });
  return { feed, monthlyCron: settings.cron, formatVersions: settings.formatVersion, simulators };
}
