import type { Knex } from 'knex';

/**
 * The assignment's branch (经办支行) becomes a branch institution of the application's bank instead
 * of free text (decision 0037). A text value becomes the id only where it is exactly the name of
 * one institution in that bank's tree; any other value cannot be mapped reliably and is cleared
 * (the officer stays assigned, the admin picks the branch again).
 */
const TABLES = ['application_assignments', 'application_assignment_history'] as const;

export async function up(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.schema.alterTable(table, (t) => {
      t.uuid('branch_id').nullable().references('institutions.id');
    });
    await knex.raw(
      `update ${table} a set branch_id = m.id
       from (
         with recursive tree (root, id, name) as (
           select i.id, i.id, i.name from institutions i where i.type = 'bank'
           union all
           select t.root, c.id, c.name from institutions c join tree t on c.parent_id = t.id where c.type = 'bank'
         )
         select x.application_id, x.branch, min(tree.id::text)::uuid as id
         from ${table} x
         join loan_applications la on la.id = x.application_id
         join tree on tree.root = la.bank_id and tree.name = btrim(x.branch)
         group by x.application_id, x.branch
         having count(distinct tree.id) = 1
       ) m
       where m.application_id = a.application_id and m.branch = a.branch`,
    );
    await knex.schema.alterTable(table, (t) => {
      t.dropColumn('branch');
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const table of TABLES) {
    await knex.schema.alterTable(table, (t) => {
      t.text('branch').nullable();
    });
    await knex.raw(`update ${table} a set branch = i.name from institutions i where i.id = a.branch_id`);
    await knex.schema.alterTable(table, (t) => {
      t.dropColumn('branch_id');
    });
  }
}
