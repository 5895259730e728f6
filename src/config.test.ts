import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CONFIG_KEYS, ConfigError, loadConfig } from './config.js';

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

  it('names DATA_DIR when its secrets cannot be written or read', () => {
    writeFileSync(join(dir, 'a-file'), '');
    expect(() => loadConfig({ DATA_DIR: join(dir, 'a-file') })).toThrow(ConfigError);
    expect(() => loadConfig({ DATA_DIR: join(dir, 'a-file') })).toThrow(/DATA_DIR .*secrets\.json cannot be read or written \(EEXIST\)/);
    mkdirSync(join(dir, 'damaged'));
    writeFileSync(join(dir, 'damaged', 'secrets.json'), '{"jwtSecret": "trunc');
    expect(() => loadConfig({ DATA_DIR: join(dir, 'damaged') })).toThrow(/→ at DATA_DIR/);
  });

  it('refuses to invent secrets in production', () => {
    expect(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: join(dir, 'd') })).toThrow(/JWT_SECRET, SM4_KEY/);
  });

  const productionSecrets = {
    NODE_ENV: 'production',
    JWT_SECRET: 'x'.repeat(40),
    SM4_KEY: '0123456789abcdeffedcba9876543210',
    PLATFORM_SM2_PRIVATE_KEY: 'a'.repeat(64),
    PLATFORM_SM2_PUBLIC_KEY: `04${'b'.repeat(128)}`,
    SMS_GATEWAY: 'https://sms.example.cn/send',
    NATIONAL_PLATFORM_EXCHANGE: 'https://exchange.example.cn',
    PROVINCIAL_NODE_EXCHANGE: 'file:/srv/exchange/provincial',
  };

  it('refuses in production the simulators that stand in for the feed\'s receivers and plain http to any counterpart, naming every such setting in one message', () => {
    const simulated = { ...productionSecrets, NATIONAL_PLATFORM_EXCHANGE: undefined, PROVINCIAL_NODE_EXCHANGE: 'simulator', SMS_GATEWAY: 'http://sms.example.cn/send', DATA_DIR: join(dir, 'h') };
    expect(() => loadConfig(simulated)).toThrow(ConfigError);
    const message = (() => {
      try {
        loadConfig(simulated);
      } catch (error) {
        return (error as Error).message;
      }
    })();
    expect(message).toMatch(/NATIONAL_PLATFORM_EXCHANGE must be file:<exchange directory> or the https:\/\/ service URL when NODE_ENV=production/);
    expect(message).toMatch(/PROVINCIAL_NODE_EXCHANGE must be file:/);
    expect(message).toMatch(/SMS_GATEWAY must be an https:\/\/ URL when NODE_ENV=production/);
    expect(() => loadConfig({ ...productionSecrets, NATIONAL_PLATFORM_EXCHANGE: 'http://exchange.example.cn', DATA_DIR: join(dir, 'h') })).toThrow(/NATIONAL_PLATFORM_EXCHANGE must be an https:\/\/ URL/);
    expect(loadConfig({ ...productionSecrets, DATA_DIR: join(dir, 'h') }).nationalFeed).toMatchObject({ nationalExchange: 'https://exchange.example.cn', provincialExchange: 'file:/srv/exchange/provincial' });
    // Outside production the simulators stay the default.
    expect(loadConfig({ DATA_DIR: join(dir, 'h') }).nationalFeed).toMatchObject({ nationalExchange: 'simulator', provincialExchange: 'simulator' });
  });

  it('names every variable set but empty, instead of reading it as 0 (PORT= listened on a random port, a retention of 0 kept every month)', () => {
    const message = (() => {
      try {
        loadConfig({ PORT: '', RETENTION_ACCESS_LOG_MONTHS: ' ', JWT_SECRET: '', LOG_LEVEL: 'loud', DATA_DIR: join(dir, 'i') });
      } catch (error) {
        expect(error).toBeInstanceOf(ConfigError);
        return (error as Error).message;
      }
    })();
    for (const key of ['PORT', 'RETENTION_ACCESS_LOG_MONTHS', 'JWT_SECRET']) {
      expect(message).toContain(`✖ ${key} is set but empty: give it a value, or unset it for its default\n  → at ${key}`);
    }
    expect(message).toMatch(/→ at LOG_LEVEL/);
    expect(message?.match(/→ at JWT_SECRET/g)).toHaveLength(1);
    // An empty list is a list: no previous keys, no internal networks.
    const lists = loadConfig({ SM4_PREVIOUS_KEYS: '', EGRESS_ALLOWED_NETWORKS: '', DATA_DIR: join(dir, 'i') });
    expect(lists.egress.allowedNetworks).toEqual([]);
    expect([...lists.sm4.keys.keys()]).toEqual(['k1']);
  });

  it('keeps the demo city off in production and refuses DEMO_SEED=true there', () => {
    expect(loadConfig({ ...productionSecrets, DATA_DIR: join(dir, 'e') }).demo.seed).toBe(false);
    expect(loadConfig({ DATA_DIR: join(dir, 'e') }).demo.seed).toBe(true);
    expect(() => loadConfig({ ...productionSecrets, DEMO_SEED: 'true', DATA_DIR: join(dir, 'e') })).toThrow(/DEMO_SEED=true is refused/);
  });

  it('hashes passwords at scrypt N = 2^15 unless told otherwise, and refuses less in production', () => {
    expect(loadConfig({ DATA_DIR: join(dir, 'g') }).passwordScryptLog2N).toBe(15);
    expect(loadConfig({ DATA_DIR: join(dir, 'g'), PASSWORD_SCRYPT_LOG2N: '10' }).passwordScryptLog2N).toBe(10);
    expect(loadConfig({ ...productionSecrets, DATA_DIR: join(dir, 'g'), PASSWORD_SCRYPT_LOG2N: '16' }).passwordScryptLog2N).toBe(16);
    expect(() => loadConfig({ ...productionSecrets, DATA_DIR: join(dir, 'g'), PASSWORD_SCRYPT_LOG2N: '14' })).toThrow(/PASSWORD_SCRYPT_LOG2N below 15 is refused/);
    expect(() => loadConfig({ DATA_DIR: join(dir, 'g'), PASSWORD_SCRYPT_LOG2N: '9' })).toThrow(/PASSWORD_SCRYPT_LOG2N/);
  });

  it('needs a real SMS provider in production and uses the simulator elsewhere', () => {
    expect(() => loadConfig({ ...productionSecrets, SMS_GATEWAY: 'simulator', DATA_DIR: join(dir, 'f') })).toThrow(/SMS_GATEWAY/);
    expect(loadConfig({ ...productionSecrets, DATA_DIR: join(dir, 'f') }).sms.gateway).toEqual({ url: 'https://sms.example.cn/send', token: undefined });
    expect(loadConfig({ DATA_DIR: join(dir, 'f') }).sms.gateway).toBe('simulator');
  });

  it('is documented key by key in the operations guide', () => {
    const guide = readFileSync(new URL('../docs/operations.md', import.meta.url), 'utf8');
    expect(CONFIG_KEYS.length).toBeGreaterThan(50);
    expect(CONFIG_KEYS.filter((key) => !guide.includes(`\`${key}\``))).toEqual([]);
  });
});
