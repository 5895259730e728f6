import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { migrationSource } from '../../migrations/index.js';

describe('migrationSource', () => {
  it('lists every migration file of migrations/, in timestamp order', async () => {
    const listed = await migrationSource.getMigrations([]);
    const files = readdirSync(join(import.meta.dirname, '../../migrations')).filter((name) => /^\d{14}_[a-z0-9_]+\.ts$/.test(name));
    expect(listed).toEqual([...listed].sort());
    expect(listed).toEqual(files.sort());
  });

  it('holds only transactional migrations: a stop or a kill mid-migration rolls it back with the migration lock', async () => {
    const outside: string[] = [];
    for (const name of await migrationSource.getMigrations([])) {
      const migration = (await migrationSource.getMigration(name)) as { config?: { transaction?: boolean } };
      if (migration.config?.transaction === false) outside.push(name);
    }
    expect(outside).toEqual([]);
  });
});
