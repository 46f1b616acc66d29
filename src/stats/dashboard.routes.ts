import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../platform/context.js';
import type { Reader } from '../platform/reader.js';
import { LANGUAGES } from '../reference/vocabulary.js';
import { chartCsv, chartSvg } from './charts/chart-svg.js';
import { CHART_WORDS, CHARTS } from './charts/chart-specs.js';
import { chartSpec, computeChart } from './charts/chart.service.js';
import { computeDashboard, latestYear } from './dashboard.js';
import { loadTableDefinitions } from './definitions.js';
import { impunityConfig, sdgConfig } from './indicators.js';
import { MAP_VIEWS } from './map/map-model.js';
import { computeMap, mapAttribution } from './map/map.service.js';
import { mapSvg } from './map/map-svg.js';

/**
 * Charts, the map, the dashboard and the methodology over HTTP. Public like every statistics
 * route: the reader decides what is counted (the public counts published, non-confidential
 * records only), so the same URL gives a partner or an editor their own numbers.
 */

const lang = z.enum(LANGUAGES).default('en').describe('language of titles and labels');
const year = z.coerce.number().int().min(1900).max(2200).optional().describe('the year counted (default: the newest year with incidents)');
const SVG = 'image/svg+xml; charset=utf-8';

async function yearOr(ctx: AppContext, given: number | undefined, reader: Reader): Promise<number> {
  return given ?? latestYear(ctx, reader);
}

export const dashboardRoutes: FastifyPluginAsync<{ ctx: AppContext }> = async (app, { ctx }) => {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['statistics'];
  const config = { permission: 'public' as const };

  r.get('/stats/charts', { config, schema: { tags, summary: "The dashboard's charts", querystring: z.object({ lang }) } }, async (req) => ({
    charts: CHARTS.map((c) => ({ id: c.id, kind: c.kind, title: c.title[req.query.lang], all_years: c.allYears ?? false })),
  }));

  r.get(
    '/stats/charts/:file',
    {
      config,
      schema: {
        tags,
        summary: "A chart as SVG (ECharts' server rendering), its data as CSV (UTF-8 with a byte-order mark) or as JSON with each number's incident-list filter",
        params: z.object({ file: z.string().regex(/^[a-z0-9-]{1,80}\.(svg|csv|json)$/, 'expected CHART.svg, CHART.csv or CHART.json') }),
        querystring: z.object({ year, lang }),
      },
    },
    async (req, reply) => {
      const [id, format] = req.params.file.split('.') as [string, 'svg' | 'csv' | 'json'];
      const spec = chartSpec(id);
      const counted = await yearOr(ctx, req.query.year, req.reader);
      const data = await computeChart(ctx, spec, counted, req.reader, req.query.lang);
      if (format === 'json') return data;
      const name = `${id}${spec.allYears ? '' : `-${counted}`}-${req.query.lang}.${format}`;
      reply.header('content-type', format === 'svg' ? SVG : 'text/csv; charset=utf-8');
      reply.header('content-disposition', `${format === 'svg' ? 'inline' : 'attachment'}; filename="${name}"`);
      return reply.send(format === 'svg' ? await chartSvg(data) : chartCsv(data));
    },
  );

  const mapQuery = z.object({ year, lang, view: z.enum(MAP_VIEWS).default('choropleth') });
  r.get('/stats/map.svg', { config, schema: { tags, summary: 'Incidents by region on a map (choropleth with the cities as circles) or a tile grid, as SVG', querystring: mapQuery } }, async (req, reply) => {
    const model = await computeMap(ctx, await yearOr(ctx, req.query.year, req.reader), req.query.view, req.reader, req.query.lang);
    reply.header('content-type', SVG);
    return reply.send(mapSvg(model));
  });
  r.get('/stats/map.json', { config, schema: { tags, summary: 'The map as a drawing model: each region\'s shape, number, colour and incident-list filter', querystring: mapQuery } }, async (req) => ({
    ...(await computeMap(ctx, await yearOr(ctx, req.query.year, req.reader), req.query.view, req.reader, req.query.lang)),
    attribution_note: mapAttribution(ctx, req.query.lang),
  }));

  r.get('/stats/dashboard', { config, schema: { tags, summary: 'The six charts and both views of the map for a year, in one answer', querystring: z.object({ year, lang }) } }, async (req) =>
    computeDashboard(ctx, req.query.year, req.reader, req.query.lang),
  );

  r.get('/stats/methodology', { config, schema: { tags, summary: "How each named table, SDG 16.10.1 and the impunity figures are counted", querystring: z.object({ lang }) } }, async (req) => {
    const l = req.query.lang;
    const tables = [...loadTableDefinitions(ctx.profile).values()].map((d) => ({ id: d.id, version: d.version, section: d.section ?? null, title: d.title[l], count: d.count, methodology: d.methodology[l] }));
    const sdg = sdgConfig(ctx.profile);
    return {
      tables,
      indicators: [
        { id: 'sdg-16-10-1', title: 'SDG 16.10.1', description: sdg.series_description, methodology: sdg.methodology[l] },
        { id: 'impunity', title: CHARTS.find((c) => c.id === 'impunity-funnel')!.title[l], description: '', methodology: impunityConfig(ctx.profile).methodology[l] },
      ],
      boundaries: { title: CHART_WORDS.source[l], methodology: mapAttribution(ctx, l) },
    };
  });
};
