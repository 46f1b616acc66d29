import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { incidentFilterSchema } from '../incidents/incident.filters.js';
import type { AppContext } from '../platform/context.js';
import { LANGUAGES } from '../reference/vocabulary.js';
import { COUNT_UNITS, SHARE_BASES } from './definition.schema.js';
import { computeImpunity } from './impunity.js';
import { sdgConfig } from './indicators.js';
import { renderTable, TABLE_CONTENT_TYPES, TABLE_FORMATS, type TableFormat } from './render.js';
import { checkWindow, computeSdg16101, sdgCsv } from './sdg16101.js';
import { adHocTable, listTables, namedTable } from './stats.service.js';
import type { StatsTable } from './table.types.js';

/**
 * Statistics over HTTP. Every route is public: what a caller may see limits what is counted (the
 * public counts published, non-confidential records only), not whether the route answers.
 */

const lang = z.enum(LANGUAGES).default('en').describe('language of labels and methodology');
const flag = z.enum(['true', 'false']).default('false').transform((v) => v === 'true');
const tableQuery = incidentFilterSchema.extend({
  format: z.enum(TABLE_FORMATS).default('json'),
  compare: flag.describe('add the same table for the year before'),
  lang,
});
const fullDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');

async function sendTable(reply: FastifyReply, table: StatsTable, format: TableFormat) {
  if (format === 'json') return table;
  const name = `${table.id ?? 'statistics'}${table.period ? `-${table.period.from.slice(0, 4)}` : ''}.${format}`;
  reply.header('content-type', TABLE_CONTENT_TYPES[format]);
  reply.header('content-disposition', `${format === 'md' ? 'inline' : 'attachment'}; filename="${name}"`);
  const body = await renderTable(table, format);
  return reply.send(typeof body === 'string' ? body : Buffer.from(body));
}

export const statsRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['statistics'];
  const permission = { permission: 'public' as const };

  r.get('/stats/tables', { config: permission, schema: { tags, summary: "The named tables (the seed's tables among them)", querystring: z.object({ lang }) } }, async (req) => ({
    tables: listTables(ctx, req.query.lang),
  }));

  r.get(
    '/stats/tables/:id',
    {
      config: permission,
      schema: {
        tags,
        summary: 'One named table, with any filters; every cell carries the incident-list filter of its records',
        params: z.object({ id: z.string().regex(/^[a-z0-9-]{1,80}$/) }),
        querystring: tableQuery,
      },
    },
    async (req, reply) => {
      const { format, compare, lang: language, ...filter } = req.query;
      return sendTable(reply, await namedTable(ctx, req.params.id, filter, req.reader, { lang: language, compare }), format);
    },
  );

  r.get(
    '/stats/query',
    {
      config: permission,
      schema: {
        tags,
        summary: 'An ad-hoc table: count incidents, acts, persons or charges by up to three row and two column dimensions',
        description: 'Dimensions: year, quarter, month, region, type, victim_kind, victim_group, gender, perpetrator_type, article, proceeding, stage, outcome, status, context. Add `:N` for a level (type:1, article:2) or `:framework` for a mapping (type:seed_a1, type:sdg_16_10_1, victim_group:sdg_16_10_1, perpetrator_type:state).',
        querystring: tableQuery.extend({
          count: z.enum(COUNT_UNITS).default('incidents'),
          rows: z.string().max(200).describe('comma-separated dimensions, e.g. region or year,region'),
          columns: z.string().max(200).optional(),
          shares: z.enum(SHARE_BASES).default('total'),
        }),
      },
    },
    async (req, reply) => {
      const { format, compare, lang: language, count, rows, columns, shares, ...filter } = req.query;
      return sendTable(reply, await adHocTable(ctx, { count, rows, columns, shares }, filter, req.reader, { lang: language, compare }), format);
    },
  );

  r.get(
    '/stats/sdg-16-10-1',
    {
      config: permission,
      schema: {
        tags,
        summary: 'SDG indicator 16.10.1 for a window of at most twelve months, as JSON or in the UN SDG database CSV layout',
        querystring: z.object({ from: fullDate, to: fullDate, format: z.enum(['json', 'csv']).default('json'), lang }),
      },
    },
    async (req, reply) => {
      const window = checkWindow(req.query.from, req.query.to, (f) => `querystring.${f}`);
      const result = await computeSdg16101(ctx, window, req.reader, req.query.lang);
      if (req.query.format === 'json') return result;
      reply.header('content-type', 'text/csv; charset=utf-8');
      reply.header('content-disposition', `attachment; filename="sdg-16-10-1-${window.from}-${window.to}.csv"`);
      return reply.send(sdgCsv(result, sdgConfig(ctx.profile)));
    },
  );

  r.get(
    '/stats/impunity',
    {
      config: permission,
      schema: {
        tags,
        summary: 'Impunity for crimes against journalists: the funnel, each case in CPJ terms, and the rate by year',
        querystring: incidentFilterSchema.pick({ from: true, to: true, year: true }).extend({ lang }),
      },
    },
    async (req) => {
      const { lang: language, ...period } = req.query;
      return computeImpunity(ctx, period, req.reader, language);
    },
  );
};
