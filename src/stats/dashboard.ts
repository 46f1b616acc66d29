import type { AppContext } from '../platform/context.js';
import type { Reader } from '../platform/reader.js';
import type { Language } from '../reference/vocabulary.js';
import type { ChartData } from './charts/chart-data.js';
import { CHARTS } from './charts/chart-specs.js';
import { computeChart } from './charts/chart.service.js';
import type { Dashboard } from './dashboard.types.js';
import { computeMaps, mapAttribution } from './map/map.service.js';

/**
 * The statistics dashboard in one answer: the six charts and both views of the map for a year, as
 * the reader may see them (the public: published, non-confidential records). The page draws them
 * all from this, so one request, and one measure of server time, covers the whole dashboard.
 */

const BY_YEAR = CHARTS.find((c) => c.allYears)!;

/** Years with counted incidents, newest first, from the chart of incidents by year. */
const yearsOf = (across: ChartData) =>
  across.categories
    .map((c) => Number(c.key))
    .filter(Number.isInteger)
    .sort((a, b) => b - a);

export async function computeDashboard(ctx: AppContext, year: number | undefined, reader: Reader, lang: Language): Promise<Dashboard> {
  const across = await computeChart(ctx, BY_YEAR, 0, reader, lang);
  const years = yearsOf(across);
  const chosen = year ?? years[0] ?? new Date().getUTCFullYear();
  // Together: PostgreSQL runs them on several connections; SQLite, one at a time, as before.
  const [charts, [choropleth, grid]] = await Promise.all([
    Promise.all(CHARTS.map((spec) => (spec === BY_YEAR ? across : computeChart(ctx, spec, chosen, reader, lang)))),
    computeMaps(ctx, chosen, ['choropleth', 'grid'], reader, lang),
  ]);
  return { year: chosen, years, charts, maps: { choropleth: choropleth!, grid: grid! }, attribution: mapAttribution(ctx, lang) };
}

/** The newest year with counted incidents for this reader (the default year of a chart or the map). */
export async function latestYear(ctx: AppContext, reader: Reader): Promise<number> {
  return yearsOf(await computeChart(ctx, BY_YEAR, 0, reader, 'en'))[0] ?? new Date().getUTCFullYear();
}
