import { reactive, readonly } from 'vue';
import type { Role, Schemas } from '@/api/schemas';

/**
 * The signed-in user, kept in sessionStorage so a reload keeps the login but closing the
 * browser (a shared office computer) ends it. The token is a stateless JWT: 退出 forgets it here.
 */
interface StoredSession {
  token: string;
  role: Role;
  /** Epoch milliseconds after which the server will refuse the token. */
  expiresAt: number;
}

const STORAGE_KEY = 'xyd.session';

interface SessionState {
  current: StoredSession | null;
  me: Schemas['Me'] | null;
  /** Set when the server refused the token, so the login page can say why. */
  expired: boolean;
}

function restore(): StoredSession | null {
  try {
    const raw = sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return null;
    const stored = JSON.parse(raw) as StoredSession;
    return stored.expiresAt > Date.now() ? stored : null;
  } catch {
    return null;
  }
}

const state = reactive<SessionState>({ current: restore(), me: null, expired: false });

function persist(value: StoredSession | null): void {
  if (value) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(value));
  else sessionStorage.removeItem(STORAGE_KEY);
}

export const session = {
  state: readonly(state),

  token(): string | null {
    if (state.current && state.current.expiresAt <= Date.now()) this.expire();
    return state.current?.token ?? null;
  },

  role(): Role | null {
    return this.token() ? (state.current?.role ?? null) : null;
  },

  signIn(grant: Schemas['TokenResponse']): void {
    state.current = { token: grant.accessToken, role: grant.role, expiresAt: Date.now() + grant.expiresIn * 1000 };
    state.me = null;
    state.expired = false;
    persist(state.current);
  },

  setMe(me: Schemas['Me']): void {
    state.me = me;
  },

  signOut(): void {
    state.current = null;
    state.me = null;
    state.expired = false;
    persist(null);
  },

  expire(): void {
    if (!state.current) return;
    state.current = null;
    state.me = null;
    state.expired = true;
    persist(null);
  },
};
