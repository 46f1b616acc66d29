import type { Language } from '../../reference/vocabulary.js';
import { monthName } from '../../reference/languages/format.js';
import { FRAME } from '../labels.js';

/**
 * What a chart shows, independent of how it is drawn: categories along one axis, one or more
 * series of numbers, and for every number the incident-list query string of its records. The
 * server builds it from a statistics table (or the impunity funnel); the browser receives it as
 * JSON. Nothing here imports Node or the database: the web application imports this file too.
 */

export const CHART_KINDS = ['bar', 'hbar', 'funnel'] as const;
export type ChartKind = (typeof CHART_KINDS)[number];

export interface ChartPoint {
  readonly value: number;
  /** Query string of the incident list that shows these records (null when none can). */
  readonly filter: string | null;
  /** False when the list shows a wider set than the number counts. */
  readonly exact: boolean;
}

export interface ChartSeries {
  readonly key: string;
  readonly name: string;
  readonly points: readonly ChartPoint[];
  /** Counted apart: when a record can fall in several categories it is smaller than the points' sum. */
  readonly total: number;
}

export interface ChartCategory {
  readonly key: string;
  readonly label: string;
  /** A shorter label for an axis (a month's name without its year). */
  readonly short?: string;
}

export interface ChartData {
  readonly id: string;
  readonly kind: ChartKind;
  readonly lang: Language;
  readonly title: string;
  /** What is counted and over which period, e.g. "incidents · 2020". */
  readonly subtitle: string;
  readonly categoryAxis: string;
  readonly valueAxis: string;
  readonly stacked: boolean;
  readonly categories: readonly ChartCategory[];
  readonly series: readonly ChartSeries[];
  readonly total: ChartPoint;
  readonly methodology: string;
  readonly notes: readonly string[];
}

/** The parts of a statistics table (`StatsTable`) a chart reads, written out so this file stays free of server imports. */
interface TableCell {
  readonly value: number;
  readonly filter: string;
  readonly filter_exact: boolean;
}
export interface ChartableTable {
  readonly title: string;
  readonly methodology: string;
  readonly count_label: string;
  readonly filter: string;
  readonly row_dimensions: readonly { dimension: string; label: string }[];
  readonly column_dimensions: readonly { dimension: string; label: string }[];
  readonly rows: readonly { key: readonly string[]; labels: readonly string[]; cells: readonly TableCell[]; total: TableCell }[];
  readonly columns: readonly { key: readonly string[]; labels: readonly string[]; total: TableCell }[];
  readonly total: TableCell;
  readonly notes: readonly string[];
}

/** The parts of the impunity result a chart reads. */
export interface ChartableImpunity {
  readonly funnel: readonly { stage: string; label: string; value: number }[];
  readonly filter: string;
  readonly methodology: string;
}

export interface ChartFrame {
  readonly id: string;
  readonly kind: ChartKind;
  readonly lang: Language;
  readonly title: string;
  /** The period shown beside the count unit ("2020", "2010–2025"). */
  readonly period: string;
  /** Drop categories whose total is zero (long lists of types or articles). */
  readonly dropEmpty?: boolean;
}

const point = (c: TableCell): ChartPoint => ({ value: c.value, filter: c.filter, exact: c.filter_exact });

function shortMonth(key: string, lang: Language): string | undefined {
  if (!/^\d{4}-\d{2}$/.test(key)) return undefined;
  return monthName(Number(key.slice(5)), lang, 'short');
}

/** A one- or two-dimension table as a chart: rows are the categories, columns (if any) the series. */
export function chartFromTable(table: ChartableTable, frame: ChartFrame): ChartData {
  const rows = frame.dropEmpty ? table.rows.filter((r) => r.total.value > 0) : table.rows;
  const monthly = table.row_dimensions[0]?.dimension === 'month';
  const categories = rows.map((r) => {
    const key = r.key.join('/');
    const short = monthly ? shortMonth(key, frame.lang) : undefined;
    return { key, label: r.labels.join(' / '), ...(short ? { short } : {}) };
  });
  const series: ChartSeries[] = table.columns.length
    ? table.columns.map((c, j) => ({ key: c.key.join('/'), name: c.labels.join(' / '), points: rows.map((r) => point(r.cells[j]!)), total: c.total.value }))
    : [{ key: 'total', name: table.count_label, points: rows.map((r) => point(r.total)), total: table.total.value }];
  return {
    id: frame.id,
    kind: frame.kind,
    lang: frame.lang,
    title: frame.title,
    subtitle: `${table.count_label} · ${frame.period}`,
    categoryAxis: table.row_dimensions.map((d) => d.label).join(' / '),
    valueAxis: table.count_label,
    stacked: table.columns.length > 0,
    categories,
    series,
    total: point(table.total),
    methodology: table.methodology,
    notes: table.notes,
  };
}

/** The impunity funnel as a chart: one category per stage; the list can show the whole selection only. */
export function chartFromImpunity(result: ChartableImpunity, frame: ChartFrame, labels: { stage: string; count: string }): ChartData {
  const whole = (value: number): ChartPoint => ({ value, filter: result.filter, exact: false });
  return {
    id: frame.id,
    kind: frame.kind,
    lang: frame.lang,
    title: frame.title,
    subtitle: `${labels.count} · ${frame.period}`,
    categoryAxis: labels.stage,
    valueAxis: labels.count,
    stacked: false,
    categories: result.funnel.map((s) => ({ key: s.stage, label: s.label })),
    series: [{ key: 'total', name: labels.count, points: result.funnel.map((s) => whole(s.value)), total: result.funnel[0]?.value ?? 0 }],
    total: whole(result.funnel[0]?.value ?? 0),
    methodology: result.methodology,
    notes: [],
  };
}

/** The chart's numbers as rows of text: a header, one line per category, and the totals line. */
export function chartGrid(data: ChartData): string[][] {
  const header = [data.categoryAxis, ...data.series.map((s) => s.name)];
  const lines = data.categories.map((c, i) => [c.label, ...data.series.map((s) => String(s.points[i]?.value ?? 0))]);
  // A funnel's stages are nested, not parts of a whole: it has no totals line.
  if (data.kind === 'funnel') return [header, ...lines];
  return [header, ...lines, [FRAME.total[data.lang], ...data.series.map((s) => String(s.total))]];
}
