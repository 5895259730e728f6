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
});
