import { randomUUID } from 'node:crypto';
import type { TokenGrant } from '../../src/auth/session-service.js';
import { userStore } from '../../src/auth/user-store.js';
import type { RunningPlatform } from '../../src/server.js';

/**
 * A bank's institution admin (机构管理员) for tests: a bank officer of that bank whose position is
 * `institution_admin` (the token's `pos` claim). No password: the session is the login.
 */
export async function institutionAdminOf(platform: RunningPlatform, bankCode: string): Promise<TokenGrant & { userId: string; institutionId: string }> {
  const bank = await platform.services.institutions.findBankByCode(platform.database.knex, bankCode);
  if (!bank) throw new Error(`no bank ${bankCode}`);
  const user = await userStore.insert(platform.database.knex, {
    username: `admin_${bankCode.toLowerCase()}_${randomUUID().slice(0, 8)}`,
    passwordHash: 'not-a-login',
    role: 'bank_officer',
    displayName: `${bank.name}机构管理员`,
    institutionId: bank.id,
    enterpriseId: null,
    position: 'institution_admin',
  });
  const grant = await platform.services.sessions.start({
    userId: user.id,
    role: 'bank_officer',
    institutionId: bank.id,
    enterpriseId: null,
    position: 'institution_admin',
  });
  return { ...grant, userId: user.id, institutionId: bank.id };
}

/** The portal's stored session (web/src/session/session.ts) for a grant, to open pages already logged in. */
export function portalSession(grant: TokenGrant): string {
  const now = Date.now();
  return JSON.stringify({
    token: grant.accessToken,
    role: grant.role,
    expiresAt: now + grant.expiresIn * 1000,
    refreshToken: grant.refreshToken,
    refreshExpiresAt: now + grant.refreshExpiresIn * 1000,
  });
}
