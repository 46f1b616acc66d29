import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordId } from '../exchange/interchange.schema.js';
import type { AppContext } from '../platform/context.js';
import { createSavedFilter, deleteSavedFilter, listSavedFilters, savedFilterInputSchema } from './saved-filter.service.js';

/** Each signed-in user's named views of the incident list; nobody sees or deletes another's. */
export const savedFilterRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['saved filters'];

  r.get('/saved-filters', { config: { permission: 'self' }, schema: { tags, summary: 'Your saved incident-list filters, by name' } }, async (req) => ({
    items: await listSavedFilters(ctx, req.reader),
  }));

  r.post('/saved-filters', { config: { permission: 'self' }, schema: { tags, summary: 'Save a filter of the incident list under a name', body: savedFilterInputSchema } }, async (req, reply) => {
    reply.status(201);
    return createSavedFilter(ctx, req.body, req.reader);
  });

  r.delete('/saved-filters/:id', { config: { permission: 'self' }, schema: { tags, summary: 'Delete one of your saved filters', params: z.object({ id: recordId }) } }, async (req) => {
    await deleteSavedFilter(ctx, req.params.id, req.reader);
    return { deleted: true };
  });
};
