import { ensureWebBuilt } from './web-build.js';

/** `npm run build:web [-- --force]`: build the portal into web/dist when its sources changed. */
const force = process.argv.includes('--force');
const built = await ensureWebBuilt({ force });
console.log(built ? 'web portal built into web/dist' : 'web portal is up to date (web/dist)');
