import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { createUser, listUsers, resetTwoFactor, updateUser, userInputSchema, userUpdateSchema } from './users.service.js';

const idParams = z.object({ id: z.string().max(200) });

/** Administrators manage accounts: roles, regions, grants, disabling, lost second factors. */
export const userRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['users'];
  r.get('/users', { config: { permission: 'users:manage' }, schema: { tags, summary: 'Every account' } }, async () => ({ items: await listUsers(ctx) }));
  r.post('/users', { config: { permission: 'users:manage' }, schema: { tags, summary: 'Create an account; its one-time password is shown once', body: userInputSchema } }, async (req, reply) => {
    reply.status(201);
    return createUser(ctx, req.body, req.reader);
  });
  r.put('/users/:id', { config: { permission: 'users:manage' }, schema: { tags, summary: 'Change roles, regions, grants, or disable', params: idParams, body: userUpdateSchema } }, (req) =>
    updateUser(ctx, req.params.id, req.body, req.reader),
  );
  r.post('/users/:id/reset-two-factor', { config: { permission: 'users:manage' }, schema: { tags, summary: 'Remove a lost second factor', params: idParams } }, async (req) => {
    await resetTwoFactor(ctx, req.params.id, req.reader);
    return { reset: true };
  });
};
