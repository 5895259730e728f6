import { randomBytes } from 'node:crypto';
import { BankAdapterError } from '../../bank-adapters/port.js';
import { BANK_ADAPTER_REGISTRY, BankAdapterConfigError, checkBankAdapterSetting, type BankAdapterSetting } from '../../bank-adapters/index.js';
import type { Db, DbOrTrx } from '../db/database.js';
import type { Clock } from '../platform/clock.js';
import type { EgressGuard } from '../platform/egress/egress-guard.js';
import { conflict, forbidden, notFound, validationError, type FieldError } from '../platform/errors.js';
import type { Logger } from '../platform/logger.js';
import type { Sm4FieldCipher } from '../platform/national-crypto.js';
import { isInstitutionAdmin, type Principal } from '../platform/roles.js';
import { isSm2PublicKey } from '../platform/sm2.js';
import type { BankAdapterCache } from './bank-adapter-cache.js';
import type { BankConnectionRow, BankConnectionStore } from './bank-connection-store.js';
import { adapterOptions, fieldErrors, maskSecret, resolveSecrets, type Definition } from './connection-settings.js';

export interface BankRecord {
  id: string;
  code: string;
  name: string;
}

/** The banks on the platform (institutions, wired in services.ts). */
export interface BankLookup {
  findBank(tx: DbOrTrx, id: string): Promise<BankRecord | undefined>;
  findBankByCode(tx: DbOrTrx, code: string): Promise<BankRecord | undefined>;
  listBanks(): Promise<BankRecord[]>;
}

export interface ConnectionInput {
  protocol: string;
  options: Record<string, unknown>;
  /** Secrets entered now; a secret left out is kept (same protocol) or generated when the platform can. */
  secrets?: Record<string, unknown>;
  /** Generated secrets to replace with new ones. */
  regenerate?: string[];
  bankPublicKey?: string | null;
}

export interface ConnectionView {
  institutionId: string;
  bankCode: string;
  bankName: string;
  configured: boolean;
  protocol: string | null;
  options: Record<string, unknown>;
  /** Masked: a secret is shown in clear only in the answer that set it. */
  maskedSecrets: Record<string, string>;
  bankPublicKey: string | null;
  callbackPath: string;
  updatedAt: Date | null;
  lastTest: { at: Date; ok: boolean; message: string; durationMs: number } | null;
  lastSuccessAt: Date | null;
  connected: boolean;
}

export interface TestResult {
  ok: boolean;
  message: string;
  detail: string;
  durationMs: number;
  testedAt: Date;
}

export interface BankConnectionDeps {
  db: Db;
  store: BankConnectionStore;
  cache: BankAdapterCache;
  cipher: Sm4FieldCipher;
  egress: EgressGuard;
  clock: Clock;
  logger: Logger;
  banks: BankLookup;
  callbackPath(bankCode: string): string;
  /** "已对接" needs a successful exchange within this many days (BANK_CONNECTED_WITHIN_DAYS). */
  connectedWithinDays: number;
}

const DAY_MS = 86_400_000;

/** Why a connection test failed, in words for the page; the technical detail goes with it. */
function testFailure(error: unknown): string {
  if (!(error instanceof BankAdapterError)) return '连接测试失败：平台内部错误';
  if (/egress/.test(error.message)) return '连接失败：该地址不被平台的出站访问策略允许';
  if (error.bankStatus) return `连接失败：银行接口返回错误（状态 ${error.bankStatus}）`;
  if (error.retryable) return '连接失败：无法连接银行接口，或银行未在时限内应答';
  return '连接失败：银行应答未通过签名校验或未回显测试报文';
}

/**
 * Bank connections as data (银行对接配置): each bank's protocol, endpoint, options, secrets
 * (SM4-encrypted, shown once) and SM2 public key, kept by the bank's institution admin or the
 * platform admin; the connection test (测试连接); and "已对接", computed from a configuration and
 * a successful exchange since it last changed, within the window.
 */
export class BankConnectionService {
  constructor(private readonly deps: BankConnectionDeps) {}

  /** The platform admin, or the institution admin of this very bank; then the bank itself. */
  private async bankFor(principal: Principal, institutionId: string): Promise<BankRecord> {
    const own = isInstitutionAdmin(principal) && principal.role === 'bank_officer' && principal.institutionId === institutionId;
    const admin = principal.role === 'admin' && principal.clientId === undefined;
    if (!own && !admin) throw forbidden('ROLE_FORBIDDEN', '仅该银行的机构管理员或平台管理员可管理银行对接配置');
    const bank = await this.deps.banks.findBank(this.deps.db, institutionId);
    if (!bank) throw notFound('BANK_NOT_FOUND', '没有该银行');
    return bank;
  }

  /** Checked before anything else, so a caller who may not manage connections learns nothing from validation. */
  mayAdminister(principal: Principal): void {
    const bankAdmin = isInstitutionAdmin(principal) && principal.role === 'bank_officer';
    if (!bankAdmin && !(principal.role === 'admin' && principal.clientId === undefined)) {
      throw forbidden('ROLE_FORBIDDEN', '仅银行的机构管理员或平台管理员可管理银行对接配置');
    }
  }

  private view(bank: BankRecord, row: BankConnectionRow | undefined, connected: boolean): ConnectionView {
    const secrets = row ? (JSON.parse(this.deps.cipher.decrypt(row.secretsEnc)) as Record<string, unknown>) : {};
    return {
      institutionId: bank.id,
      bankCode: bank.code,
      bankName: bank.name,
      configured: row !== undefined,
      protocol: row?.protocol ?? null,
      options: row?.options ?? {},
      maskedSecrets: Object.fromEntries(Object.entries(secrets).map(([k, v]) => [k, maskSecret(v)])),
      bankPublicKey: row?.bankPublicKey ?? null,
      callbackPath: this.deps.callbackPath(bank.code),
      updatedAt: row?.updatedAt ?? null,
      lastTest: row?.lastTest ?? null,
      lastSuccessAt: row?.lastSuccessAt ?? null,
      connected,
    };
  }

  /** Ids of the banks 已对接 now. */
  async connectedBankIds(tx: DbOrTrx): Promise<ReadonlySet<string>> {
    const since = new Date(this.deps.clock.now().getTime() - this.deps.connectedWithinDays * DAY_MS);
    return new Set(await this.deps.store.connectedInstitutionIds(tx, since));
  }

  /** True when the bank has a stored connection (read in the caller's transaction). */
  async isConfigured(tx: DbOrTrx, bankCode: string): Promise<boolean> {
    return (await this.deps.store.findByCode(tx, bankCode)) !== undefined;
  }

  async get(principal: Principal, institutionId: string): Promise<ConnectionView> {
    const bank = await this.bankFor(principal, institutionId);
    const [row, connected] = await Promise.all([this.deps.store.findByInstitution(this.deps.db, bank.id), this.connectedBankIds(this.deps.db)]);
    return this.view(bank, row, connected.has(bank.id));
  }

  /** The platform admin sees every bank; a bank's institution admin sees its own. */
  async list(principal: Principal): Promise<ConnectionView[]> {
    this.mayAdminister(principal);
    const banks = (await this.deps.banks.listBanks()).filter((b) => principal.role === 'admin' || b.id === principal.institutionId);
    const [rows, connected] = await Promise.all([this.deps.store.list(this.deps.db), this.connectedBankIds(this.deps.db)]);
    return banks.map((bank) => this.view(bank, rows.find((r) => r.institutionId === bank.id), connected.has(bank.id)));
  }

  /**
   * Saves the bank's connection after checking it against the adapter's own options schema, the
   * egress policy and the SM2 key; applies from the next call to the bank (no restart). Returns
   * the connection and the secrets set by this call, in clear, this once.
   */
  async configure(principal: Principal, institutionId: string, input: ConnectionInput): Promise<{ connection: ConnectionView; secrets: Record<string, unknown> }> {
    const { db, store, cipher, egress, clock, cache } = this.deps;
    const bank = await this.bankFor(principal, institutionId);
    const definition = BANK_ADAPTER_REGISTRY[input.protocol] as Definition | undefined;
    if (!definition) {
      throw validationError('PROTOCOL_UNKNOWN', '不支持的对接协议', [{ field: 'protocol', code: 'INVALID_VALUE', message: `可选协议：${Object.keys(BANK_ADAPTER_REGISTRY).join('、')}` }]);
    }
    // Every field at fault is named at once: the admin corrects the form in one pass.
    const misplaced = Object.keys(input.options).filter((k) => definition.secretOptions.includes(k) || k === definition.bankPublicKeyOption);
    const errors: FieldError[] = misplaced.map((k) => ({ field: `options.${k}`, code: 'MISPLACED', message: '该参数属于密钥，请在 secrets 或 bankPublicKey 中填写' }));
    const unknownSecrets = Object.keys(input.secrets ?? {}).filter((k) => !definition.secretOptions.includes(k));
    errors.push(...unknownSecrets.map((k) => ({ field: `secrets.${k}`, code: 'UNKNOWN_SECRET', message: `该协议没有这个密钥；可填写的密钥：${definition.secretOptions.join('、')}` })));
    const bankPublicKey = input.bankPublicKey ?? null;
    const keyValid = bankPublicKey === null || isSm2PublicKey(bankPublicKey);
    if (!keyValid) {
      errors.push({ field: 'bankPublicKey', code: 'INVALID_SM2_PUBLIC_KEY', message: '银行 SM2 公钥无效：应为 SM2 曲线上的未压缩公钥（04 开头，130 位十六进制）' });
    }
    // The secrets kept are read and the new ones written under the bank's lock: two saves at once
    // (two tabs, a double click on 重新生成) each answered a secret, and the second kept the first
    // one's predecessor beside its own, so the secret the first answer showed was never accepted.
    const revealed = await db.transaction(async (tx) => {
      await store.lock(tx, bank.id);
      const previous = await store.findByInstitution(tx, bank.id);
      const kept = previous?.protocol === input.protocol ? (JSON.parse(cipher.decrypt(previous.secretsEnc)) as Record<string, unknown>) : {};
      const resolved = resolveSecrets(definition, input.secrets ?? {}, kept, input.regenerate ?? []);
      // A misplaced secret still stands in for its option here, so it is named once, where it was put.
      const checked = checkBankAdapterSetting({ adapter: input.protocol, options: adapterOptions(definition, input.options, resolved.secrets, keyValid ? bankPublicKey : null) }, egress);
      if (!checked.ok) {
        const unnamed = checked.problems.filter((p) => !misplaced.includes(String(p.path[0])));
        errors.push(...fieldErrors(definition, unnamed).filter((e) => !errors.some((found) => found.field === e.field)));
      }
      if (errors.length) throw validationError('CONNECTION_INVALID', '对接配置有误：' + errors.map((e) => `${e.field}：${e.message}`).join('；'), errors);
      await store.save(tx, {
        institutionId: bank.id,
        protocol: input.protocol,
        options: input.options,
        secretsEnc: cipher.encrypt(JSON.stringify(resolved.secrets)),
        bankPublicKey: definition.bankPublicKeyOption ? bankPublicKey : null,
        updatedAt: clock.now(),
        updatedBy: principal.userId,
      });
      return resolved.revealed;
    });
    cache.invalidate(bank.code);
    return { connection: await this.get(principal, institutionId), secrets: revealed };
  }

  /** 测试连接: a signed ping round trip with the stored configuration; the result and its time are recorded. */
  async test(principal: Principal, institutionId: string): Promise<TestResult> {
    return this.runTest(await this.bankFor(principal, institutionId));
  }

  /** The same test run by the platform itself (the demo, at boot); undefined for an unknown bank. */
  async testBank(bankCode: string): Promise<TestResult | undefined> {
    const bank = await this.deps.banks.findBankByCode(this.deps.db, bankCode);
    return bank && this.runTest(bank);
  }

  private async runTest(bank: BankRecord): Promise<TestResult> {
    const { db, store, clock, logger } = this.deps;
    const row = await store.findByInstitution(db, bank.id);
    if (!row) throw conflict('CONNECTION_NOT_CONFIGURED', '该银行尚未配置对接参数');
    const testedAt = clock.now();
    const started = performance.now();
    const outcome = await this.ping(bank.code, row);
    const durationMs = Math.round(performance.now() - started);
    if (!outcome.ok) logger.warn({ bankCode: bank.code, detail: outcome.detail }, 'bank connection test failed');
    const { ok, message, detail } = outcome;
    await store.recordTest(db, bank.id, { at: testedAt, ok, message, durationMs });
    return { ok, message, detail, durationMs, testedAt };
  }

  private async ping(bankCode: string, row: BankConnectionRow): Promise<{ ok: boolean; message: string; detail: string }> {
    const built = this.deps.cache.build(row);
    if (!built.ok) return { ok: false, message: '连接失败：已保存的对接配置不再有效，请检查后重新保存', detail: built.reason };
    const nonce = randomBytes(16).toString('hex');
    try {
      await built.adapter.ping({ idempotencyKey: `ping:${nonce}`, nonce });
      return { ok: true, message: '连接正常：银行已应答签名的测试报文', detail: `nonce ${nonce} echoed by ${bankCode}` };
    } catch (error) {
      return { ok: false, message: testFailure(error), detail: error instanceof Error ? error.message : String(error) };
    }
  }

  /**
   * `BANK_ADAPTERS` at boot: each entry becomes the bank's stored connection. With `replace`
   * false a bank that already has one keeps it (the table wins); the demo's simulated banks are
   * written with `replace`, since the simulator makes new credentials on every start.
   */
  async importSettings(settings: readonly BankAdapterSetting[], replace: boolean): Promise<void> {
    const { db, store, cipher, egress, clock, cache } = this.deps;
    const problems: string[] = [];
    for (const setting of settings) {
      const bank = await this.deps.banks.findBankByCode(db, setting.bankCode);
      const definition = BANK_ADAPTER_REGISTRY[setting.adapter] as Definition | undefined;
      const checked = checkBankAdapterSetting(setting, egress);
      if (!bank || !definition || !checked.ok) {
        problems.push(`${setting.bankCode} (${setting.adapter}): ${!bank ? 'no such bank' : checked.ok ? 'unknown adapter' : checked.problems.map((p) => `options.${p.path.join('.')} ${p.message}`).join('; ')}`);
        continue;
      }
      const pick = (keep: (k: string) => boolean) => Object.fromEntries(Object.entries(setting.options).filter(([k]) => keep(k)));
      const publicKey = definition.bankPublicKeyOption ? setting.options[definition.bankPublicKeyOption] : undefined;
      await store.save(
        db,
        {
          institutionId: bank.id,
          protocol: setting.adapter,
          options: pick((k) => !definition.secretOptions.includes(k) && k !== definition.bankPublicKeyOption),
          secretsEnc: cipher.encrypt(JSON.stringify(pick((k) => definition.secretOptions.includes(k)))),
          bankPublicKey: typeof publicKey === 'string' ? publicKey : null,
          updatedAt: clock.now(),
          updatedBy: 'BANK_ADAPTERS',
        },
        !replace,
      );
      cache.invalidate(bank.code);
    }
    if (problems.length) throw new BankAdapterConfigError(`Invalid bank adapter configuration:\n${problems.join('\n')}`);
  }
}
