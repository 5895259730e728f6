import type { Knex } from 'knex';

/**
 * 产品审核记录: every admin decision on a loan product (上架, 退回修改 with its reason, 下架), who
 * made it and when, kept for the product's life. Before, the product row held only the last
 * return, which a later return overwrote, and a publication or withdrawal said nothing of who
 * decided it. The last return is now read from here; the row's columns go, carried over first
 * (a publication carried over has no known admin).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create table loan_product_reviews (
      id bigserial primary key,
      product_id uuid not null references loan_products (id),
      decision text not null check (decision in ('published', 'returned', 'withdrawn')),
      reason text check ((decision = 'returned') = (reason is not null)),
      decided_by uuid references users (id),
      decided_at timestamptz not null
    )`);
  await knex.raw('create index loan_product_reviews_product on loan_product_reviews (product_id, decided_at, id)');
  await knex.raw(`
    insert into loan_product_reviews (product_id, decision, reason, decided_by, decided_at)
    select id, 'published', null, null, published_at from loan_products where published_at is not null
    union all
    select id, 'returned', return_reason, returned_by, returned_at from loan_products where return_reason is not null and returned_at is not null
    order by 5`);
  await knex.schema.alterTable('loan_products', (t) => {
    t.dropColumn('return_reason');
    t.dropColumn('returned_at');
    t.dropColumn('returned_by');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('loan_products', (t) => {
    t.text('return_reason').nullable();
    t.timestamp('returned_at', { useTz: true }).nullable();
    t.uuid('returned_by').nullable().references('users.id');
  });
  await knex.raw(`
    update loan_products p set return_reason = r.reason, returned_at = r.decided_at, returned_by = r.decided_by
    from (select distinct on (product_id) product_id, reason, decided_at, decided_by from loan_product_reviews
          where decision = 'returned' order by product_id, decided_at desc, id desc) r
    where r.product_id = p.id`);
  await knex.raw('drop table loan_product_reviews');
}
