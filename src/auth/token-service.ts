import { createSecretKey, type KeyObject } from 'node:crypto';
import jwt from 'jsonwebtoken';
import { unauthenticated } from '../platform/errors.js';
import { ENTERPRISE_POSITIONS, INSTITUTION_POSITIONS, ROLES, type EnterprisePosition, type InstitutionPosition, type Principal, type Role } from '../platform/roles.js';

const ISSUER = 'xinyidai-platform';

interface AccessClaims {
  sub: string;
  exp?: number;
  role: Role;
  inst: string | null;
  ent: string | null;
  /** Machine clients only: the client id and its space-separated API scopes (RFC 8693 `scope`). */
  cid?: string;
  scope?: string;
  /** Machine clients only: the secret the token was obtained with; revoking it ends the token. */
  sid?: string;
  /** People only: the user's token epoch at issue; "log out everywhere" raises it. */
  ep?: number;
  /** People of an institution only: their position (岗位). */
  pos?: InstitutionPosition;
  /** Enterprise people only: their position in the firm. */
  epos?: EnterprisePosition;
  /** People only: a temporary password must be changed before anything else. */
  pwc?: true;
}

/** Tokens remembered as verified at most; past this the memory is emptied and refilled. */
const MAX_VERIFIED = 10_000;

export interface VerifiedToken {
  principal: Principal;
  /** The epoch a person's token was issued under (0 for tokens from before epochs existed). */
  epoch: number;
  /** Machine clients: the id of the secret the token was obtained with (absent on older tokens). */
  secretId?: string;
}

/** Signs and verifies the platform's access tokens (HS256 JWT carrying role and affiliation). */
export class TokenService {
  /**
   * A KeyObject, not the string: given a string, jsonwebtoken first tries to parse it as a PEM
   * public key on every verify (and fails), which cost more CPU than the rest of a gated read.
   */
  private readonly secret: KeyObject;
  /**
   * Tokens that passed `verify`, by their whole text, until they expire: a bank system sends the
   * same token with every call for its lifetime, and checking the HMAC and decoding the claims
   * again cost a gated profile read about a tenth of its platform CPU. Only a byte-identical
   * token hits, so nothing unverified is ever trusted; expiry is checked on every hit, as
   * jsonwebtoken does (expired once the current second reaches `exp`).
   */
  private readonly verified = new Map<string, { token: VerifiedToken; expiresAtMs: number }>();

  constructor(
    secret: string,
    readonly ttlSeconds: number,
    /** Milliseconds since the epoch, for expiry checks (tests move it). */
    private readonly now: () => number = Date.now,
  ) {
    this.secret = createSecretKey(Buffer.from(secret, 'utf8'));
  }

  issue(principal: Principal, epoch: number): string {
    const claims: AccessClaims = {
      sub: principal.userId,
      role: principal.role,
      inst: principal.institutionId,
      ent: principal.enterpriseId,
      ep: epoch,
      ...(principal.position ? { pos: principal.position } : {}),
      ...(principal.enterprisePosition ? { epos: principal.enterprisePosition } : {}),
      ...(principal.mustChangePassword ? { pwc: true as const } : {}),
    };
    return jwt.sign(claims, this.secret, { algorithm: 'HS256', expiresIn: this.ttlSeconds, issuer: ISSUER });
  }

  /** A short-lived token for an institution's machine client (client credentials grant). */
  issueClient(client: { clientId: string; secretId: string; institutionId: string; role: Role; scopes: readonly string[] }, ttlSeconds: number): string {
    const claims: AccessClaims = {
      sub: client.clientId,
      role: client.role,
      inst: client.institutionId,
      ent: null,
      cid: client.clientId,
      scope: client.scopes.join(' '),
      sid: client.secretId,
    };
    return jwt.sign(claims, this.secret, { algorithm: 'HS256', expiresIn: ttlSeconds, issuer: ISSUER });
  }

  verify(token: string): VerifiedToken {
    const known = this.verified.get(token);
    if (known) {
      if (Math.floor(this.now() / 1000) * 1000 < known.expiresAtMs) return known.token;
      this.verified.delete(token);
    }
    const verified = this.verifySignature(token);
    if (verified.expiresAtMs > 0) {
      if (this.verified.size >= MAX_VERIFIED) this.verified.clear();
      this.verified.set(token, verified);
    }
    return verified.token;
  }

  private verifySignature(token: string): { token: VerifiedToken; expiresAtMs: number } {
    let payload: jwt.JwtPayload | string;
    try {
      payload = jwt.verify(token, this.secret, { algorithms: ['HS256'], issuer: ISSUER, clockTimestamp: Math.floor(this.now() / 1000) });
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) throw unauthenticated('TOKEN_EXPIRED', '登录已过期，请重新登录');
      throw unauthenticated('TOKEN_INVALID', '访问令牌无效');
    }
    const claims = payload as Partial<AccessClaims>;
    if (typeof payload === 'string' || typeof claims.sub !== 'string' || !ROLES.includes(claims.role as Role)) {
      throw unauthenticated('TOKEN_INVALID', '访问令牌无效');
    }
    const principal: Principal = {
      userId: claims.sub,
      role: claims.role as Role,
      institutionId: claims.inst ?? null,
      enterpriseId: claims.ent ?? null,
      ...(INSTITUTION_POSITIONS.includes(claims.pos as InstitutionPosition) ? { position: claims.pos } : {}),
      ...(ENTERPRISE_POSITIONS.includes(claims.epos as EnterprisePosition) ? { enterprisePosition: claims.epos } : {}),
      ...(claims.pwc === true ? { mustChangePassword: true } : {}),
    };
    const epoch = typeof claims.ep === 'number' ? claims.ep : 0;
    // Shared by every request that presents this token: frozen so none can change it for the others.
    const verified: VerifiedToken =
      typeof claims.cid !== 'string'
        ? { principal: Object.freeze(principal), epoch }
        : {
            principal: Object.freeze({ ...principal, clientId: claims.cid, scopes: Object.freeze((claims.scope ?? '').split(' ').filter(Boolean)) }),
            epoch,
            ...(typeof claims.sid === 'string' ? { secretId: claims.sid } : {}),
          };
    // Every token the platform issues has `exp`; one without it is not remembered.
    return { token: verified, expiresAtMs: typeof claims.exp === 'number' ? claims.exp * 1000 : 0 };
  }
}
