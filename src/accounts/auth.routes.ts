import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { errors } from '../platform/errors.js';
import { SESSION_COOKIE, SESSION_HOURS } from './authenticate.js';
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
    { config: { permission: 'self' }, schema: { tags, summary: 'Change your password', body: z.object({ current: z.string().max(200), password: z.string().max(200) }) } },
    async (req) => {
      await auth.changePassword(ctx, req.reader, req.body);
      return { changed: true };
    },
  );

  r.post('/auth/two-factor', { config: { permission: 'self' }, schema: { tags, summary: 'Start enrolling an authenticator app' } }, (req) => auth.startTwoFactor(ctx, req.reader));
  r.post(
    '/auth/two-factor/confirm',
    { config: { permission: 'self' }, schema: { tags, summary: 'Turn two-factor authentication on with a first code', body: z.object({ code: z.string().max(10) }) } },
    async (req) => {
      await auth.confirmTwoFactor(ctx, req.reader, req.body.code);
      return { two_factor: true };
    },
  );

  r.post(
    '/auth/password-reset',
    { config: { permission: 'public' }, schema: { tags, summary: 'Mail a one-time link to set a new password', body: z.object({ email: z.string().max(200) }) } },
    async (req, reply) => {
      await auth.requestPasswordReset(ctx, req.body.email);
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

  r.get('/auth/tokens', { config: { permission: 'self' }, schema: { tags, summary: 'Your API tokens (never their secrets)' } }, async (req) => ({ items: await auth.listTokens(ctx, req.reader) }));
  r.post(
    '/auth/tokens',
    { config: { permission: 'self' }, schema: { tags, summary: 'Create an API token; its secret is shown once', body: z.object({ name: z.string().trim().min(1).max(100), roles: z.array(z.enum(ROLES)).min(1).optional() }) } },
    async (req, reply) => {
      reply.status(201);
      return auth.createToken(ctx, req.reader, req.body);
    },
  );
  r.delete('/auth/tokens/:id', { config: { permission: 'self' }, schema: { tags, summary: 'Revoke an API token', params: z.object({ id: z.string().max(100) }) } }, async (req) => {
    await auth.revokeToken(ctx, req.reader, req.params.id);
    return { revoked: true };
  });
};
