import type { IncidentFilter } from '../incidents/incident.filters.js';
import type { AppContext } from '../platform/context.js';
import { AppError, errors } from '../platform/errors.js';
import type { Reader } from '../platform/reader.js';
import type { Language } from '../reference/vocabulary.js';
import { type CountUnit, DIMENSIONS, type DimensionSpec, dimensionSpecSchema, type TableDefinition } from './definition.schema.js';
import { AD_HOC_ID, checkDefinition, loadTableDefinitions } from './definitions.js';
import { COUNT_UNITS, DIMENSION_LABELS, FRAME } from './labels.js';
import { buildTable, type TableOptions } from './table.service.js';
import type { StatsTable } from './table.types.js';

/** The statistics the API and the command line offer: the named tables, and tables asked for ad hoc. */

export interface TableSummary {
  readonly id: string;
  readonly version: string;
  readonly section: string | null;
  readonly title: string;
  readonly count: CountUnit;
  readonly seed_lines: readonly number[];
}

export function listTables(ctx: AppContext, lang: Language): TableSummary[] {
  return [...loadTableDefinitions(ctx.profile).values()].map((d) => ({
    id: d.id,
    version: d.version,
    section: d.section ?? null,
    title: d.title[lang],
    count: d.count,
    seed_lines: d.seed?.lines ?? [],
  }));
}

export function tableDefinition(ctx: AppContext, id: string): TableDefinition {
  const def = loadTableDefinitions(ctx.profile).get(id);
  if (!def) throw errors.notFound('statistics table', id);
  return def;
}

export function namedTable(ctx: AppContext, id: string, filter: IncidentFilter, reader: Reader, options: TableOptions): Promise<StatsTable> {
  const def = tableDefinition(ctx, id);
  if (options.compare) requirePeriod(filter);
  return buildTable(ctx, def, filter, reader, options);
}

function requirePeriod(filter: IncidentFilter): void {
  if (filter.year === undefined && !filter.from && !filter.to) {
    throw errors.validation([{ path: 'compare', message: 'a comparison with the previous year needs a year or a from/to period' }]);
  }
}

/**
 * One dimension of an ad-hoc query as written in a query string: `region`, `type:1` (a level),
 * `type:seed_a1` (a framework of mappings.json), `victim_group:sdg_16_10_1`, `perpetrator_type:state`.
 */
export function parseDimensions(text: string | undefined, param: string): DimensionSpec[] {
  if (!text) return [];
  return text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((item) => {
      const [dimension, option] = item.split(':');
      if (!(DIMENSIONS as readonly string[]).includes(dimension ?? '')) {
        throw errors.validation([{ path: param, message: `unknown dimension "${dimension}"; known: ${DIMENSIONS.join(', ')}` }]);
      }
      const raw = option === undefined ? { dimension } : /^\d$/.test(option) ? { dimension, level: Number(option) } : { dimension, framework: option };
      const parsed = dimensionSpecSchema.safeParse(raw);
      if (!parsed.success) throw errors.validation([{ path: param, message: `${item}: ${parsed.error.issues[0]?.message}` }]);
      return parsed.data;
    });
}

export interface AdHocQuery {
  readonly count: CountUnit;
  readonly rows?: string;
  readonly columns?: string;
  readonly shares?: 'total' | 'row' | 'column';
}

/** A table asked for by its parameters, checked against the profile like a named one. */
export function adHocDefinition(ctx: AppContext, query: AdHocQuery): TableDefinition {
  const rows = parseDimensions(query.rows, 'querystring.rows');
  const columns = parseDimensions(query.columns, 'querystring.columns');
  if (rows.length === 0) throw errors.validation([{ path: 'querystring.rows', message: 'name at least one dimension, e.g. rows=region' }]);
  if (rows.length > 3 || columns.length > 2) throw errors.validation([{ path: 'querystring.rows', message: 'at most three row and two column dimensions' }]);
  const name = (specs: DimensionSpec[], lang: Language) => specs.map((s) => DIMENSION_LABELS[s.dimension]![lang]).join(' × ');
  const title = (lang: Language) => `${FRAME.count[lang]}: ${COUNT_UNITS[query.count][lang]} — ${name(rows, lang)}${columns.length ? ` × ${name(columns, lang)}` : ''}`;
  const def: TableDefinition = {
    id: AD_HOC_ID,
    version: '1',
    title: { en: title('en'), ru: title('ru'), kk: title('kk') },
    methodology: { en: '', ru: '', kk: '' },
    count: query.count,
    statuses: ['verified', 'published'],
    filters: {},
    restrict: {},
    rows,
    columns,
    shares: query.shares ?? 'total',
  };
  try {
    checkDefinition(def, ctx.profile, 'query');
  } catch (error) {
    if (error instanceof AppError) throw error;
    throw errors.validation([{ path: 'querystring.rows', message: (error as Error).message.replace(/^query: /, '') }]);
  }
  return def;
}

export function adHocTable(ctx: AppContext, query: AdHocQuery, filter: IncidentFilter, reader: Reader, options: TableOptions): Promise<StatsTable> {
  const def = adHocDefinition(ctx, query);
  if (options.compare) requirePeriod(filter);
  return buildTable(ctx, def, filter, reader, options);
}
