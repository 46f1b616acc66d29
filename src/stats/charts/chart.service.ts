import type { AppContext } from '../../platform/context.js';
import { errors } from '../../platform/errors.js';
import type { Reader } from '../../platform/reader.js';
import type { Language } from '../../reference/vocabulary.js';
import { computeImpunity } from '../impunity.js';
import { adHocTable, namedTable } from '../stats.service.js';
import { type ChartData, chartFromImpunity, chartFromTable } from './chart-data.js';
import { CHART_WORDS, CHARTS, type ChartSpec } from './chart-specs.js';

/**
 * A chart's data, counted by the statistics engine for the reader who asks: the public's charts
 * count published, non-confidential records only, as every statistics route does.
 */

export function chartSpec(id: string): ChartSpec {
  const spec = CHARTS.find((c) => c.id === id);
  if (!spec) throw errors.notFound('chart', id);
  return spec;
}

export async function computeChart(ctx: AppContext, spec: ChartSpec, year: number, reader: Reader, lang: Language): Promise<ChartData> {
  const filter = spec.allYears ? {} : { year };
  const frame = { id: spec.id, kind: spec.kind, lang, title: spec.title[lang], period: spec.allYears ? CHART_WORDS.allYears[lang] : String(year), dropEmpty: spec.dropEmpty };
  const source = spec.source;
  if ('impunity' in source) {
    const result = await computeImpunity(ctx, filter, reader, lang);
    return chartFromImpunity(result, frame, { stage: CHART_WORDS.stage[lang], count: CHART_WORDS.crimes[lang] });
  }
  const table = 'table' in source ? await namedTable(ctx, source.table, filter, reader, { lang }) : await adHocTable(ctx, source.query, filter, reader, { lang });
  return chartFromTable(table, frame);
}
