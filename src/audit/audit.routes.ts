import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import { errors } from '../platform/errors.js';
import { verifyAudit } from './audit.js';

/** Administrators browse the audit log, newest first, and can check its chain. */
export const auditRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['audit'];
  r.get(
    '/audit',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags,
        summary: 'The audit log, newest first',
        querystring: z.object({
          kind: z.string().max(50).optional(),
          record: z.string().max(200).optional(),
          before: z.coerce.number().int().min(1).max(2_147_483_647).optional().describe('entries older than this id: the next page'),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
      },
    },
    async (req) => {
      let q = ctx.database.db.selectFrom('history').selectAll().orderBy('id', 'desc').limit(req.query.limit);
      if (req.query.kind) q = q.where('record_kind', '=', req.query.kind);
      if (req.query.record) q = q.where('record_id', '=', req.query.record);
      if (req.query.before) q = q.where('id', '<', req.query.before);
      return { items: await q.execute() };
    },
  );
  r.get(
    '/audit/verify',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags,
        summary: 'Check the hash chain of the whole log, and against an anchor when given one',
        description:
          'Without an anchor the check cannot see entries deleted from the end of the log, or a log rewritten with its hashes recomputed. ' +
          'Pass the `entries` and `hash` of an anchor ("jsi audit anchor", or a backup\'s header) to detect both.',
        querystring: z.object({
          entries: z.coerce.number().int().min(0).optional().describe("the anchor's count of entries"),
          hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hexadecimal digits').optional().describe("the anchor's hash of its last entry"),
        }),
      },
    },
    (req) => {
      const { entries, hash } = req.query;
      if ((entries === undefined) !== (hash === undefined)) {
        throw errors.validation([{ path: entries === undefined ? 'entries' : 'hash', message: 'an anchor needs both entries and hash' }]);
      }
      return verifyAudit(ctx.database.db, entries === undefined || hash === undefined ? undefined : { entries, hash });
    },
  );
};
