import Router from '@koa/router';
import Koa from 'koa';
import pg from 'pg';
import { loadConfig } from '../src/config.js';
import { startPlatform } from '../src/server.js';

/**
 * Child process of bench/profile-pull.ts: the real platform (gated route) and a bare koa + pg
 * single-row route, in one process, on one PostgreSQL database, each with a pool of the same size.
 * It reports ready once the background profile drain after the demo seed has finished.
 */
const config = loadConfig();
if (config.database.kind !== 'postgres') throw new Error('the benchmark needs DATABASE_URL');
const platform = await startPlatform(config);
// The demo city's credit records leave about a thousand profiles to build in the background; a
// running platform has long finished that, so the benchmark starts once the drain is done.
const drainStarted = Date.now();
await platform.services.profiles.settled();
const drainMs = Date.now() - drainStarted;

const pool = new pg.Pool({ connectionString: config.database.url, max: config.database.poolMax });
const bare = new Koa();
const router = new Router();
router.get('/bare/:uscc', async (ctx) => {
  const { rows } = await pool.query('select * from market_entities where uscc = $1', [ctx.params.uscc]);
  if (!rows[0]) {
    ctx.status = 404;
    return;
  }
  ctx.body = rows[0];
});
bare.use(router.routes());
const server = bare.listen(0, '127.0.0.1');
await new Promise((resolve) => server.once('listening', resolve));
const address = server.address();
const barePort = typeof address === 'object' && address ? address.port : 0;

process.send?.({ platformUrl: platform.url, bareUrl: `http://127.0.0.1:${barePort}`, drainMs });
// 'drain': the parent marked profiles stale; rebuild them as the pipeline's drain does and say how long it took.
process.on('message', (message) => {
  if (message !== 'drain') return;
  const started = Date.now();
  platform.services.profiles.rebuildDueInBackground();
  void platform.services.profiles.settled().then(() => process.send?.({ drained: Date.now() - started }));
});
process.once('disconnect', () => {
  server.close();
  server.closeAllConnections();
  void Promise.all([platform.stop(), pool.end()]).then(() => process.exit(0));
});
