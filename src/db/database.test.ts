import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './database.js';

let database: Database;
beforeAll(async () => {
  database = await openDatabase({ kind: 'pglite', dir: 'memory://' });
  await database.knex.raw('create table t (id integer primary key)');
});
afterAll(() => database.close());

describe('the embedded database (PGlite) through knex', () => {
  it('answers update and delete with the number of rows touched, as on PostgreSQL', async () => {
    const { knex } = database;
    await knex('t').insert([{ id: 1 }, { id: 2 }, { id: 3 }]);
    expect(await knex('t').where('id', '>', 1).update({ id: knex.raw('id + 10') })).toBe(2);
    expect(await knex('t').where({ id: 12 }).delete()).toBe(1);
    expect(await knex.transaction((tx) => tx('t').where({ id: 99 }).del())).toBe(0);
    expect(await knex('t').delete().returning('id')).toEqual([{ id: 1 }, { id: 13 }]);
  });
});
