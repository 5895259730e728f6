import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

const dir = mkdtempSync(join(tmpdir(), 'xyd-config-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('loadConfig', () => {
  it('applies defaults: port 3000, ./data, embedded PGlite', () => {
    const config = loadConfig({ DATA_DIR: join(dir, 'a') });
    expect(config.port).toBe(3000);
    expect(config.database).toEqual({ kind: 'pglite', dir: join(dir, 'a', 'pglite') });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.jwt)).toBe(true);
  });

  it('uses PostgreSQL when DATABASE_URL is set', () => {
    const config = loadConfig({ DATA_DIR: join(dir, 'b'), DATABASE_URL: 'postgres://u@localhost:5432/x', PORT: '8080' });
    expect(config.database).toMatchObject({ kind: 'postgres', url: 'postgres://u@localhost:5432/x' });
    expect(config.port).toBe(8080);
  });

  it('generates development secrets once and reuses them', () => {
    const first = loadConfig({ DATA_DIR: join(dir, 'c') });
    const second = loadConfig({ DATA_DIR: join(dir, 'c') });
    expect(second.jwt.secret).toBe(first.jwt.secret);
    expect(second.sm4.keys.get('k1')!.equals(first.sm4.keys.get('k1')!)).toBe(true);
    expect(second.platformSm2).toEqual(first.platformSm2);
    expect(JSON.parse(readFileSync(join(dir, 'c', 'secrets.json'), 'utf8'))).toHaveProperty('sm4Key');
  });

  it('fails with a readable message naming each bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', DATA_DIR: dir })).toThrow(ConfigError);
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', DATA_DIR: dir });
    } catch (error) {
      expect((error as Error).message).toMatch(/PORT/);
      expect((error as Error).message).toMatch(/DATABASE_URL/);
    }
  });

  it('refuses to invent secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: join(dir, 'd') })).toThrow(/JWT_SECRET, SM4_KEY/);
  });
});
