import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { organisationCreateSchema, personSchema, recordId } from '../exchange/interchange.schema.js';
import { recordHistory } from '../incidents/incident.service.js';
import type { AppContext } from '../platform/context.js';
import { previewMerge } from './merge-preview.js';
import { likelyDuplicates } from './likely-duplicates.js';
import { mergePeople, type PeopleKind, getPerson, savePerson, searchPeople } from './people.service.js';

const idParams = z.object({ id: recordId });

/** The same routes for persons and for organisations: both are victims with records of their own. */
export const peopleRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const kinds: [PeopleKind, string, z.ZodType][] = [
    ['person', 'persons', personSchema.partial({ id: true })],
    ['organisation', 'organisations', organisationCreateSchema],
  ];
  for (const [kind, path, schema] of kinds) {
    const tags = [path];
    r.get(
      `/${path}`,
      {
        config: { permission: 'records:read' },
        schema: { tags, summary: `Find ${path} by name`, querystring: z.object({ q: z.string().trim().max(200).optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }) },
      },
      async (req) => ({ items: await searchPeople(ctx, kind, req.query.q, req.query.limit, req.reader) }),
    );
    r.get(
      `/${path}/likely-duplicates`,
      {
        config: { permission: 'records:read' },
        schema: { tags, summary: `${path} a name probably means, best first (words in any order, ё/е and Kazakh letters folded, small typos)`, querystring: z.object({ name: z.string().trim().min(2).max(300), limit: z.coerce.number().int().min(1).max(50).default(10) }) },
      },
      async (req) => ({ items: await likelyDuplicates(ctx, kind, req.query.name, req.query.limit, req.reader) }),
    );
    r.get(`/${path}/:id`, { config: { permission: 'records:read' }, schema: { tags, summary: `One ${kind} and every incident about them`, params: idParams } }, (req) =>
      getPerson(ctx, kind, req.params.id, req.reader),
    );
    r.post(`/${path}`, { config: { permission: 'records:write' }, schema: { tags, summary: `Create a ${kind}`, body: schema } }, async (req, reply) => {
      reply.status(201);
      return savePerson(ctx, kind, req.body, req.reader);
    });
    r.put(
      `/${path}/:id`,
      { config: { permission: 'records:write' }, schema: { tags, summary: `Update a ${kind} (send the version you read)`, params: idParams, body: z.object({ version: z.number().int().min(1), record: z.unknown() }) } },
      (req) => savePerson(ctx, kind, { ...(req.body.record as object), id: req.params.id }, req.reader, { id: req.params.id, version: req.body.version }),
    );
    r.post(
      `/${path}/:id/merge`,
      { config: { permission: 'records:merge' }, schema: { tags, summary: `Merge a duplicate ${kind} into another`, params: idParams, body: z.object({ into: recordId, reason: z.string().trim().min(1).max(2000) }) } },
      (req) => mergePeople(ctx, kind, req.params.id, req.body.into, req.body.reason, req.reader),
    );
    r.post(
      `/${path}/:id/merge-preview`,
      { config: { permission: 'records:merge' }, schema: { tags, summary: `What merging a duplicate ${kind} into another would produce; writes nothing`, params: idParams, body: z.object({ into: recordId }) } },
      (req) => previewMerge(ctx, kind, req.params.id, req.body.into, req.reader),
    );
    r.get(`/${path}/:id/history`, { config: { permission: 'records:history' }, schema: { tags, summary: `Every change to a ${kind}`, params: idParams } }, async (req) => {
      await getPerson(ctx, kind, req.params.id, req.reader);
      return { history: await recordHistory(ctx, kind, req.params.id) };
    });
  }
};
