import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/database.js';
import type { TransactionRunner } from '../db/transaction.js';
import type { Clock } from '../platform/clock.js';
import { conflict, DomainError, notFound, unprocessable } from '../platform/errors.js';
import { sm3Hex } from '../platform/national-crypto.js';
import { administeredLenderInstitution, ROLE_INSTITUTION_TYPE, type Principal, type Role } from '../platform/roles.js';
import { SCOPES_BY_INSTITUTION, type ClientScope } from './client-scopes.js';
import type { ClientCredentialStore, ClientRecord, ClientSecretRecord } from './client-credential-store.js';
import type { TokenService } from './token-service.js';

/** Two live secrets at most: the current one and its successor while a rotation is under way. */
export const MAX_LIVE_SECRETS = 2;

export interface ClientView extends ClientRecord {
  secrets: Pick<ClientSecretRecord, 'id' | 'hint' | 'createdAt'>[];
}

export interface IssuedSecret {
  clientId: string;
  secretId: string;
  /** Shown once; only its SM3 digest is stored. */
  clientSecret: string;
}

export interface ClientTokenGrant {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

/**
 * RFC 6749 §5.2 errors, as problem documents that also carry the OAuth `error` member; a refused
 * request parameter is named in `errors[]` as every other 400 names its field.
 */
function oauthError(kind: 'validation' | 'unauthenticated', error: string, code: string, message: string, field?: string): DomainError {
  return new DomainError(kind, code, message, field ? [{ field, code, message }] : [], { error });
}

/** 256-bit random secrets: a fast digest is enough (nothing to brute-force), and SM3 is the national one. */
const digest = (secret: string) => Buffer.from(sm3Hex(secret), 'hex');

/**
 * Machine access for banks and guarantee companies: OAuth 2.0 client credentials. Secrets are
 * stored as SM3 digests; a client may hold two live secrets so a bank can roll out a new one
 * before revoking the old (rotation without downtime).
 */
export class ClientCredentialService {
  constructor(
    private readonly deps: {
      db: Db;
      transaction: TransactionRunner;
      store: ClientCredentialStore;
      tokens: TokenService;
      clock: Clock;
      tokenTtlSeconds: number;
      /** The role a token of this institution carries, or undefined when the institution may not have clients. */
      roleOf: (institutionId: string) => Promise<Role | undefined>;
      /** Told of each revoked secret, so the tokens obtained with it stop at once (SessionService.forgetClientSecret). */
      secretRevoked: (secretId: string) => void;
    },
  ) {}

  async create(principal: Principal, name: string, scopes: readonly ClientScope[]): Promise<ClientView & IssuedSecret> {
    const institutionId = administeredLenderInstitution(principal, '接入客户端');
    const allowed = SCOPES_BY_INSTITUTION[ROLE_INSTITUTION_TYPE[principal.role]!] ?? [];
    const refused = scopes.filter((s) => !allowed.includes(s));
    if (refused.length > 0) {
      throw unprocessable('CLIENT_SCOPE_NOT_ALLOWED', `本机构的接入客户端不能持有：${refused.join('、')}`, [
        { field: 'scopes', code: 'CLIENT_SCOPE_NOT_ALLOWED', message: `本机构的接入客户端不能持有：${refused.join('、')}` },
      ]);
    }
    const { transaction, store, clock } = this.deps;
    return transaction(async (tx) => {
      const now = clock.now();
      const client = await store.insertClient(tx, {
        institutionId,
        name,
        scopes: [...new Set(scopes)].sort(),
        createdBy: principal.userId,
        createdAt: now,
      });
      const { secret, record } = await this.newSecret(tx, client.clientId, now);
      return { ...client, secrets: [this.secretView(record)], clientId: client.clientId, secretId: record.id, clientSecret: secret };
    });
  }

  async list(principal: Principal): Promise<ClientView[]> {
    const institutionId = administeredLenderInstitution(principal, '接入客户端');
    const { db, store } = this.deps;
    const clients = await store.listClients(db, institutionId);
    const secrets = await store.liveSecrets(db, clients.map((c) => c.clientId));
    return clients.map((c) => ({ ...c, secrets: secrets.filter((s) => s.clientId === c.clientId).map((s) => this.secretView(s)) }));
  }

  /** Starts a rotation: a second live secret. With two live already, the old one must be revoked first. */
  async addSecret(principal: Principal, clientId: string): Promise<IssuedSecret> {
    const institutionId = administeredLenderInstitution(principal, '接入客户端');
    const { transaction, store, clock } = this.deps;
    return transaction(async (tx) => {
      const client = await store.lockClient(tx, clientId);
      if (!client || client.institutionId !== institutionId) throw notFound('CLIENT_NOT_FOUND', '客户端不存在');
      if ((await store.liveSecrets(tx, [clientId])).length >= MAX_LIVE_SECRETS) {
        throw conflict('CLIENT_SECRET_LIMIT', `每个客户端最多同时有${MAX_LIVE_SECRETS}个有效密钥，请先作废旧密钥`);
      }
      const { secret, record } = await this.newSecret(tx, clientId, clock.now());
      return { clientId, secretId: record.id, clientSecret: secret };
    });
  }

  /** Ends a rotation: the old secret stops working at once, and so do the tokens obtained with it. */
  async revokeSecret(principal: Principal, clientId: string, secretId: string): Promise<void> {
    const institutionId = administeredLenderInstitution(principal, '接入客户端');
    const { transaction, store, clock } = this.deps;
    await transaction(async (tx) => {
      const client = await store.lockClient(tx, clientId);
      if (!client || client.institutionId !== institutionId) throw notFound('CLIENT_NOT_FOUND', '客户端不存在');
      if (!(await store.revokeSecret(tx, clientId, secretId, clock.now()))) {
        throw notFound('CLIENT_SECRET_NOT_FOUND', '密钥不存在或已作废');
      }
    });
    this.deps.secretRevoked(secretId);
  }

  /** `POST /api/v1/oauth/token` with grant_type=client_credentials. */
  async issueToken(grantType: string, clientId: string, clientSecret: string, scope: string | undefined): Promise<ClientTokenGrant> {
    if (grantType !== 'client_credentials') {
      throw oauthError('validation', 'unsupported_grant_type', 'UNSUPPORTED_GRANT_TYPE', '仅支持 client_credentials 授权方式', 'grant_type');
    }
    const { db, store, tokens, tokenTtlSeconds, roleOf } = this.deps;
    const invalid = () => oauthError('unauthenticated', 'invalid_client', 'INVALID_CLIENT', '客户端编号或密钥错误');
    const client = /^[0-9a-f-]{36}$/i.test(clientId) ? await store.findClient(db, clientId) : undefined;
    if (!client || client.status !== 'active') throw invalid();
    const offered = digest(clientSecret);
    const secrets = await store.liveSecrets(db, [client.clientId]);
    const matched = secrets.find((s) => timingSafeEqual(Buffer.from(s.secretHash, 'hex'), offered));
    if (!matched) throw invalid();
    const role = await roleOf(client.institutionId);
    if (!role) throw invalid();
    const requested = scope === undefined ? client.scopes : scope.split(' ').filter(Boolean);
    const unknown = requested.filter((s) => !client.scopes.includes(s));
    if (unknown.length > 0 || requested.length === 0) {
      throw oauthError('validation', 'invalid_scope', 'INVALID_SCOPE', `该客户端无权申请：${unknown.join(' ') || '(空)'}`, 'scope');
    }
    const access_token = tokens.issueClient(
      { clientId: client.clientId, secretId: matched.id, institutionId: client.institutionId, role, scopes: requested },
      tokenTtlSeconds,
    );
    return { access_token, token_type: 'Bearer', expires_in: tokenTtlSeconds, scope: requested.join(' ') };
  }

  private async newSecret(tx: Parameters<ClientCredentialStore['insertSecret']>[0], clientId: string, now: Date) {
    const secret = `xyds_${randomBytes(32).toString('base64url')}`;
    const record = await this.deps.store.insertSecret(tx, {
      clientId,
      secretHash: sm3Hex(secret),
      hint: secret.slice(-4),
      createdAt: now,
    });
    return { secret, record };
  }

  private secretView(s: ClientSecretRecord) {
    return { id: s.id, hint: s.hint, createdAt: s.createdAt };
  }

}

/** No client authentication at all: RFC 6749's `invalid_client`, answered 400 naming the parameter. */
export const missingCredentials = () =>
  oauthError('validation', 'invalid_client', 'CLIENT_CREDENTIALS_MISSING', '请提供 client_id 与 client_secret（HTTP Basic 或请求体）', 'client_id');
