import type { Knex } from 'knex';

/**
 * Issue #11.
 * - `ingestion_batches.heartbeat_at`: the process loading a batch touches it while it works, so a
 *   batch whose process died (its heartbeat stops) can be failed with a reason by any instance,
 *   while one another instance is still loading is left alone.
 * - `data_source_categories`: the categories each data-source department may deliver (the admin
 *   maintains them). Departments keep the categories they have delivered so far; anything else
 *   is refused until granted. The market-entity register has one source (the market-supervision
 *   department), held by a partial unique index: of departments that delivered it before, the
 *   one with the most completed register batches keeps it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('alter table ingestion_batches add column heartbeat_at timestamptz not null default now()');
  await knex.raw(`
    create table data_source_categories (
      institution_id uuid not null references institutions (id),
      category text not null,
      granted_at timestamptz not null default now(),
      primary key (institution_id, category)
    )`);
  await knex.raw(`create unique index data_source_categories_one_register on data_source_categories (category) where category = 'register'`);
  await knex.raw(`
    insert into data_source_categories (institution_id, category)
    select distinct b.institution_id, b.category
      from ingestion_batches b join institutions i on i.id = b.institution_id
     where i.type = 'data_source' and b.status = 'completed' and b.category <> 'register'`);
  await knex.raw(`
    insert into data_source_categories (institution_id, category)
    select b.institution_id, 'register'
      from ingestion_batches b join institutions i on i.id = b.institution_id
     where i.type = 'data_source' and b.status = 'completed' and b.category = 'register'
     group by b.institution_id
     order by count(*) desc
     limit 1`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop table data_source_categories');
  await knex.raw('alter table ingestion_batches drop column heartbeat_at');
}
