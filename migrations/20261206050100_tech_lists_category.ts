import type { Knex } from 'knex';

/**
 * The tech-firm lists (科技型中小企业 / 高新技术企业 / 专精特新中小企业) become one ingestion
 * category, `tech_lists`, with provenance, quarantine and repair like every other category; the
 * guarantees' own `guarantee_tech_listings` table goes.
 *
 * - Departments that deliver 科技研发 (`rnd`) may deliver the lists too; the admin changes that as
 *   for any category.
 * - Listings already imported move into `credit_records` as one completed batch. The old import
 *   kept only a free-text source, no department, so the batch is the platform operator's (admins
 *   imported for the departments) and the text is kept as the listing's 认定机关. Their profiles
 *   are marked stale so the 科技企业名单 indicator appears on the next rebuild.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    insert into data_source_categories (institution_id, category)
    select institution_id, 'tech_lists' from data_source_categories where category = 'rnd'
    on conflict do nothing`);

  const { count } = (await knex('guarantee_tech_listings').count<{ count: string }[]>('* as count'))[0]!;
  if (Number(count) > 0) {
    const operator = (await knex('institutions').where({ type: 'platform_operator' }).first('id')) as { id: string } | undefined;
    if (!operator) throw new Error('guarantee_tech_listings has rows but no platform operator institution exists to own the migrated batch');
    const [batch] = (await knex('ingestion_batches')
      .insert({
        institution_id: operator.id,
        category: 'tech_lists',
        format_version: 1,
        channel: 'api',
        file_format: 'jsonl',
        file_name: 'guarantee_tech_listings（迁移）',
        status: 'completed',
        rows_read: count,
        rows_accepted: count,
        rows_inserted: count,
        completed_at: knex.fn.now(),
      })
      .returning(['id', 'received_at'])) as { id: string; received_at: Date }[];
    await knex.raw(
      `insert into credit_records (category, record_key, uscc, format_version, payload, business_date, source_institution_id,
         batch_id, received_at, first_batch_id, first_received_at)
       select 'tech_lists', uscc || '|' || list, uscc, 1,
              jsonb_strip_nulls(jsonb_build_object('uscc', uscc, 'list', list, 'listedOn', to_char(listed_on, 'YYYY-MM-DD'),
                'expiresOn', to_char(expires_on, 'YYYY-MM-DD'), 'authority', source)),
              listed_on, ?, ?, ?, ?, ?
         from guarantee_tech_listings
       on conflict (category, record_key) do nothing`,
      [operator.id, batch!.id, batch!.received_at, batch!.id, batch!.received_at],
    );
    await knex.raw(`
      insert into credit_profiles (uscc, stale) select distinct uscc, true from guarantee_tech_listings
      on conflict (uscc) do update set stale = true, updated_at = now()`);
  }
  await knex.schema.dropTable('guarantee_tech_listings');
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.createTable('guarantee_tech_listings', (t) => {
    t.specificType('uscc', 'char(18)').notNullable();
    t.text('list').notNullable().checkIn(['tech_sme', 'high_tech', 'specialised']);
    t.date('listed_on').notNullable();
    t.date('expires_on').nullable();
    t.text('source').notNullable();
    t.primary(['uscc', 'list']);
  });
  await knex.raw(`
    insert into guarantee_tech_listings (uscc, list, listed_on, expires_on, source)
    select uscc, payload->>'list', (payload->>'listedOn')::date, (payload->>'expiresOn')::date, payload->>'authority'
      from credit_records where category = 'tech_lists' and status = 'active'`);
  await knex('data_source_categories').where({ category: 'tech_lists' }).delete();
}
