import { openDatabase } from '../src/db/database.js';
import { feedStore } from '../src/national-feed/feed-store.js';
import { FeedService } from '../src/national-feed/feed-service.js';
import { systemClock } from '../src/platform/clock.js';
import { createLogger } from '../src/platform/logger.js';
import { generateSm2KeyPair } from '../src/platform/sm2.js';

/**
 * One national-feed build in its own process (so its peak RSS is the build's alone):
 * `tsx bench/_feed-build.ts <database url> <month>`; prints one JSON line.
 */
const [url, month] = process.argv.slice(2) as [string, string];
const db = await openDatabase({ kind: 'postgres', url, poolMax: 2 });
const feed = new FeedService({
  db: db.knex,
  store: feedStore,
  enqueue: async () => {},
  ports: new Map(),
  clock: systemClock,
  logger: createLogger('warn'),
  keys: generateSm2KeyPair(),
  regionCode: '420200',
  connectedWithinDays: 30,
  formatVersion: { national: 'v1', provincial: 'v1' },
});
const start = performance.now();
const cpuStart = process.cpuUsage();
const built = await feed.build({ target: 'national', month, trigger: 'manual', requestedBy: null });
const seconds = (performance.now() - start) / 1000;
const cpu = process.cpuUsage(cpuStart);
const { files } = await feed.get(built.id);
await db.close();
console.log(
  JSON.stringify({
    seconds,
    cpu_seconds: (cpu.user + cpu.system) / 1e6,
    status: built.status,
    invalidRows: built.invalidRows,
    counts: built.counts,
    bytes: files.reduce((sum, f) => sum + f.bytes, 0),
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
