import { randomInt, timingSafeEqual } from 'node:crypto';
import type { Db, DbOrTrx } from '../../db/database.js';
import type { Clock } from '../clock.js';
import { rateLimited, unprocessable, type DomainError } from '../errors.js';
import { sm3Hex } from '../national-crypto.js';
import type { SmsCodeStore } from './sms-code-store.js';
import type { SmsGateway } from './sms-gateway.js';

export interface SmsCodeLimits {
  ttlSeconds: number;
  /** Wrong codes accepted against one code before it is dead. */
  maxAttempts: number;
  /**
   * Codes of one mobile (per purpose) asked from one client address within an hour, and the least
   * gap between two from that address.
   */
  maxPerHour: number;
  /** Codes of one mobile within an hour, from every address and for every purpose together. */
  maxPerMobilePerHour: number;
  /** Codes asked from one client address within an hour, whatever the mobile and purpose. */
  maxPerIpPerHour: number;
  minIntervalSeconds: number;
}

/** What a code is for; a code sent for one purpose never passes for another. */
export type SmsCodePurpose = 'password_reset' | 'mobile_verification';

const PURPOSE_TEXT: Record<SmsCodePurpose, string> = {
  password_reset: '重置密码',
  mobile_verification: '验证手机号',
};

/**
 * Who presents a code: the client address of the request (`null`: the platform's own demo seed,
 * which asked with `null` too), and the request's field that carries the code.
 */
export interface CodeAsker {
  clientIp: string | null;
  field?: string;
}

const codeField = (field: string, code: string, message: string) => unprocessable(code, message, [{ field, code, message }]);

/**
 * SMS verification codes (短信验证码): six digits, stored only as an SM3 digest, expiring, with a
 * limited number of wrong tries, and rate-limited per mobile so the platform cannot be used to
 * flood a phone, and per client address so one client cannot send texts to mobile after mobile.
 *
 * What a stranger does to someone else's mobile is charged to the stranger's address: a code
 * answers only the address that asked for it (a newer code asked elsewhere does not replace it,
 * wrong tries sent from elsewhere do not spend it), and the tight per-mobile limits count the
 * requests of one address. Only many addresses together reach the mobile's own hourly limit
 * (`maxPerMobilePerHour`), which keeps the phone from being flooded.
 */
export class SmsCodeService {
  constructor(
    private readonly deps: { db: Db; store: SmsCodeStore; gateway: SmsGateway; clock: Clock; limits: SmsCodeLimits; logger: { warn(details: object, message: string): void } },
  ) {}

  /** Texts being sent for answers already given (`answerFirst`). */
  private readonly sending = new Set<Promise<void>>();

  /**
   * Codes asked more than a day ago: every limit looks back an hour at most and a code lives
   * `ttlSeconds` (minutes), so such a row decides nothing any more.
   */
  purgeOld(): Promise<number> {
    const { db, store, clock } = this.deps;
    return store.deleteCreatedBefore(db, new Date(clock.now().getTime() - 86_400_000));
  }

  /**
   * `clientIp` is the address the request came from. `null` is the platform's own demo seed,
   * limited neither per address nor per mobile: the limits keep people from flooding a phone,
   * and a seed resumed after its first start was stopped between sending a code and using it
   * must send again at once (the code itself lived only in the stopped process); its codes answer
   * only a check that gives `null` too. `deliver: false` counts and stores a code like any other but
   * sends nothing: a caller that must not reveal whether the mobile belongs to an account answers
   * (and rate-limits) alike either way. Such a caller also passes `answerFirst`: the text is then
   * handed to the provider without the answer waiting for it, so neither the provider's round
   * trip nor its failure tells a code that was sent from one that was not (a failure is logged).
   */
  async send(purpose: SmsCodePurpose, mobile: string, options: { clientIp: string | null; deliver?: boolean; answerFirst?: boolean }): Promise<void> {
    const { db, store, gateway, clock, limits } = this.deps;
    const now = clock.now();
    const mobileHash = sm3Hex(mobile);
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    await db.transaction(async (tx) => {
      // Serialises concurrent requests for the same mobile, so the limits hold under a burst.
      await tx.raw('select pg_advisory_xact_lock(hashtext(?))', [`sms:${mobileHash}`]);
      if (options.clientIp !== null) {
        await tx.raw('select pg_advisory_xact_lock(hashtext(?))', [`sms-ip:${options.clientIp}`]);
        const hourAgo = new Date(now.getTime() - 3_600_000);
        const fromIp = await store.countFromIpSince(tx, options.clientIp, hourAgo);
        if (fromIp >= limits.maxPerIpPerHour) throw rateLimited('SMS_IP_HOURLY_LIMIT', '当前网络一小时内获取验证码次数已达上限，请稍后再试', 3_600);
        const recent = await store.countSince(tx, mobileHash, purpose, new Date(now.getTime() - limits.minIntervalSeconds * 1000), options.clientIp);
        if (recent > 0) throw rateLimited('SMS_TOO_FREQUENT', `验证码发送过于频繁，请${limits.minIntervalSeconds}秒后再试`, limits.minIntervalSeconds);
        // Every request counts, sent or not (a 忘记密码 pair that does not match), so neither limit
        // tells whether the mobile belongs to an account.
        const hourly = () => rateLimited('SMS_HOURLY_LIMIT', '该手机号一小时内获取验证码次数已达上限，请稍后再试', 3_600);
        if ((await store.countSince(tx, mobileHash, purpose, hourAgo, options.clientIp)) >= limits.maxPerHour) throw hourly();
        // The phone's own limit is the phone's, whatever the purpose: registration and 忘记密码
        // together (before, each had its own, and a phone could be sent twice the limit).
        if ((await store.countToMobileSince(tx, mobileHash, hourAgo)) >= limits.maxPerMobilePerHour) throw hourly();
      }
      await store.insert(tx, {
        mobileHash,
        purpose,
        codeHash: digest(mobileHash, purpose, code),
        clientIp: options.clientIp,
        createdAt: now,
        expiresAt: new Date(now.getTime() + limits.ttlSeconds * 1000),
      });
    });
    if (options.deliver === false) return;
    const minutes = Math.max(1, Math.round(limits.ttlSeconds / 60));
    const text = `【信易贷】您正在${PURPOSE_TEXT[purpose]}，验证码${code}，${minutes}分钟内有效。如非本人操作，请忽略本短信。`;
    if (!options.answerFirst) return gateway.send(mobile, text);
    const sending: Promise<void> = gateway
      .send(mobile, text)
      .catch((error: unknown) => this.deps.logger.warn({ err: error, purpose }, 'SMS code not sent'))
      .finally(() => this.sending.delete(sending));
    this.sending.add(sending);
  }

  /** Resolves once every text handed over for an answer already given is sent or failed: a stop waits for them. */
  async settled(): Promise<void> {
    await Promise.all([...this.sending]);
  }

  /**
   * Spends the newest code `clientIp` asked for the mobile when `code` matches (`null` never does,
   * and fails exactly as a wrong code would); otherwise counts the failure against that code
   * (committed even though the caller's request fails) and throws a field error on `field`.
   * An address that asked for no code gets 请重新获取 and spends nothing of anyone's.
   */
  async consume(purpose: SmsCodePurpose, mobile: string, code: string | null, asker: CodeAsker): Promise<void> {
    const failure = await this.deps.db.transaction((tx) => this.check(tx, purpose, mobile, code, asker));
    if (failure) throw failure;
  }

  /**
   * The same check inside the caller's transaction, so the code is spent only if the caller's
   * work commits. Returns the field error instead of throwing it: the caller commits (keeping
   * the counted failure) and throws afterwards.
   */
  async check(tx: DbOrTrx, purpose: SmsCodePurpose, mobile: string, code: string | null, asker: CodeAsker): Promise<DomainError | undefined> {
    const { store, clock, limits } = this.deps;
    const field = asker.field ?? 'code';
    const mobileHash = sm3Hex(mobile);
    const now = clock.now();
    const row = await store.latest(tx, mobileHash, purpose, asker.clientIp);
    if (!row || row.consumedAt) return codeField(field, 'SMS_CODE_INVALID', '验证码不正确，请重新获取');
    if (row.expiresAt <= now) return codeField(field, 'SMS_CODE_EXPIRED', '验证码已过期，请重新获取');
    if (row.attempts >= limits.maxAttempts) return codeField(field, 'SMS_CODE_ATTEMPTS_EXCEEDED', '验证码错误次数过多，请重新获取');
    if (code === null || !sameDigest(row.codeHash, digest(mobileHash, purpose, code))) {
      await store.recordFailure(tx, row.id);
      return codeField(field, 'SMS_CODE_INVALID', '验证码不正确');
    }
    if (!(await store.consume(tx, row.id, now))) return codeField(field, 'SMS_CODE_INVALID', '验证码已使用，请重新获取');
    return undefined;
  }
}

function digest(mobileHash: string, purpose: string, code: string): string {
  return sm3Hex(`${mobileHash}:${purpose}:${code}`);
}

function sameDigest(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
}
