import type { Knex } from 'knex';

/**
 * The consent gate limits how many refused reads one institution makes in a window (decision
 * 0045): before keeping a refusal it looks up the institution's newest refusals, newest first.
 * Created on the partitioned table, so every partition has it, and the maintenance job's new
 * partitions get it too.
 */
const INDEX = 'consent_refused_reads_institution_id_attempted_at_index';

export async function up(knex: Knex): Promise<void> {
  await knex.raw(`create index ${INDEX} on consent_refused_reads (institution_id, attempted_at)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop index ${INDEX}`);
}
