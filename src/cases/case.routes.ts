import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { legalCaseSchema, recordId } from '../exchange/interchange.schema.js';
import { recordHistory } from '../incidents/incident.service.js';
import type { AppContext } from '../platform/context.js';
import { CASE_KINDS } from '../reference/vocabulary.js';
import { assignCase, getCase, listCases, saveCase } from './case.service.js';

const idParams = z.object({ id: recordId });
const caseBody = z.object({ case: legalCaseSchema, incidents: z.array(recordId).min(1).max(500) });

export const caseRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['legal cases'];
  r.get(
    '/legal-cases',
    {
      config: { permission: 'records:read' },
      schema: {
        tags,
        summary: 'Legal cases, by kind, article or incident',
        querystring: z.object({ kind: z.enum(CASE_KINDS).optional(), article: z.string().max(80).optional(), incident: recordId.optional(), limit: z.coerce.number().int().min(1).max(500).default(100) }),
      },
    },
    async (req) => ({ items: await listCases(ctx, req.query, req.reader) }),
  );
  r.get('/legal-cases/:id', { config: { permission: 'records:read' }, schema: { tags, summary: 'One legal case with its incidents', params: idParams } }, (req) => getCase(ctx, req.params.id, req.reader));
  r.post('/legal-cases', { config: { permission: 'cases:write' }, schema: { tags, summary: 'Open a legal case linked to incidents', body: caseBody } }, async (req, reply) => {
    reply.status(201);
    return saveCase(ctx, req.body, req.reader);
  });
  r.put(
    '/legal-cases/:id',
    { config: { permission: 'cases:write' }, schema: { tags, summary: 'Replace a legal case (send the version you read)', params: idParams, body: caseBody.extend({ version: z.number().int().min(1) }) } },
    (req) => saveCase(ctx, req.body, req.reader, { id: req.params.id, version: req.body.version }),
  );
  r.post(
    '/legal-cases/:id/assignees',
    { config: { permission: 'records:verify' }, schema: { tags, summary: 'Assign a legal case to a lawyer', params: idParams, body: z.object({ user: z.string().max(200) }) } },
    (req) => assignCase(ctx, req.params.id, req.body.user, req.reader),
  );
  r.get('/legal-cases/:id/history', { config: { permission: 'records:history' }, schema: { tags, summary: 'Every change to a legal case', params: idParams } }, async (req) => {
    await getCase(ctx, req.params.id, req.reader);
    return { history: await recordHistory(ctx, 'legal_case', req.params.id) };
  });
};
