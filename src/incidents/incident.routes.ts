import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { incidentCreateSchema, recordId } from '../exchange/interchange.schema.js';
import type { AppContext } from '../platform/context.js';
import { STATUSES } from '../reference/vocabulary.js';
import { incidentFacets } from './incident.facets.js';
import { incidentFilterSchema } from './incident.filters.js';
import { createIncidentOnce, IDEMPOTENCY_HEADER } from './idempotency.js';
import * as service from './incident.service.js';

const idParams = z.object({ id: recordId });
const listQuery = incidentFilterSchema.extend({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
  sort: z.enum(['date', '-date']).default('-date'),
  view: z.enum(['summary', 'full']).default('summary').describe('summary: what a list shows; full: whole incidents'),
});

export const incidentRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['incidents'];

  r.get('/incidents', { config: { permission: 'public' }, schema: { tags, summary: 'List incidents with filters, newest first', querystring: listQuery } }, (req) => {
    const { limit, cursor, sort, view, ...filter } = req.query;
    return service.listIncidents(ctx, filter, { limit, cursor, sort, view }, req.reader);
  });

  r.get('/incidents/facets', { config: { permission: 'public' }, schema: { tags, summary: 'Counts of incidents per value of each filter', querystring: incidentFilterSchema } }, async (req) => ({
    facets: await incidentFacets(ctx, req.query, req.reader),
  }));

  r.post(
    '/incidents',
    {
      config: { permission: 'records:write' },
      schema: {
        tags,
        summary: 'Record a new incident',
        description: 'With an Idempotency-Key header, a repeat of the same request returns the incident the first one created and creates nothing.',
        headers: z.looseObject({ [IDEMPOTENCY_HEADER]: z.string().trim().min(8).max(200).optional().describe('a unique key per new incident, e.g. a random UUID') }),
        body: incidentCreateSchema,
      },
    },
    async (req, reply) => {
      const key = req.headers[IDEMPOTENCY_HEADER];
      if (typeof key !== 'string') {
        reply.status(201);
        return service.createIncident(ctx, req.body, req.reader);
      }
      const { incident, replayed } = await createIncidentOnce(ctx, req.body, key, req.reader);
      reply.status(replayed ? 200 : 201).header('idempotent-replayed', String(replayed));
      return incident;
    },
  );

  r.get('/incidents/:id', { config: { permission: 'public' }, schema: { tags, summary: 'One incident with everything known about it', params: idParams } }, (req) =>
    service.getIncident(ctx, req.params.id, req.reader),
  );

  r.put(
    '/incidents/:id',
    {
      config: { permission: 'records:write' },
      schema: {
        tags,
        summary: 'Replace an incident (send the version you read)',
        params: idParams,
        body: z.object({ version: z.number().int().min(1), incident: incidentCreateSchema }),
      },
    },
    (req) => service.updateIncident(ctx, req.params.id, req.body.incident, req.body.version, req.reader),
  );

  r.post(
    '/incidents/:id/transitions',
    {
      config: { permission: 'records:verify' },
      schema: { tags, summary: 'Move an incident through verification', params: idParams, body: z.object({ to: z.enum(STATUSES), reason: z.string().trim().min(1).max(2000) }) },
    },
    (req) => service.transitionIncident(ctx, req.params.id, req.body.to, req.body.reason, req.reader),
  );

  r.post(
    '/incidents/:id/merge',
    {
      config: { permission: 'records:merge' },
      schema: { tags, summary: 'Merge a duplicate into another incident', params: idParams, body: z.object({ into: recordId, reason: z.string().trim().min(1).max(2000) }) },
    },
    (req) => service.mergeIncident(ctx, req.params.id, req.body.into, req.body.reason, req.reader),
  );

  r.get('/incidents/:id/history', { config: { permission: 'records:history' }, schema: { tags, summary: 'Every change to an incident', params: idParams } }, async (req) => {
    await service.getIncident(ctx, req.params.id, req.reader);
    return {
      history: await service.recordHistory(ctx, 'incident', req.params.id),
      transitions: await service.incidentTransitions(ctx, req.params.id),
    };
  });
};
