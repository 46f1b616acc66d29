import { sql } from 'kysely';
import type { IncidentFilter } from '../incidents/incident.filters.js';
import type { AppContext } from '../platform/context.js';
import type { Reader } from '../platform/reader.js';
import type { Language } from '../reference/vocabulary.js';
import { NONE, OTHER, type ResolvedDimension, resolveDimension, valueCondition } from './categories.js';
import { filterQueryString, mergeFilters, partAsFilter } from './cell-filter.js';
import type { DimensionId, TableDefinition } from './definition.schema.js';
import { AD_HOC_ID, tableFiltersSchema } from './definitions.js';
import { DIMENSION_INFO, dimensionColumn, type HiddenVictim, hiddenVictimFor, isAdditive, joinsFor } from './dimensions.js';
import { articleHierarchy, typeHierarchy } from './hierarchy.js';
import { COUNT_UNITS as UNIT_LABELS, DIMENSION_LABELS, NOTES } from './labels.js';
import { type Period, periodOf, previousYearFilter } from './period.js';
import { type CountRow, countGroups } from './stats.repository.js';
import type { SeedComparison, StatsCell, StatsHeader, StatsRow, StatsTable } from './table.types.js';

/**
 * Builds a table from its definition: resolves the dimensions against the country profile and the
 * period, counts (one grouped query when the counts add up, four when totals must be counted
 * apart), lays out rows and columns in their categories' order, and gives every number its share
 * and the incident-list filter that opens its records.
 */

export interface TableOptions {
  readonly lang: Language;
  readonly compare?: boolean;
}

const SEP = '\u0000';
const keyOf = (parts: readonly (string | null)[]) => parts.map((p) => p ?? NONE).join(SEP);

interface Counted {
  readonly cells: Map<string, number>;
  readonly rowTotals: Map<string, number>;
  readonly columnTotals: Map<string, number>;
  readonly total: number;
  readonly additive: boolean;
}

/** The tuples an axis shows: every combination of shown-when-empty categories, then whatever else occurs. */
function axisKeys(dims: readonly ResolvedDimension[], present: readonly (readonly string[])[]): string[][] {
  if (dims.length === 0) return [[]];
  const rank = (d: ResolvedDimension, code: string) => {
    const i = d.order.indexOf(code);
    return i >= 0 ? i : code === OTHER ? 1e6 : code === NONE ? 1e6 + 1 : 5e5;
  };
  const seen = new Map<string, string[]>();
  if (dims.every((d) => d.showEmpty)) {
    let combos: string[][] = [[]];
    for (const d of dims) combos = combos.flatMap((c) => d.order.map((o) => [...c, o]));
    for (const c of combos) seen.set(keyOf(c), c);
  }
  for (const p of present) seen.set(keyOf(p), [...p]);
  return [...seen.values()].sort((a, b) => {
    for (let i = 0; i < dims.length; i++) {
      const d = dims[i]!;
      const diff = rank(d, a[i]!) - rank(d, b[i]!) || a[i]!.localeCompare(b[i]!);
      if (diff) return diff;
    }
    return 0;
  });
}

async function count(ctx: AppContext, def: TableDefinition, filter: IncidentFilter, empty: boolean, rows: ResolvedDimension[], columns: ResolvedDimension[], reader: Reader, mask: HiddenVictim): Promise<Counted> {
  const dims = [...rows, ...columns];
  const restrictDims = Object.keys(def.restrict) as DimensionId[];
  const ids = [...dims.map((d) => d.spec.dimension), ...restrictDims];
  const additive = isAdditive(def.count, ids);
  const restrictions = dims.flatMap((d) => (d.restriction ? [d.restriction] : []));
  for (const [dim, codes] of Object.entries(def.restrict) as [DimensionId, string[]][]) {
    const hierarchy = dim === 'type' ? typeHierarchy(ctx.profile) : dim === 'article' ? articleHierarchy(ctx.profile) : undefined;
    restrictions.push(valueCondition(dimensionColumn(dim, mask), [...new Set(codes.flatMap((c) => hierarchy?.descendants(c) ?? [c]))]));
  }
  if (empty) restrictions.push(sql<boolean>`1 = 0`);
  const all = dims.map((_, i) => i);
  const rowIdx = rows.map((_, i) => i);
  const colIdx = columns.map((_, i) => rows.length + i);
  const groupings = additive ? [all] : [all, rowIdx, colIdx, []].filter((g, i, list) => list.findIndex((h) => h.join() === g.join()) === i);
  const results = await countGroups(
    ctx.database.db,
    {
      unit: def.count,
      expressions: dims.map((d) => d.expr),
      joins: joinsFor(def.count, ids),
      restrictions,
      additive,
      incidentGrain: def.count === 'incidents' && ids.every((d) => DIMENSION_INFO[d].grain === 'incident'),
      incidentLevel: dims.map((d) => DIMENSION_INFO[d.spec.dimension].grain === 'incident'),
      filter,
      reader,
      dialect: ctx.database.dialect,
      hiddenVictim: mask,
    },
    groupings,
  );
  const byGrouping = (g: readonly number[]) => results[groupings.findIndex((h) => h.join() === g.join())] ?? [];
  const cells = new Map<string, number>();
  const rowTotals = new Map<string, number>();
  const columnTotals = new Map<string, number>();
  const add = (map: Map<string, number>, key: string, n: number) => map.set(key, (map.get(key) ?? 0) + n);
  for (const r of results[0]!) {
    cells.set(keyOf(r.keys), r.n);
    if (additive) {
      add(rowTotals, keyOf(r.keys.slice(0, rows.length)), r.n);
      add(columnTotals, keyOf(r.keys.slice(rows.length)), r.n);
    }
  }
  let total = additive ? results[0]!.reduce((s, r) => s + r.n, 0) : 0;
  if (!additive) {
    for (const r of byGrouping(rowIdx)) rowTotals.set(keyOf(r.keys), r.n);
    for (const r of byGrouping(colIdx)) columnTotals.set(keyOf(r.keys), r.n);
    total = byGrouping([]).reduce((s: number, r: CountRow) => s + r.n, 0);
  }
  return { cells, rowTotals, columnTotals, total, additive };
}

function statusFiltered(def: TableDefinition, request: IncidentFilter): { filter: IncidentFilter; empty: boolean } {
  const own = tableFiltersSchema.parse(def.filters);
  const merged = mergeFilters(own, request);
  // Only verified records count unless the table (or the request) names the statuses it counts.
  const status = merged.filter.status ?? def.statuses;
  return { filter: { ...merged.filter, status: status as IncidentFilter['status'] }, empty: merged.empty };
}

export async function buildTable(ctx: AppContext, def: TableDefinition, request: IncidentFilter, reader: Reader, options: TableOptions): Promise<StatsTable> {
  const { lang } = options;
  const { filter, empty } = statusFiltered(def, request);
  const period = periodOf(filter);
  const mask = hiddenVictimFor(reader);
  const resolve = (spec: (typeof def.rows)[number]) => resolveDimension(spec, ctx.profile, period, lang, mask);
  const rowDims = def.rows.map(resolve);
  const colDims = def.columns.map(resolve);
  const counted = await count(ctx, def, filter, empty, rowDims, colDims, reader, mask);
  const previous = options.compare ? await previousCounts(ctx, def, request, reader, lang, mask) : undefined;

  const split = (key: string) => key.split(SEP);
  const rowKeys = axisKeys(rowDims, [...counted.rowTotals.keys()].map(split));
  const colKeys = colDims.length ? axisKeys(colDims, [...counted.columnTotals.keys()].map(split)) : [];
  const header = (dims: ResolvedDimension[], key: string[]): StatsHeader => ({ key, labels: key.map((k, i) => dims[i]!.label(k)) });

  const listing = restrictionListing(def, filter, ctx, period, lang, mask);
  const cellFilter = (rowKey: readonly string[], colKey: readonly string[]) => {
    let f = listing.filter;
    let exact = listing.exact;
    const parts = [...rowKey.map((k, i) => rowDims[i]!.filterOf(k)), ...colKey.map((k, i) => colDims[i]!.filterOf(k))];
    for (const part of parts) {
      if (part) f = mergeFilters(f, partAsFilter(part)).filter;
      // The list takes periods that overlap: a month's list also shows records dated only to its year.
      if (!part || part.period) exact = false;
    }
    return { filter: filterQueryString(f), filter_exact: exact };
  };
  const share = (value: number, base: number) => (base > 0 ? Math.round((value / base) * 10_000) / 10_000 : null);
  const base = (rowTotal: number, colTotal: number) => (def.shares === 'row' ? rowTotal : def.shares === 'column' ? colTotal : counted.total);
  const cell = (value: number, rowTotal: number, colTotal: number, rowKey: readonly string[], colKey: readonly string[], prev?: number): StatsCell => ({
    value,
    share: share(value, base(rowTotal, colTotal)),
    ...cellFilter(rowKey, colKey),
    ...(previous ? { previous: prev ?? 0 } : {}),
  });

  const rows: StatsRow[] = rowKeys.map((rk) => {
    const rowTotal = counted.rowTotals.get(keyOf(rk)) ?? 0;
    return {
      ...header(rowDims, rk),
      cells: colKeys.map((ck) => {
        const k = keyOf([...rk, ...ck]);
        return cell(counted.cells.get(k) ?? 0, rowTotal, counted.columnTotals.get(keyOf(ck)) ?? 0, rk, ck, previous?.cells.get(k));
      }),
      total: cell(rowTotal, rowTotal, counted.total, rk, [], previous?.rowTotals.get(keyOf(rk))),
    };
  });
  const columns = colKeys.map((ck) => {
    const colTotal = counted.columnTotals.get(keyOf(ck)) ?? 0;
    return { ...header(colDims, ck), total: cell(colTotal, counted.total, colTotal, [], ck, previous?.columnTotals.get(keyOf(ck))) };
  });
  const dimLabel = (d: ResolvedDimension) => ({ dimension: d.spec.dimension, label: DIMENSION_LABELS[d.spec.dimension]![lang] });
  const notes = [
    ...(empty ? [NOTES.emptyFilter[lang]] : []),
    ...(counted.additive ? [] : [NOTES.notAdditive[lang]]),
    ...(def.count === 'persons' ? [NOTES.personsOnly[lang]] : []),
    ...(mask && (def.count === 'persons' || [...def.rows, ...def.columns].some((d) => d.dimension === 'gender')) ? [NOTES.maskedVictims[lang]] : []),
  ];
  const previousFilter = options.compare ? previousYearFilter(filter) : undefined;
  return {
    id: def.id === AD_HOC_ID ? null : def.id,
    version: def.id === AD_HOC_ID ? null : def.version,
    section: def.section ?? null,
    title: def.title[lang],
    methodology: def.methodology[lang],
    lang,
    count: def.count,
    count_label: UNIT_LABELS[def.count][lang],
    statuses: filter.status ?? [],
    period,
    filter: filterQueryString(listing.filter),
    row_dimensions: rowDims.map(dimLabel),
    column_dimensions: colDims.map(dimLabel),
    columns,
    rows,
    total: cell(counted.total, counted.total, counted.total, [], [], previous?.total),
    share_base: def.shares,
    additive: counted.additive,
    compare: previousFilter ? { period: periodOf(previousFilter), filter: filterQueryString(previousFilter) } : null,
    seed: def.seed ? { lines: def.seed.lines, comparison: seedComparison(def, rows, columns, counted.total), differences: def.seed.differences?.[lang] ?? null } : null,
    notes,
  };
}

/**
 * The incident-list filter of the whole table: its filters plus its restrictions where the list can
 * express them (a restriction to victims who are persons is a list of victim groups). A restriction
 * it cannot express (a kind of proceeding) leaves every cell's list wider than the cell: not exact.
 */
function restrictionListing(def: TableDefinition, filter: IncidentFilter, ctx: AppContext, period: Period | null, lang: Language, mask: HiddenVictim): { filter: IncidentFilter; exact: boolean } {
  let listed = filter;
  let exact = true;
  for (const [dimension, codes] of Object.entries(def.restrict) as [DimensionId, string[]][]) {
    const raw = resolveDimension({ dimension, other: true, none: true }, ctx.profile, period, lang, mask);
    const parts = codes.map((c) => raw.filterOf(c));
    if (parts.some((p) => !p)) {
      exact = false;
      continue;
    }
    const union: Record<string, string[]> = {};
    for (const part of parts) for (const [key, values] of Object.entries(part!)) union[key] = [...new Set([...(union[key] ?? []), ...(values ?? [])])];
    listed = mergeFilters(listed, partAsFilter(union)).filter;
  }
  return { filter: listed, exact };
}

async function previousCounts(ctx: AppContext, def: TableDefinition, request: IncidentFilter, reader: Reader, lang: Language, mask: HiddenVictim): Promise<Counted> {
  const before = previousYearFilter(request);
  if (!before) throw new Error('a comparison needs a year or a from/to period');
  const { filter, empty } = statusFiltered(def, before);
  const period: Period | null = periodOf(filter);
  const resolve = (spec: (typeof def.rows)[number]) => resolveDimension(spec, ctx.profile, period, lang, mask);
  return count(ctx, def, filter, empty, def.rows.map(resolve), def.columns.map(resolve), reader, mask);
}

/** Our number beside each number the seed prints (by the codes of single-dimension rows and columns). */
function seedComparison(def: TableDefinition, rows: readonly StatsRow[], columns: readonly { key: readonly string[]; total: StatsCell }[], total: number): SeedComparison[] {
  return (def.seed?.printed ?? []).map((fact) => {
    const row = fact.row === undefined ? undefined : rows.find((r) => r.key[0] === fact.row);
    const col = fact.column === undefined ? -1 : columns.findIndex((c) => c.key[0] === fact.column);
    let ours = 0;
    if (fact.row === undefined && fact.column === undefined) ours = total;
    else if (row && col >= 0) ours = row.cells[col]?.value ?? 0;
    else if (row && fact.column === undefined) ours = row.total.value;
    else if (col >= 0 && fact.row === undefined) ours = columns[col]!.total.value;
    return { ...(fact.row ? { row: fact.row } : {}), ...(fact.column ? { column: fact.column } : {}), line: fact.line, seed: fact.value, ours };
  });
}
