import { appendAudit, auditSecurityEvent } from '../audit/audit.js';
import type { Transaction } from 'kysely';
import type { AppContext } from '../platform/context.js';
import type { DB } from '../platform/db/schema.js';
import { AppError, errors } from '../platform/errors.js';
import type { Reader } from '../platform/reader.js';
import { newId } from '../platform/util/ids.js';
import { SESSION_HOURS } from './authenticate.js';
import { sendMail } from './mailer.js';
import { ROLES } from './roles.js';
import { hashPassword, newSecret, passwordProblem, secretHash, verifyPassword } from './secrets.js';
import { newTotpSecret, totpStep, totpUri } from './totp.js';
import { findUser, presentUser } from './users.service.js';

const WINDOW_MINUTES = 15;
/** Five wrong passwords lock the account (not the address) for WINDOW_MINUTES. */
const MAX_FAILURES_PER_ACCOUNT = 5;
/**
 * An address is refused only after many failures: a newsroom signs in from behind one NAT, so the
 * address limit stops a machine trying many accounts, never colleagues mistyping their passwords.
 */
export const MAX_FAILURES_PER_ADDRESS = 100;
const RESET_MINUTES = 60;

let dummy: Promise<string> | undefined;
const dummyHash = () => (dummy ??= hashPassword(newSecret()));

const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();
const now = () => new Date().toISOString();

async function failure(ctx: AppContext, email: string, ip: string, reason: string, code = 'wrong_credentials'): Promise<never> {
  const db = ctx.database.db;
  await db.insertInto('login_attempts').values([{ key: `email:${email}`, at: now() }, { key: `ip:${ip}`, at: now() }]).execute();
  const recent = await db.selectFrom('login_attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('key', '=', `email:${email}`).where('at', '>', minutesAgo(WINDOW_MINUTES)).executeTakeFirstOrThrow();
  if (Number(recent.n) >= MAX_FAILURES_PER_ACCOUNT) {
    await db.updateTable('users').set({ locked_until: new Date(Date.now() + WINDOW_MINUTES * 60_000).toISOString() }).where('email', '=', email).execute();
  }
  await auditSecurityEvent(db, { record_id: email, action: 'login_failed', actor: `ip:${ip}`, after: JSON.stringify({ reason }) });
  throw new AppError(code, 401, code === 'wrong_credentials' ? 'wrong email or password' : reason);
}

/**
 * Signs a person in: rate limits by address and by account, a temporary lock after repeated
 * failures, the password, then the second factor when enrolled. On success a server-side session.
 */
export async function login(ctx: AppContext, input: { email: string; password: string; totp?: string }, ip: string) {
  const db = ctx.database.db;
  const email = input.email.toLowerCase();
  const fromAddress = await db.selectFrom('login_attempts').select((eb) => eb.fn.countAll<number>().as('n')).where('key', '=', `ip:${ip}`).where('at', '>', minutesAgo(WINDOW_MINUTES)).executeTakeFirstOrThrow();
  if (Number(fromAddress.n) >= MAX_FAILURES_PER_ADDRESS) throw errors.tooManyAttempts(WINDOW_MINUTES);
  const user = await findUser(db, email);
  if (user?.locked_until && user.locked_until > now()) {
    const minutes = Math.ceil((Date.parse(user.locked_until) - Date.now()) / 60_000);
    await auditSecurityEvent(db, { record_id: email, action: 'login_locked', actor: `ip:${ip}`, after: null });
    throw errors.tooManyAttempts(minutes);
  }
  // A hash is checked even for an unknown email, so timing does not tell which emails exist.
  const passwordOk = await verifyPassword(user?.password_hash ?? (await dummyHash()), input.password);
  if (!user || !passwordOk) return failure(ctx, email, ip, 'wrong password');
  if (user.disabled) return failure(ctx, email, ip, 'this account is disabled', 'account_disabled');
  if (user.totp_enabled) {
    if (!input.totp) throw new AppError('totp_required', 401, 'enter the code from your authenticator app');
    const step = totpStep(user.totp_secret ?? '', input.totp);
    // Checking the last used step and recording this one is a single conditional update, so of
    // simultaneous sign-ins with one code exactly one wins.
    const claimed =
      step === null
        ? 0
        : Number(
            (
              await db
                .updateTable('users')
                .set({ totp_last_step: step })
                .where('id', '=', user.id)
                .where((eb) => eb.or([eb('totp_last_step', 'is', null), eb('totp_last_step', '<', step)]))
                .executeTakeFirst()
            ).numUpdatedRows,
          );
    if (claimed === 0) return failure(ctx, email, ip, 'wrong or reused authenticator code', 'totp_invalid');
  }
  const sessionId = newSecret();
  const csrfToken = newSecret();
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('login_attempts').where('key', '=', `email:${email}`).execute();
    await trx.updateTable('users').set({ locked_until: null }).where('id', '=', user.id).execute();
    await trx
      .insertInto('sessions')
      .values({ id_hash: secretHash(sessionId), user_id: user.id, csrf_token: csrfToken, created_at: now(), expires_at: new Date(Date.now() + SESSION_HOURS * 3_600_000).toISOString(), last_seen_at: now() })
      .execute();
    await appendAudit(trx, [{ record_kind: 'security', record_id: user.id, action: 'login', actor: `user:${user.email}`, at: now(), before: null, after: JSON.stringify({ ip }) }]);
  });
  return { sessionId, csrfToken, user: presentUser(user), must_change_password: user.must_change_password === 1 };
}

export async function logout(ctx: AppContext, sessionIdHash: string) {
  await ctx.database.db.deleteFrom('sessions').where('id_hash', '=', sessionIdHash).execute();
}

async function currentUser(ctx: AppContext, reader: Reader) {
  const user = reader.userId ? await findUser(ctx.database.db, reader.userId) : undefined;
  if (!user) throw errors.unauthorized();
  return user;
}

/** What a change of credentials did to the account's other ways in. */
export interface AccessClosed {
  /** Sessions ended: every one but the one that made the change. */
  readonly ended_sessions: number;
  readonly revoked_tokens: number;
  readonly remaining_tokens: number;
}

/**
 * After a password change or 2FA enrolment, whoever signed in before it (with the old password,
 * or without the second factor) is out: the account's other sessions end, the current one stays.
 * API tokens do not depend on the password, so they are revoked only when the person asks.
 */
async function closeOtherAccess(trx: Transaction<DB>, userId: string, keepSession: string | undefined, revokeTokens: boolean): Promise<AccessClosed> {
  let sessions = trx.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSession) sessions = sessions.where('id_hash', '!=', keepSession);
  const ended = await sessions.executeTakeFirst();
  const revoked = revokeTokens
    ? await trx.updateTable('api_tokens').set({ revoked_at: now() }).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirst()
    : { numUpdatedRows: 0n };
  const remaining = await trx.selectFrom('api_tokens').select((eb) => eb.fn.countAll<number>().as('n')).where('user_id', '=', userId).where('revoked_at', 'is', null).executeTakeFirstOrThrow();
  return { ended_sessions: Number(ended.numDeletedRows), revoked_tokens: Number(revoked.numUpdatedRows), remaining_tokens: Number(remaining.n) };
}

/** `currentSession`: the hash of the session making the change, which stays signed in. */
export async function changePassword(ctx: AppContext, reader: Reader, input: { current: string; password: string; revoke_tokens?: boolean }, currentSession?: string): Promise<AccessClosed> {
  const user = await currentUser(ctx, reader);
  if (!(await verifyPassword(user.password_hash, input.current))) throw new AppError('wrong_credentials', 401, 'the current password is wrong');
  const problem = passwordProblem(input.password);
  if (problem) throw errors.validation([{ path: 'password', message: problem }]);
  const passwordHash = await hashPassword(input.password);
  return ctx.database.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ password_hash: passwordHash, must_change_password: 0, updated_at: now() }).where('id', '=', user.id).execute();
    const closed = await closeOtherAccess(trx, user.id, currentSession, input.revoke_tokens === true);
    await appendAudit(trx, [{ record_kind: 'security', record_id: user.id, action: 'password_changed', actor: reader.actor, at: now(), before: null, after: JSON.stringify(closed) }]);
    return closed;
  });
}

/** Starts enrolment: a new secret, shown once as a URI for the authenticator app; not active yet. */
export async function startTwoFactor(ctx: AppContext, reader: Reader) {
  const user = await currentUser(ctx, reader);
  if (user.totp_enabled) throw errors.conflict('two-factor authentication is already on; an administrator can reset it');
  const secret = newTotpSecret();
  await ctx.database.db.updateTable('users').set({ totp_secret: secret }).where('id', '=', user.id).execute();
  return { secret, uri: totpUri(secret, user.email) };
}

export async function confirmTwoFactor(ctx: AppContext, reader: Reader, input: { code: string; revoke_tokens?: boolean }, currentSession?: string): Promise<AccessClosed> {
  const user = await currentUser(ctx, reader);
  if (!user.totp_secret || user.totp_enabled) throw errors.conflict('start the enrolment first');
  const step = totpStep(user.totp_secret, input.code);
  if (step === null) throw new AppError('totp_invalid', 401, 'wrong authenticator code');
  return ctx.database.db.transaction().execute(async (trx) => {
    await trx.updateTable('users').set({ totp_enabled: 1, totp_last_step: step, updated_at: now() }).where('id', '=', user.id).execute();
    const closed = await closeOtherAccess(trx, user.id, currentSession, input.revoke_tokens === true);
    await appendAudit(trx, [{ record_kind: 'security', record_id: user.id, action: 'two_factor_enabled', actor: reader.actor, at: now(), before: null, after: JSON.stringify(closed) }]);
    return closed;
  });
}

/**
 * Always answers the same, whether the email exists or not, and whether the mail went out or not:
 * a failure to send is the operator's business (`logMailFailure`), never the asker's.
 */
export async function requestPasswordReset(ctx: AppContext, email: string, logMailFailure: (error: unknown) => void): Promise<void> {
  const user = await findUser(ctx.database.db, email);
  if (!user || user.disabled) return;
  const token = newSecret();
  await ctx.database.db
    .insertInto('password_resets')
    .values({ token_hash: secretHash(token), user_id: user.id, expires_at: new Date(Date.now() + RESET_MINUTES * 60_000).toISOString() })
    .execute();
  try {
    await sendMail(ctx.config, {
      to: user.email,
      subject: 'JSI Monitor: set a new password',
      text: `Someone asked to reset the password of ${user.email}. To set a new one, open this link within ${RESET_MINUTES} minutes:\n\n${ctx.config.publicUrl}/reset-password?token=${token}\n\nIf it was not you, ignore this message.`,
    });
  } catch (error) {
    logMailFailure(error);
  }
}

export async function resetPassword(ctx: AppContext, input: { token: string; password: string }) {
  const problem = passwordProblem(input.password);
  if (problem) throw errors.validation([{ path: 'password', message: problem }]);
  await ctx.database.db.transaction().execute(async (trx) => {
    const reset = await trx.selectFrom('password_resets').selectAll().where('token_hash', '=', secretHash(input.token)).executeTakeFirst();
    if (!reset) throw new AppError('invalid_token', 400, 'this reset link is not valid');
    if (reset.used_at) throw new AppError('token_used', 409, 'this reset link was used already; ask for a new one');
    if (reset.expires_at < now()) throw new AppError('token_expired', 409, 'this reset link has expired; ask for a new one');
    await trx.updateTable('password_resets').set({ used_at: now() }).where('token_hash', '=', reset.token_hash).execute();
    await trx.updateTable('users').set({ password_hash: await hashPassword(input.password), must_change_password: 0, locked_until: null, updated_at: now() }).where('id', '=', reset.user_id).execute();
    // A reset ends every session: whoever held the old password is out.
    await trx.deleteFrom('sessions').where('user_id', '=', reset.user_id).execute();
    await appendAudit(trx, [{ record_kind: 'security', record_id: reset.user_id, action: 'password_reset', actor: 'reset-link', at: now(), before: null, after: null }]);
  });
}

/**
 * An API token for a program: shown once, stored hashed. Its roles are some of the roles of the
 * credential that creates it (by default all of them), so a token can never widen what its maker may do.
 */
export async function createToken(ctx: AppContext, reader: Reader, input: { name: string; roles?: string[] }) {
  const user = await currentUser(ctx, reader);
  const roles = input.roles ?? [...reader.roles];
  const foreign = roles.filter((r) => !reader.roles.includes(r) || !(ROLES as readonly string[]).includes(r));
  if (foreign.length) {
    const message = `a token cannot carry roles you do not hold: ${foreign.join(', ')}`;
    throw new AppError('validation_failed', 422, `roles: ${message}`, [{ path: 'roles', message }]);
  }
  const id = newId('t').replace(/^t-/, '');
  const secret = newSecret();
  await ctx.database.db.transaction().execute(async (trx) => {
    await trx.insertInto('api_tokens').values({ id, user_id: user.id, name: input.name, token_hash: secretHash(secret), roles: JSON.stringify(roles), created_at: now() }).execute();
    await appendAudit(trx, [{ record_kind: 'security', record_id: user.id, action: 'token_created', actor: reader.actor, at: now(), before: null, after: JSON.stringify({ id, name: input.name, roles }) }]);
  });
  return { id, name: input.name, roles, token: `jsi_${id}.${secret}` };
}

export async function listTokens(ctx: AppContext, reader: Reader) {
  const rows = await ctx.database.db.selectFrom('api_tokens').select(['id', 'name', 'roles', 'created_at', 'last_used_at', 'revoked_at']).where('user_id', '=', reader.userId ?? '').orderBy('created_at').execute();
  return rows.map((r) => ({ ...r, roles: JSON.parse(r.roles) as string[] }));
}

export async function revokeToken(ctx: AppContext, reader: Reader, id: string) {
  const result = await ctx.database.db.updateTable('api_tokens').set({ revoked_at: now() }).where('id', '=', id).where('user_id', '=', reader.userId ?? '').where('revoked_at', 'is', null).executeTakeFirst();
  if (Number(result.numUpdatedRows) === 0) throw errors.notFound('token', id);
}
