import jwt from 'jsonwebtoken';
import { unauthenticated } from '../platform/errors.js';
import { ROLES, type Principal, type Role } from '../platform/roles.js';

const ISSUER = 'xinyidai-platform';

interface AccessClaims {
  sub: string;
  role: Role;
  inst: string | null;
  ent: string | null;
}

/** Signs and verifies the platform's access tokens (HS256 JWT carrying role and affiliation). */
export class TokenService {
  constructor(
    private readonly secret: string,
    readonly ttlSeconds: number,
  ) {}

  issue(principal: Principal): string {
    const claims: AccessClaims = {
      sub: principal.userId,
      role: principal.role,
      inst: principal.institutionId,
      ent: principal.enterpriseId,
    };
    return jwt.sign(claims, this.secret, { algorithm: 'HS256', expiresIn: this.ttlSeconds, issuer: ISSUER });
  }

  verify(token: string): Principal {
    let payload: jwt.JwtPayload | string;
    try {
      payload = jwt.verify(token, this.secret, { algorithms: ['HS256'], issuer: ISSUER });
    } catch (error) {
      if (error instanceof jwt.TokenExpiredError) throw unauthenticated('TOKEN_EXPIRED', '登录已过期，请重新登录');
      throw unauthenticated('TOKEN_INVALID', '访问令牌无效');
    }
    const claims = payload as Partial<AccessClaims>;
    if (typeof payload === 'string' || typeof claims.sub !== 'string' || !ROLES.includes(claims.role as Role)) {
      throw unauthenticated('TOKEN_INVALID', '访问令牌无效');
    }
    return {
      userId: claims.sub,
      role: claims.role as Role,
      institutionId: claims.inst ?? null,
      enterpriseId: claims.ent ?? null,
    };
  }
}
