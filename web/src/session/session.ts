import { reactive, readonly } from 'vue';
import type { Role, Schemas } from '@/api/schemas';
import { removeAllDrafts, takeDraftsFor } from './drafts';

/**
 * The signed-in user, kept in sessionStorage so a reload keeps the login but closing the
 * browser (a shared office computer) ends it. The access token lives 15 minutes; the refresh
 * token (single use) gets the next one before it runs out (`@/api/client`).
 */
interface StoredSession {
  token: string;
  role: Role;
  /** Epoch milliseconds after which the server will refuse the access token. */
  expiresAt: number;
  refreshToken: string;
  /** Epoch milliseconds after which the refresh token is refused too: the login is over. */
  refreshExpiresAt: number;
}

const STORAGE_KEY = 'xyd.session';

interface SessionState {
  current: StoredSession | null;
  me: Schemas['Me'] | null;
  /** Set when the server refused the token, so the login page can say why. */
  expired: boolean;
  /** Why, in the portal's words for the refusal's code (logged out everywhere, password or 岗位 changed, expired); null: no known reason. */
  expiredReason: string | null;
}

function restore(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const stored = JSON.parse(raw) as StoredSession;
    return stored.refreshExpiresAt > Date.now() ? stored : null;
  } catch {
    return null;
  }
}

/**
 * Why the tab's last login was ended by the server, kept beside the session so the login page still
 * says it after a reload (a person who refreshes 登录 would otherwise read nothing); gone at the next
 * sign-in or sign-out.
 */
const ENDED_KEY = 'xyd.session-ended';

function restoreEnded(): { expired: boolean; expiredReason: string | null } {
  try {
    const raw = sessionStorage.getItem(ENDED_KEY);
    return raw === null ? { expired: false, expiredReason: null } : { expired: true, expiredReason: raw === '' ? null : raw };
  } catch {
    return { expired: false, expiredReason: null };
  }
}

const state = reactive<SessionState>({ current: restore(), me: null, ...restoreEnded() });

function persist(value: StoredSession | null): void {
  if (value) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(value));
  else sessionStorage.removeItem(STORAGE_KEY);
  if (state.expired) sessionStorage.setItem(ENDED_KEY, state.expiredReason ?? '');
  else sessionStorage.removeItem(ENDED_KEY);
}

/** The person an access token was issued to (its `sub`), or null when it cannot be read. */
function subjectOf(token: string): string | null {
  try {
    const payload = token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/');
    const claims = JSON.parse(atob(payload.padEnd(payload.length + ((4 - (payload.length % 4)) % 4), '='))) as { sub?: unknown };
    return typeof claims.sub === 'string' ? claims.sub : null;
  } catch {
    return null;
  }
}

export const session = {
  state: readonly(state),

  token(): string | null {
    if (state.current && state.current.refreshExpiresAt <= Date.now()) this.expire();
    return state.current?.token ?? null;
  },

  /** The refresh token when the access token runs out within `marginMs`. */
  refreshDue(marginMs: number): string | null {
    const current = state.current;
    return current && current.expiresAt - marginMs <= Date.now() && current.refreshExpiresAt > Date.now() ? current.refreshToken : null;
  },

  refreshToken(): string | null {
    return state.current?.refreshToken ?? null;
  },

  role(): Role | null {
    return this.token() ? (state.current?.role ?? null) : null;
  },

  signIn(grant: Schemas['TokenResponse']): void {
    const now = Date.now();
    // A fresh login (not a token refresh) keeps the tab's drafts only if they are this person's,
    // left by their own login that ran out; anyone else's are removed before a page can show them.
    if (!state.current) takeDraftsFor(sessionStorage, subjectOf(grant.accessToken));
    state.current = {
      token: grant.accessToken,
      role: grant.role,
      expiresAt: now + grant.expiresIn * 1000,
      refreshToken: grant.refreshToken,
      refreshExpiresAt: now + grant.refreshExpiresIn * 1000,
    };
    state.me = null;
    state.expired = false;
    state.expiredReason = null;
    persist(state.current);
  },

  setMe(me: Schemas['Me']): void {
    state.me = me;
  },

  signOut(): void {
    removeAllDrafts(sessionStorage);
    state.current = null;
    state.me = null;
    state.expired = false;
    state.expiredReason = null;
    persist(null);
  },

  /** The server refused the login (it ran out, was ended everywhere, or the person's role changed), `reason` in its words: their drafts stay for their next sign-in in the tab. */
  expire(reason: string | null = null): void {
    if (!state.current) return;
    state.current = null;
    state.me = null;
    state.expired = true;
    state.expiredReason = reason;
    persist(null);
  },
};
