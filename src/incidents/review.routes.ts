import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { recordId } from '../exchange/interchange.schema.js';
import type { AppContext } from '../platform/context.js';
import { claimIncident, reviewQueue, WAITING } from './review.service.js';
import { TRANSITIONS } from './workflow.js';

const waitingList = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(z.array(z.enum(WAITING)).min(1));

/** The editor's desk: the workflow's rules, the queue of reports waiting for review, taking one. */
export const reviewRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['incidents'];

  r.get('/incidents/workflow', { config: { permission: 'records:read' }, schema: { tags, summary: 'The verification workflow: which status may follow which' } }, async () => ({
    transitions: TRANSITIONS,
  }));

  r.get(
    '/incidents/review-queue',
    {
      config: { permission: 'records:verify' },
      schema: {
        tags,
        summary: 'Reports waiting for verification or publication, longest waiting first, with who has each',
        querystring: z.object({
          status: waitingList.optional().describe('received, under_verification, verified (comma-separated); all three by default'),
          limit: z.coerce.number().int().min(1).max(200).default(50),
          cursor: z.string().max(500).optional(),
        }),
      },
    },
    (req) => reviewQueue(ctx, req.query.status ?? WAITING, { limit: req.query.limit, cursor: req.query.cursor }, req.reader),
  );

  r.post(
    '/incidents/:id/claim',
    { config: { permission: 'records:verify' }, schema: { tags, summary: 'Take a report: you become the one who has it', params: z.object({ id: recordId }) } },
    (req) => claimIncident(ctx, req.params.id, req.reader),
  );
};
