import type { Kysely, Selectable } from 'kysely';
import type { AppContext } from '../platform/context.js';
import type { DB, UserTable } from '../platform/db/schema.js';
import { errors } from '../platform/errors.js';
import { PUBLIC_READER, type Reader } from '../platform/reader.js';
import { permissionsOf, PRIVILEGED_ROLES, type Role } from './roles.js';
import { sameSecret, secretHash } from './secrets.js';

export const SESSION_COOKIE = 'jsi_session';
export const SESSION_HOURS = 12;

/** Who sent a request, and how: a session cookie must come with its CSRF token on writes. */
export interface Authentication {
  readonly reader: Reader;
  readonly session?: { readonly idHash: string; readonly csrfToken: string };
  /** Why the account may do nothing but its own sign-in chores yet (nothing at all with a token). */
  readonly restriction?: Restriction;
}

export type Restriction = 'password_change' | 'two_factor_setup';

export const restrictionMessage = (restriction: Restriction) =>
  restriction === 'password_change' ? 'change your one-time password first' : 'set up two-factor authentication first';

function restrictionOf(ctx: AppContext, user: Selectable<UserTable>, roles: readonly string[]): Restriction | undefined {
  if (user.must_change_password === 1) return 'password_change';
  if (ctx.config.requireTwoFactor && user.totp_enabled === 0 && roles.some((r) => PRIVILEGED_ROLES.includes(r as Role))) return 'two_factor_setup';
  return undefined;
}

/**
 * `restricted`: the account must first change its password or enrol in 2FA. A person signed in may
 * then do only that; a program's token may do nothing the public may not, until the person has.
 */
export async function readerForUser(db: Kysely<DB>, user: Selectable<UserTable>, roles: readonly string[], restricted: boolean, credential: 'session' | 'token' = 'session'): Promise<Reader> {
  const permissions = permissionsOf(roles);
  const assigned = roles.includes('lawyer')
    ? (await db.selectFrom('case_assignments').select('case_id').where('user_id', '=', user.id).execute()).map((r) => r.case_id)
    : [];
  return {
    actor: `user:${user.email}`,
    userId: user.id,
    roles,
    regions: JSON.parse(user.regions),
    grants: JSON.parse(user.grants),
    assignedCases: new Set(assigned),
    can: (p) => (restricted ? p === 'public' || (p === 'self' && credential === 'session') : permissions.has(p)),
  };
}

function cookieValue(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

/** API tokens look like `jsi_<id>.<secret>`; the id finds the row, the secret's hash must match. */
export async function authenticate(ctx: AppContext, headers: { authorization?: string; cookie?: string }): Promise<Authentication> {
  const db = ctx.database.db;
  const nowIso = new Date().toISOString();
  if (headers.authorization) {
    const match = /^Bearer\s+jsi_([A-Za-z0-9-]+)\.([A-Za-z0-9_-]+)$/i.exec(headers.authorization.trim());
    if (!match) throw errors.unauthorized();
    const token = await db.selectFrom('api_tokens').selectAll().where('id', '=', match[1]!).executeTakeFirst();
    if (!token || token.revoked_at || !sameSecret(token.token_hash, secretHash(match[2]!))) throw errors.unauthorized();
    const user = await db.selectFrom('users').selectAll().where('id', '=', token.user_id).executeTakeFirst();
    if (!user || user.disabled) throw errors.unauthorized();
    // A token carries the roles it was given, never more than its owner has now.
    const userRoles: string[] = JSON.parse(user.roles);
    const roles = (JSON.parse(token.roles) as string[]).filter((r) => userRoles.includes(r));
    await db.updateTable('api_tokens').set({ last_used_at: nowIso }).where('id', '=', token.id).execute();
    const restriction = restrictionOf(ctx, user, userRoles);
    return { reader: await readerForUser(db, user, roles, Boolean(restriction), 'token'), restriction };
  }
  const sessionId = cookieValue(headers.cookie, SESSION_COOKIE);
  if (!sessionId) return { reader: PUBLIC_READER };
  const idHash = secretHash(sessionId);
  const session = await db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash).executeTakeFirst();
  if (!session || session.expires_at < nowIso) return { reader: PUBLIC_READER };
  const user = await db.selectFrom('users').selectAll().where('id', '=', session.user_id).executeTakeFirst();
  if (!user || user.disabled) return { reader: PUBLIC_READER };
  const roles: string[] = JSON.parse(user.roles);
  const restriction = restrictionOf(ctx, user, roles);
  return {
    reader: await readerForUser(db, user, roles, Boolean(restriction)),
    session: { idHash, csrfToken: session.csrf_token },
    restriction,
  };
}

