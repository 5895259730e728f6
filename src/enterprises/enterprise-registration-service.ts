import type { DbOrTrx } from '../db/database.js';
import type { TransactionRunner } from '../db/transaction.js';
import { notFound, unprocessable, validationError } from '../platform/errors.js';
import { maskMobile } from '../platform/masking.js';
import type { Sm4FieldCipher } from '../platform/national-crypto.js';
import type { HashPassword } from '../platform/password.js';
import type { SmsCodeService } from '../platform/sms/sms-code-service.js';
import type { EnterpriseRecord, EnterpriseView } from './enterprise.js';
import { alreadyRegistered, type EnterpriseStore } from './enterprise-store.js';
import { ACTIVE_STATUSES, ENTITY_STATUS_LABELS, type MarketEntity } from './market-entity.js';
import type { MarketEntityStore } from './market-entity-store.js';
import { validateUscc } from '../platform/uscc.js';

export interface RegistrationInput {
  uscc: string;
  name: string;
  legalRepresentative: string;
  contactName: string;
  contactMobile: string;
  password: string;
  /** The SMS code sent to `contactMobile` (手机验证码): proves the contact mobile is reachable. */
  mobileCode: string;
}

/** The login account created with an enterprise (username = USCC). */
export interface NewEnterpriseAccount {
  username: string;
  passwordHash: string;
  role: 'enterprise';
  displayName: string;
  institutionId: null;
  enterpriseId: string;
  enterprisePosition: 'legal_representative';
}

/** Where registration puts the account; auth's user store is the one wired (see services.ts). */
export interface AccountWriter {
  insert(tx: DbOrTrx, account: NewEnterpriseAccount): Promise<unknown>;
}

export interface RegistrationDeps {
  transaction: TransactionRunner;
  marketEntities: MarketEntityStore;
  enterprises: EnterpriseStore;
  users: AccountWriter;
  cipher: Sm4FieldCipher;
  codes: Pick<SmsCodeService, 'send' | 'check'>;
  /** Hashes a new password at the configured cost. */
  hashPassword: HashPassword;
}

/** Names in the register use full-width brackets; people type either kind and stray spaces. */
export function normalizeEntityName(name: string): string {
  return name.replace(/\s+/g, '').replace(/\(/g, '（').replace(/\)/g, '）');
}

/** A refusal after the code was checked: the field at fault, and the code, now spent. */
function fieldProblem(field: string, code: string, message: string) {
  const spent = '验证码已失效，请核对后重新获取';
  return unprocessable(code, `${message}；${spent}`, [
    { field, code, message },
    { field: 'mobileCode', code: 'SMS_CODE_SPENT', message: spent },
  ]);
}

const notInRegister = () => fieldProblem('uscc', 'ENTITY_NOT_IN_REGISTER', '市场主体登记信息中查无此统一社会信用代码，请核对或联系登记机关');

/** Where the input departs from the register's entry: the name, the legal representative, the status. */
function registerMismatch(entity: MarketEntity, input: RegistrationInput) {
  if (normalizeEntityName(entity.name) !== normalizeEntityName(input.name)) {
    return fieldProblem('name', 'ENTITY_NAME_MISMATCH', '企业名称与市场主体登记信息不一致');
  }
  if (entity.legalRepresentative !== input.legalRepresentative.trim()) {
    return fieldProblem('legalRepresentative', 'LEGAL_REPRESENTATIVE_MISMATCH', '法定代表人（经营者）与登记信息不一致');
  }
  if (!ACTIVE_STATUSES.has(entity.status)) {
    return fieldProblem('uscc', 'ENTITY_NOT_ACTIVE', `该市场主体登记状态为“${ENTITY_STATUS_LABELS[entity.status]}”，仅存续（在业）主体可注册`);
  }
  return undefined;
}

export class EnterpriseRegistrationService {
  constructor(private readonly deps: RegistrationDeps) {}

  /**
   * 注册校验: the USCC must be well-formed (check digit 18 is a hard error); the contact
   * mobile's SMS code must be valid; then the USCC must exist in the market-entity register
   * under the same name and legal representative, be active, and not already be registered.
   * Creates the enterprise and its legal representative's account in one transaction, which also
   * spends the code (a wrong code is counted, and a refusal after the code spends it, even
   * though the registration fails). `clientIp` is the request's address: only a code asked from
   * it verifies the mobile (`null`: the platform's own demo seed, whose codes were asked so).
   */
  async register(input: RegistrationInput, clientIp: string | null): Promise<EnterpriseView> {
    const checked = validateUscc(input.uscc);
    if (!checked.ok) {
      throw validationError(checked.error.code, checked.error.message, [
        { field: 'uscc', code: checked.error.code, message: checked.error.message },
      ]);
    }
    const uscc = checked.uscc;
    const { marketEntities, enterprises, users, cipher } = this.deps;

    const outcome = await this.deps.transaction(async (tx) => {
      // What the register says of the code (there, active, under this name and legal
      // representative) and whether it is already registered (its login name, and that it seeks
      // finance) is told only to someone holding a fresh code for their mobile, and every such
      // answer spends the code: without it anyone could test names against codes (0045).
      const codeProblem = await this.deps.codes.check(tx, 'mobile_verification', input.contactMobile, input.mobileCode, { clientIp, field: 'mobileCode' });
      if (codeProblem) return { refusal: codeProblem };
      const entity = await marketEntities.findByUscc(tx, uscc);
      if (!entity) return { refusal: notInRegister() };
      const mismatch = registerMismatch(entity, input);
      if (mismatch) return { refusal: mismatch };
      if (await enterprises.findByUscc(tx, uscc)) return { refusal: alreadyRegistered() };
      // Hashed only now, once the code held: a password hash costs the platform about 0.1 s of a
      // shared worker thread, which an anonymous request without a code must not be able to spend.
      const passwordHash = await this.deps.hashPassword(input.password);

      const enterprise = await enterprises.insert(tx, {
        uscc,
        name: entity.name,
        legalRepresentative: entity.legalRepresentative,
        contactName: input.contactName.trim(),
        contactMobileEnc: cipher.encrypt(input.contactMobile),
        usccWarnings: [...checked.warnings],
      });
      await users.insert(tx, {
        username: uscc,
        passwordHash,
        role: 'enterprise',
        displayName: entity.name,
        institutionId: null,
        enterpriseId: enterprise.id,
        enterprisePosition: 'legal_representative',
      });
      return { enterprise };
    });
    if ('refusal' in outcome) throw outcome.refusal;
    return this.view(outcome.enterprise);
  }

  /** 获取验证码 for the contact mobile on the registration page (rate-limited per mobile). */
  async sendMobileCode(mobile: string, clientIp: string | null): Promise<void> {
    await this.deps.codes.send('mobile_verification', mobile, { clientIp });
  }

  async get(tx: DbOrTrx, enterpriseId: string): Promise<EnterpriseView> {
    const enterprise = await this.deps.enterprises.findById(tx, enterpriseId);
    if (!enterprise) throw notFound('ENTERPRISE_NOT_FOUND', '企业不存在');
    return this.view(enterprise);
  }

  async usccOf(tx: DbOrTrx, enterpriseId: string): Promise<string> {
    return (await this.get(tx, enterpriseId)).uscc;
  }

  /** The contact mobile in clear, for the SMS that resets the account's password; never shown. */
  async contactMobile(tx: DbOrTrx, enterpriseId: string): Promise<string | undefined> {
    const record = (await this.deps.enterprises.findByIds(tx, [enterpriseId]))[0];
    return record && this.deps.cipher.decrypt(record.contactMobileEnc);
  }

  /** Who the enterprise is (USCC and name), as lending shows it to banks. */
  async summary(tx: DbOrTrx, enterpriseId: string): Promise<{ uscc: string; name: string }> {
    const { uscc, name } = await this.get(tx, enterpriseId);
    return { uscc, name };
  }

  /** The registered enterprise with this USCC, if any. */
  async summaryByUscc(tx: DbOrTrx, uscc: string): Promise<{ id: string; name: string } | undefined> {
    const e = await this.deps.enterprises.findByUscc(tx, uscc);
    return e ? { id: e.id, name: e.name } : undefined;
  }

  /** Summaries by enterprise id; an unknown id is left out. */
  async summaries(tx: DbOrTrx, enterpriseIds: readonly string[]): Promise<Map<string, { uscc: string; name: string }>> {
    return new Map((await this.deps.enterprises.findByIds(tx, enterpriseIds)).map((e) => [e.id, { uscc: e.uscc, name: e.name }]));
  }

  view(e: EnterpriseRecord): EnterpriseView {
    return {
      id: e.id,
      uscc: e.uscc,
      name: e.name,
      legalRepresentative: e.legalRepresentative,
      contactName: e.contactName,
      contactMobile: maskMobile(this.deps.cipher.decrypt(e.contactMobileEnc)),
      warnings: e.usccWarnings,
      registeredAt: e.registeredAt.toISOString(),
    };
  }
}
