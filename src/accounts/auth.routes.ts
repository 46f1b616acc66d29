import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { auditSecurityEvent } from '../audit/audit.js';
import type { AppContext } from '../platform/context.js';
import { errors } from '../platform/errors.js';
import { type Restriction, restrictionMessage, SESSION_COOKIE, SESSION_HOURS } from './authenticate.js';
import * as auth from './auth.service.js';
import { ROLES } from './roles.js';
import { findUser, presentUser } from './users.service.js';

/** Signing in and out, the second factor, password resets and API tokens: the user's own chores. */
export const authRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['accounts'];
  const secure = ctx.config.publicUrl.startsWith('https://');
  const cookie = (value: string, maxAge: number) =>
    `${SESSION_COOKIE}=${value}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${maxAge}${secure ? '; Secure' : ''}`;

  const refuse = async (req: FastifyRequest, reason: string) => {
    await auditSecurityEvent(ctx.database.db, { record_id: `${req.method} ${req.routeOptions.url}`, action: 'permission_denied', actor: req.reader.actor, after: JSON.stringify({ reason }) });
    throw errors.forbiddenBecause(reason);
  };
  /**
   * The password, the second factor and API tokens are managed by the person, signed in: a token
   * (possibly held by a program, possibly leaked) can neither widen itself nor take over the account.
   * Checked after the permission and the CSRF token, before the body.
   */
  const signedInOnly = async (req: FastifyRequest) => {
    if (!req.sessionIdHash) await refuse(req, 'an API token cannot manage the password, two-factor authentication or API tokens; sign in to do it');
  };
  /** An account that must still change its password or enrol in 2FA mints nothing until it has. */
  const unrestrictedOnly = async (req: FastifyRequest) => {
    await signedInOnly(req);
    if (req.restriction) await refuse(req, restrictionMessage(req.restriction as Restriction));
  };
  // Published beside `x-permission` in the OpenAPI document: here a token is refused whatever its roles.
  app.addHook('onRoute', (route) => {
    const guards: unknown[] = [route.preValidation].flat();
    if (guards.includes(signedInOnly) || guards.includes(unrestrictedOnly)) route.schema = { ...route.schema, 'x-session-only': true } as typeof route.schema;
  });
  const revokeTokens = z.boolean().default(false).describe('also revoke every API token of the account');

  r.post(
    '/auth/login',
    {
      config: { permission: 'public' },
      schema: { tags, summary: 'Sign in; sets the session cookie and returns the CSRF token for writes', body: z.object({ email: z.string().max(200), password: z.string().max(200), totp: z.string().max(10).optional() }) },
    },
    async (req, reply) => {
      const result = await auth.login(ctx, req.body, req.ip);
      reply.header('set-cookie', cookie(result.sessionId, SESSION_HOURS * 3600));
      return { user: result.user, csrf_token: result.csrfToken, must_change_password: result.must_change_password };
    },
  );

  r.post('/auth/logout', { config: { permission: 'self' }, schema: { tags, summary: 'Sign out: the session ends on the server' } }, async (req, reply) => {
    if (req.sessionIdHash) await auth.logout(ctx, req.sessionIdHash);
    reply.header('set-cookie', cookie('', 0));
    return { signed_out: true };
  });

  r.get('/auth/session', { config: { permission: 'self' }, schema: { tags, summary: 'Who is signed in, with the CSRF token and what is still to do' } }, async (req) => {
    const user = req.reader.userId ? await findUser(ctx.database.db, req.reader.userId) : undefined;
    if (!user) throw errors.unauthorized();
    return { user: presentUser(user), csrf_token: req.csrfToken ?? null, restriction: req.restriction ?? null };
  });

  r.post(
    '/auth/password',
    {
      config: { permission: 'self' },
      preValidation: signedInOnly,
      schema: { tags, summary: 'Change your password; your other sessions end, and your API tokens too if asked', body: z.object({ current: z.string().max(200), password: z.string().max(200), revoke_tokens: revokeTokens }) },
    },
    async (req) => ({ changed: true, ...(await auth.changePassword(ctx, req.reader, req.body, req.sessionIdHash)) }),
  );

  r.post('/auth/two-factor', { config: { permission: 'self' }, preValidation: signedInOnly, schema: { tags, summary: 'Start enrolling an authenticator app' } }, (req) => auth.startTwoFactor(ctx, req.reader));
  r.post(
    '/auth/two-factor/confirm',
    {
      config: { permission: 'self' },
      preValidation: signedInOnly,
      schema: { tags, summary: 'Turn two-factor authentication on with a first code; your other sessions end, and your API tokens too if asked', body: z.object({ code: z.string().max(10), revoke_tokens: revokeTokens }) },
    },
    async (req) => ({ two_factor: true, ...(await auth.confirmTwoFactor(ctx, req.reader, req.body, req.sessionIdHash)) }),
  );

  r.post(
    '/auth/password-reset',
    { config: { permission: 'public' }, schema: { tags, summary: 'Mail a one-time link to set a new password', body: z.object({ email: z.string().max(200) }) } },
    async (req, reply) => {
      await auth.requestPasswordReset(ctx, req.body.email, (error) => req.log.error({ err: error }, 'the password-reset mail could not be sent'));
      reply.status(202);
      return { sent: 'if the address has an account, a link is on its way' };
    },
  );
  r.post(
    '/auth/password-reset/confirm',
    { config: { permission: 'public' }, schema: { tags, summary: 'Set a new password with the mailed link', body: z.object({ token: z.string().max(200), password: z.string().max(200) }) } },
    async (req) => {
      await auth.resetPassword(ctx, req.body);
      return { changed: true };
    },
  );

  r.get('/auth/tokens', { config: { permission: 'self' }, preValidation: signedInOnly, schema: { tags, summary: 'Your API tokens (never their secrets)' } }, async (req) => ({ items: await auth.listTokens(ctx, req.reader) }));
  r.post(
    '/auth/tokens',
    {
      config: { permission: 'self' },
      preValidation: unrestrictedOnly,
      schema: {
        tags,
        summary: 'Create an API token with some of your roles (by default all); its secret is shown once',
        body: z.object({ name: z.string().trim().min(1).max(100), roles: z.array(z.enum(ROLES)).min(1).optional() }),
      },
    },
    async (req, reply) => {
      reply.status(201);
      return auth.createToken(ctx, req.reader, req.body);
    },
  );
  r.delete('/auth/tokens/:id', { config: { permission: 'self' }, preValidation: signedInOnly, schema: { tags, summary: 'Revoke an API token', params: z.object({ id: z.string().max(100) }) } }, async (req) => {
    await auth.revokeToken(ctx, req.reader, req.params.id);
    return { revoked: true };
  });
};
