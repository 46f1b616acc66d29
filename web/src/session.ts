import { useEffect, useState } from 'react';
import { ApiError, getJson, send, setCsrfToken } from './api';

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  roles: string[];
  regions: string[];
  grants: string[];
  language: string;
  two_factor: boolean;
}

/** Who is signed in, and what they must do before anything else (change a one-time password, set up 2FA). */
export interface Session {
  user: SessionUser;
  restriction: 'password_change' | 'two_factor_setup' | null;
  /** Set when the server could not be reached and this is the session last seen on this device. */
  offline?: boolean;
}

type Listener = (session: Session | null) => void;
let current: Session | null | undefined;
const listeners = new Set<Listener>();

/**
 * The last session seen on this device (who, and which roles: nothing secret; the cookie stays
 * HttpOnly). It lets a correspondent who loses the connection keep working on drafts; the
 * server still checks every request when the connection returns.
 */
const REMEMBERED = 'jsi.session';

function publish(session: Session | null): void {
  current = session;
  if (session) localStorage.setItem(REMEMBERED, JSON.stringify({ ...session, offline: undefined }));
  else localStorage.removeItem(REMEMBERED);
  for (const listener of listeners) listener(session);
}

function remembered(): Session | null {
  try {
    const saved = JSON.parse(localStorage.getItem(REMEMBERED) ?? 'null') as Session | null;
    return saved ? { ...saved, offline: true } : null;
  } catch {
    return null;
  }
}

/** Asks the server who is signed in; null when nobody is (the public site). */
export async function refreshSession(): Promise<Session | null> {
  try {
    const s = await getJson<Session & { csrf_token: string | null }>('/api/v1/auth/session');
    setCsrfToken(s.csrf_token);
    publish({ user: s.user, restriction: s.restriction });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      publish(null);
    } else if (error instanceof ApiError && error.status > 0) {
      throw error;
    } else {
      // No answer at all: offline. Keep the remembered session so drafts stay reachable.
      current = remembered();
      for (const listener of listeners) listener(current);
      window.addEventListener('online', () => void refreshSession().catch(() => undefined), { once: true });
    }
  }
  return current ?? null;
}

export async function signIn(email: string, password: string, totp?: string): Promise<Session | null> {
  await send('POST', '/api/v1/auth/login', { email, password, ...(totp ? { totp } : {}) });
  return refreshSession();
}

export async function signOut(): Promise<void> {
  await send('POST', '/api/v1/auth/logout').catch(() => undefined);
  setCsrfToken(null);
  publish(null);
}

/** The session for a component: undefined while asking, null when signed out. */
export function useSession(): Session | null | undefined {
  const [session, setSession] = useState(current);
  useEffect(() => {
    listeners.add(setSession);
    if (current === undefined) void refreshSession().catch(() => setSession(null));
    return () => void listeners.delete(setSession);
  }, []);
  return session;
}

/** Whether the user holds one of the roles (the server checks permissions again on every request). */
export function hasRole(session: Session | null | undefined, ...roles: string[]): boolean {
  return Boolean(session?.user.roles.some((r) => roles.includes(r)));
}
