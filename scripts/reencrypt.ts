import { loadConfigOrExit } from '../src/start-failure.js';
import { migrateToLatest } from '../src/db/migrate.js';
import { reencryptFields } from '../src/platform/field-reencryption.js';
import { Sm4FieldCipher } from '../src/platform/national-crypto.js';
import { runDatabaseCommand } from './database-command.js';

/**
 * `npm run reencrypt`: after SM4_KEY/SM4_KEY_ID name a new key and SM4_PREVIOUS_KEYS lists the
 * old ones, rewrites every encrypted column under the new key. Run it with the same environment
 * as the platform; afterwards the old keys can be dropped from SM4_PREVIOUS_KEYS.
 */
const config = loadConfigOrExit();
await runDatabaseCommand(config, 'npm run reencrypt', async (database) => {
  // The same schema the platform would run on; a no-op when it is already up to date.
  await migrateToLatest(database.knex);
  const counts = await reencryptFields(database.knex, new Sm4FieldCipher(config.sm4));
  for (const [column, n] of Object.entries(counts)) console.log(`${column}: ${n} value(s) now under key ${config.sm4.currentId}`);
});
