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
}

type Listener = (session: Session | null) => void;
let current: Session | null | undefined;
const listeners = new Set<Listener>();

function publish(session: Session | null): void {
  current = session;
  for (const listener of listeners) listener(session);
}

/** Asks the server who is signed in; null when nobody is (the public site). */
export async function refreshSession(): Promise<Session | null> {
  try {
    const s = await getJson<Session & { csrf_token: string | null }>('/api/v1/auth/session');
    setCsrfToken(s.csrf_token);
    publish({ user: s.user, restriction: s.restriction });
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    setCsrfToken(null);
    publish(null);
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
