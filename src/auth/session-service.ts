import { randomBytes, randomUUID } from 'node:crypto';
import type { Db, DbOrTrx } from '../db/database.js';
import type { Clock } from '../platform/clock.js';
import { forbidden, unauthenticated } from '../platform/errors.js';
import { sm3Hex } from '../platform/national-crypto.js';
import type { Principal, Role } from '../platform/roles.js';
import type { SessionStore } from './session-store.js';
import type { TokenService } from './token-service.js';
import type { UserStore } from './user-store.js';
import { principalOfUser } from './user.js';

export interface TokenGrant {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  refreshToken: string;
  refreshExpiresIn: number;
  role: Role;
  /** Signed in with a temporary password: the portal opens 修改密码 before anything else. */
  passwordChangeRequired: boolean;
}

export interface SessionOptions {
  /** Sliding lifetime of a refresh token; each use issues a new one. */
  refreshTtlSeconds: number;
  /**
   * How long an instance trusts its cached copy of a user's token epoch. "Log out everywhere"
   * takes effect at once on the instance that served it and within this bound on the others.
   */
  epochCacheSeconds: number;
}

/** The institution's client secrets, for tokens obtained with one: whether it is still live. */
export type ClientSecretLive = (secretId: string) => Promise<boolean>;

const MAX_CACHED_USERS = 50_000;

/**
 * People's sessions: a short-lived access token (JWT) plus a refresh token (random, stored as
 * its SM3 digest) that is replaced on every use. A refresh token presented twice means it was
 * copied: its whole family (the login it came from) is revoked. Logging out revokes the family;
 * logging out everywhere also raises the user's token epoch, which every access token carries.
 * Checking the epoch costs no query per request: it is cached per user for `epochCacheSeconds`.
 */
export class SessionService {
  private readonly epochs = new Map<string, { epoch: number; until: number }>();
  /** Whether each client secret seen lately is live, cached for `epochCacheSeconds` as epochs are. */
  private readonly secrets = new Map<string, { live: boolean; until: number }>();

  constructor(
    private readonly deps: {
      db: Db;
      store: SessionStore;
      users: UserStore;
      tokens: TokenService;
      clock: Clock;
      options: SessionOptions;
      /** False for a suspended institution: its people's and machine clients' tokens are refused. */
      institutionActive: (institutionId: string) => Promise<boolean>;
      clientSecretLive: ClientSecretLive;
    },
  ) {}

  /**
   * Refresh tokens expired more than 30 days ago. An expired token is refused whether its row is
   * there or not; the month keeps a replayed one recognised as reuse (its family revoked) for a
   * while after a stolen copy stopped working.
   */
  purgeExpired(): Promise<number> {
    const { db, store, clock } = this.deps;
    return store.deleteExpiredBefore(db, new Date(clock.now().getTime() - 30 * 86_400_000));
  }

  /** A new session (one refresh-token family) for a user who just proved who they are. */
  async start(principal: Principal): Promise<TokenGrant> {
    const epoch = await this.currentEpoch(principal.userId, true);
    return this.grant(principal, randomUUID(), epoch);
  }

  async refresh(refreshToken: string): Promise<TokenGrant> {
    const { db, store, users, clock } = this.deps;
    const now = clock.now();
    const row = await store.findByHash(db, sm3Hex(refreshToken));
    if (!row) throw unauthenticated('REFRESH_TOKEN_INVALID', '登录状态无效，请重新登录');
    if (row.usedAt || row.revokedAt || !(await store.markUsed(db, row.id, now))) {
      // Used before: a copy is in someone else's hands. End that login for both holders.
      await store.revokeFamily(db, row.familyId, now);
      throw unauthenticated('REFRESH_TOKEN_REUSED', '登录状态已失效（检测到重复使用），请重新登录');
    }
    if (row.expiresAt <= now) throw unauthenticated('REFRESH_TOKEN_EXPIRED', '登录已过期，请重新登录');
    const user = await users.findById(db, row.userId);
    if (!user || user.status !== 'active') throw unauthenticated('ACCOUNT_UNAVAILABLE', '账号不存在或已停用');
    if (user.institutionId && !(await this.deps.institutionActive(user.institutionId))) throw forbidden('INSTITUTION_SUSPENDED', '所属机构已停用，请联系平台运营人员');
    const principal = principalOfUser(user);
    return this.grant(principal, row.familyId, await this.currentEpoch(user.id, true));
  }

  /** Ends the login the refresh token belongs to; an unknown token is not an error. */
  async logout(refreshToken: string): Promise<void> {
    const { db, store, clock } = this.deps;
    const row = await store.findByHash(db, sm3Hex(refreshToken));
    if (row) await store.revokeFamily(db, row.familyId, clock.now());
  }

  /** Ends every login of the caller: refresh tokens revoked, access tokens refused (epoch raised). */
  async logoutEverywhere(principal: Principal): Promise<void> {
    if (principal.clientId !== undefined) throw forbidden('ROLE_FORBIDDEN', '机器客户端没有登录会话');
    await this.deps.db.transaction((trx) => this.endAllWithin(trx, principal.userId));
  }

  /**
   * `logoutEverywhere` inside the caller's transaction, so a new password, a disabled account or a
   * new position commits only with the end of the sessions it calls for: apart, a stop between
   * the two left the old sessions alive. This instance refuses the old tokens from now on; should
   * the transaction roll back, the user's next login reads the epoch afresh.
   */
  async endAllWithin(tx: DbOrTrx, userId: string): Promise<void> {
    const { store, clock } = this.deps;
    await store.revokeAllOfUser(tx, userId, clock.now());
    this.remember(userId, await store.bumpEpoch(tx, userId));
  }

  /** The `Authorization: Bearer` check: signature and expiry, then (people only) the epoch. */
  async verify(accessToken: string): Promise<Principal> {
    const { principal, epoch, secretId } = this.deps.tokens.verify(accessToken);
    if (principal.institutionId !== null && !(await this.deps.institutionActive(principal.institutionId))) {
      throw forbidden('INSTITUTION_SUSPENDED', '所属机构已停用，请联系平台运营人员');
    }
    if (principal.clientId !== undefined) {
      // A revoked secret (leaked, rotated out) ends the tokens obtained with it, not only new ones.
      if (secretId === undefined || !(await this.secretLive(secretId))) {
        throw unauthenticated('TOKEN_REVOKED', '获取该访问令牌的客户端密钥已作废，请用有效密钥重新获取');
      }
      return principal;
    }
    if (epoch < (await this.currentEpoch(principal.userId, false))) {
      throw unauthenticated('TOKEN_REVOKED', '您的登录已结束：账号已在所有设备上退出、密码已修改或岗位已调整，请重新登录');
    }
    return principal;
  }

  private async grant(principal: Principal, familyId: string, epoch: number): Promise<TokenGrant> {
    const { db, store, tokens, clock, options } = this.deps;
    const refreshToken = `rt_${randomBytes(32).toString('base64url')}`;
    const now = clock.now();
    await store.insert(db, {
      userId: principal.userId,
      familyId,
      tokenHash: sm3Hex(refreshToken),
      issuedAt: now,
      expiresAt: new Date(now.getTime() + options.refreshTtlSeconds * 1000),
    });
    return {
      accessToken: tokens.issue(principal, epoch),
      tokenType: 'Bearer',
      expiresIn: tokens.ttlSeconds,
      refreshToken,
      refreshExpiresIn: options.refreshTtlSeconds,
      role: principal.role,
      passwordChangeRequired: principal.mustChangePassword === true,
    };
  }

  /** A client secret was revoked here: its tokens are refused at once on this instance, within the cache bound on others. */
  forgetClientSecret(secretId: string): void {
    this.secrets.set(secretId, { live: false, until: Date.now() + this.deps.options.epochCacheSeconds * 1000 });
  }

  private async secretLive(secretId: string): Promise<boolean> {
    const cached = this.secrets.get(secretId);
    if (cached && cached.until > Date.now()) return cached.live;
    const live = await this.deps.clientSecretLive(secretId);
    if (this.secrets.size >= MAX_CACHED_USERS) this.secrets.clear();
    this.secrets.set(secretId, { live, until: Date.now() + this.deps.options.epochCacheSeconds * 1000 });
    return live;
  }

  private async currentEpoch(userId: string, fresh: boolean): Promise<number> {
    const cached = this.epochs.get(userId);
    if (!fresh && cached && cached.until > Date.now()) return cached.epoch;
    const epoch = (await this.deps.store.epoch(this.deps.db, userId)) ?? Number.MAX_SAFE_INTEGER;
    this.remember(userId, epoch);
    return epoch;
  }

  private remember(userId: string, epoch: number): void {
    if (this.epochs.size >= MAX_CACHED_USERS) this.epochs.clear();
    this.epochs.set(userId, { epoch, until: Date.now() + this.deps.options.epochCacheSeconds * 1000 });
  }
}
