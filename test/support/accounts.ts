import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { createToken } from '../../src/accounts/auth.service.js';
import { readerForUser } from '../../src/accounts/authenticate.js';
import { createUser, findUser } from '../../src/accounts/users.service.js';
import type { AppContext } from '../../src/platform/context.js';
import { operatorReader } from '../../src/platform/reader.js';

/**
 * A new account with the given roles, and the headers of an API token of it, made as its signed-in
 * owner makes one (`tokenRoles`: a token restricted to some of them).
 */
export async function tokenFor(
  ctx: AppContext,
  roles: string[],
  options: { regions?: string[]; grants?: string[]; tokenRoles?: string[] } = {},
): Promise<{ headers: { authorization: string }; userId: string; email: string }> {
  const email = `${roles.join('-')}-${randomBytes(4).toString('hex')}@example.test`;
  const { user } = await createUser(ctx, { email, name: email, roles, regions: options.regions ?? [], grants: options.grants ?? [] }, operatorReader('test'));
  // A token works only for an account that has replaced its one-time password.
  await ctx.database.db.updateTable('users').set({ must_change_password: 0 }).where('id', '=', user.id).execute();
  const row = (await findUser(ctx.database.db, user.id))!;
  const reader = await readerForUser(ctx.database.db, row, roles, false);
  const { token } = await createToken(ctx, reader, { name: 'test', ...(options.tokenRoles ? { roles: options.tokenRoles } : {}) });
  return { headers: { authorization: `Bearer ${token}` }, userId: user.id, email };
}

/**
 * A new account with the given roles, signed in through the API as a browser is: its session
 * cookie and the CSRF token its writes must carry (the one-time password already changed).
 */
export async function sessionFor(
  ctx: AppContext,
  app: FastifyInstance,
  roles: string[],
): Promise<{ headers: { cookie: string; 'x-csrf-token': string }; userId: string; email: string }> {
  const email = `${roles.join('-')}-${randomBytes(4).toString('hex')}@example.test`;
  const { user, password } = await createUser(ctx, { email, name: email, roles, regions: [] }, operatorReader('test'));
  const login = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { email, password } });
  if (login.statusCode !== 200) throw new Error(`sign-in failed: ${login.body}`);
  const headers = { cookie: String(login.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': login.json().csrf_token as string };
  const changed = await app.inject({ method: 'POST', url: '/api/v1/auth/password', headers, payload: { current: password, password: `a new long password ${email}` } });
  if (changed.statusCode !== 200) throw new Error(`password change failed: ${changed.body}`);
  return { headers, userId: user.id, email };
}
