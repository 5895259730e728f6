import type { BankAdapterSource } from '../../bank-adapters/gateway.js';
import { BANK_ADAPTER_REGISTRY, checkBankAdapterSetting, createBankAdapter } from '../../bank-adapters/index.js';
import type { AdapterContext, BankAdapter } from '../../bank-adapters/port.js';
import type { Db } from '../db/database.js';
import type { Clock } from '../platform/clock.js';
import type { EgressGuard } from '../platform/egress/egress-guard.js';
import type { Logger } from '../platform/logger.js';
import type { Sm4FieldCipher } from '../platform/national-crypto.js';
import type { Sm2KeyPair } from '../platform/sm2.js';
import type { BankConnectionRow, BankConnectionStore } from './bank-connection-store.js';
import { adapterOptions } from './connection-settings.js';

/** How long an adapter is used before its row's version is read again (changes made by another instance). */
const RECHECK_MS = 2_000;
/** A bank's last successful exchange is written at most this often (every delivery or callback would be a write). */
const SUCCESS_WRITE_MS = 60_000;

export interface AdapterCacheDeps {
  db: Db;
  store: BankConnectionStore;
  cipher: Sm4FieldCipher;
  egress: EgressGuard;
  clock: Clock;
  logger: Logger;
  platformSm2: Sm2KeyPair;
  callbackPath(bankCode: string): string;
}

export type Built = { ok: true; adapter: BankAdapter } | { ok: false; reason: string };

/**
 * The gateway's source of adapters: each bank's adapter is built from its stored connection on
 * first use and kept with the row's version. A change on this instance drops the entry at once
 * (`invalidate`); a change made by another instance is seen within {@link RECHECK_MS}, when the
 * version is read again. A row whose options no longer pass (e.g. a stricter egress policy) gives
 * no adapter: the bank counts as not configured.
 */
export class BankAdapterCache implements BankAdapterSource {
  private readonly entries = new Map<string, { version: number; checkedAt: number; adapter: BankAdapter | undefined }>();
  private readonly successWritten = new Map<string, number>();

  constructor(private readonly deps: AdapterCacheDeps) {}

  /** A fresh adapter for a stored connection (decrypts its secrets, checks its options). */
  build(row: BankConnectionRow): Built {
    const { cipher, egress, clock, platformSm2, callbackPath } = this.deps;
    const definition = BANK_ADAPTER_REGISTRY[row.protocol];
    if (!definition) return { ok: false, reason: `unknown protocol ${row.protocol}` };
    const secrets = JSON.parse(cipher.decrypt(row.secretsEnc)) as Record<string, unknown>;
    const checked = checkBankAdapterSetting({ adapter: row.protocol, options: adapterOptions(definition, row.options, secrets, row.bankPublicKey) }, egress);
    if (!checked.ok) return { ok: false, reason: checked.problems.map((p) => `${p.path.join('.')}: ${p.message}`).join('; ') };
    const context: AdapterContext = { bankCode: row.bankCode, platformSm2, callbackPath: callbackPath(row.bankCode), clock, egress };
    return { ok: true, adapter: createBankAdapter(row.protocol, checked.options, context) };
  }

  async adapterFor(bankCode: string): Promise<BankAdapter | undefined> {
    const now = this.deps.clock.now().getTime();
    const entry = this.entries.get(bankCode);
    if (entry && now - entry.checkedAt < RECHECK_MS) return entry.adapter;
    const row = await this.deps.store.findByCode(this.deps.db, bankCode);
    if (!row) {
      this.entries.delete(bankCode);
      return undefined;
    }
    if (entry && entry.version === row.version) {
      entry.checkedAt = now;
      return entry.adapter;
    }
    const built = this.build(row);
    if (!built.ok) this.deps.logger.warn({ bankCode, reason: built.reason }, 'stored bank connection does not build an adapter');
    const adapter = built.ok ? built.adapter : undefined;
    this.entries.set(bankCode, { version: row.version, checkedAt: now, adapter });
    return adapter;
  }

  invalidate(bankCode: string): void {
    this.entries.delete(bankCode);
    // A success after the change must be written, or the bank would look unconnected for a minute.
    this.successWritten.delete(bankCode);
  }

  async configuredBankCodes(): Promise<string[]> {
    return (await this.deps.store.list(this.deps.db)).map((row) => row.bankCode);
  }

  exchanged(bankCode: string, at: Date): void {
    const last = this.successWritten.get(bankCode) ?? 0;
    if (at.getTime() - last < SUCCESS_WRITE_MS) return;
    this.successWritten.set(bankCode, at.getTime());
    this.deps.store.recordSuccess(this.deps.db, bankCode, at).catch((error: unknown) => {
      this.successWritten.delete(bankCode);
      this.deps.logger.warn({ err: error, bankCode }, 'recording a successful bank exchange failed');
    });
  }
}
