import { ensureServerBuilt } from './server-build.js';

/** `npm run build:server`: the platform as plain JavaScript in dist/server (what `npm start` runs), when its sources changed. */
const built = await ensureServerBuilt();
console.log(built ? 'platform built into dist/server' : 'platform build is up to date (dist/server)');
