import type { Knex } from 'knex';
import type { Sm4FieldCipher } from './national-crypto.js';

/** Every SM4-encrypted column: adding one means adding it here, or rotation would miss it. */
export const ENCRYPTED_COLUMNS: readonly { table: string; column: string }[] = [
  { table: 'enterprises', column: 'contact_mobile_enc' },
  { table: 'institutions', column: 'webhook_secret_enc' },
  { table: 'institutions', column: 'webhook_previous_secret_enc' },
  { table: 'users', column: 'mobile_enc' },
  { table: 'invitations', column: 'mobile_enc' },
  { table: 'application_case_files', column: 'snapshot_enc' },
  { table: 'bank_connections', column: 'secrets_enc' },
  { table: 'application_documents', column: 'content_enc' },
];

/**
 * Key rotation: rewrites every value not yet under the current key, in batches of short
 * transactions, so the platform can keep running. A row changed meanwhile is left for the next
 * run (the update matches the old ciphertext). Safe to run again; returns rows rewritten per column.
 */
export async function reencryptFields(knex: Knex, cipher: Sm4FieldCipher, batchSize = 500): Promise<Record<string, number>> {
  const done: Record<string, number> = {};
  const current = `sm4k:${cipher.currentKeyId}:%`;
  for (const { table, column } of ENCRYPTED_COLUMNS) {
    let count = 0;
    let after: string | undefined;
    for (;;) {
      const rows = (await knex(table)
        .whereNotNull(column)
        .andWhereNot(column, 'like', current)
        .modify((q) => (after === undefined ? q : q.andWhere('id', '>', after)))
        .orderBy('id')
        .limit(batchSize)
        .select('id', column)) as Record<string, string>[];
      if (!rows.length) break;
      await knex.transaction(async (trx) => {
        for (const row of rows) {
          const stored = row[column]!;
          if (!cipher.isStale(stored)) continue;
          count += await trx(table).where({ id: row.id, [column]: stored }).update({ [column]: cipher.encrypt(cipher.decrypt(stored)) });
        }
      });
      after = rows.at(-1)!.id!;
    }
    done[`${table}.${column}`] = count;
  }
  return done;
}
