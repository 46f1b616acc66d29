import { spanOf } from '../incidents/dates.js';
import type { IncidentFilter } from '../incidents/incident.filters.js';
import type { CellFilterPart } from './categories.js';

/**
 * Filters as the incident list takes them, so that every number of a table can open the records
 * behind it: a table's own filters, the request's filters and a cell's categories are combined
 * here (each narrowing the others) and written as the query string of `GET /api/v1/incidents`.
 */

const HIERARCHICAL = new Set(['type', 'article']);
const LIST_KEYS = ['type', 'region', 'victim_group', 'gender', 'perpetrator_type', 'article', 'status', 'context'] as const;

/** Codes selected by both lists; for hierarchical codes the narrower of two nested codes. */
function intersect(key: string, a: readonly string[], b: readonly string[]): string[] {
  if (!HIERARCHICAL.has(key)) return a.filter((x) => b.includes(x));
  const under = (x: string, y: string) => x === y || x.startsWith(`${y}.`);
  const out = new Set<string>();
  for (const x of a) for (const y of b) if (under(x, y)) out.add(x);
  for (const x of a) for (const y of b) if (under(y, x)) out.add(y);
  return [...out];
}

/** Both filters at once; `empty` when no record can meet them (two different years, say). */
export function mergeFilters(a: IncidentFilter, b: IncidentFilter): { filter: IncidentFilter; empty: boolean } {
  const out: Record<string, unknown> = { ...a, ...b };
  let empty = false;
  for (const key of LIST_KEYS) {
    const x = a[key] as string[] | undefined;
    const y = b[key] as string[] | undefined;
    if (x && y) {
      const both = intersect(key, x, y);
      if (both.length === 0) empty = true;
      out[key] = both.length ? both : x;
    }
  }
  for (const key of ['year', 'person', 'organisation'] as const) {
    if (a[key] !== undefined && b[key] !== undefined && a[key] !== b[key]) empty = true;
  }
  if (a.from && b.from) out.from = spanOf(a.from).from >= spanOf(b.from).from ? a.from : b.from;
  if (a.to && b.to) out.to = spanOf(a.to).to <= spanOf(b.to).to ? a.to : b.to;
  if (a.q && b.q && a.q !== b.q) out.q = `${a.q} ${b.q}`;
  return { filter: out as IncidentFilter, empty };
}

/** The filter that lists a month (`2020-04`) or a quarter (`2020-Q2`). */
function periodFilter(code: string): IncidentFilter {
  const q = /^(\d{4})-Q([1-4])$/.exec(code);
  if (q) {
    const first = (Number(q[2]) - 1) * 3 + 1;
    return { from: `${q[1]}-${String(first).padStart(2, '0')}`, to: `${q[1]}-${String(first + 2).padStart(2, '0')}` };
  }
  return { from: code, to: code };
}

/** A cell's part as a filter of its own, ready to merge into the table's filter. */
export function partAsFilter(part: CellFilterPart): IncidentFilter {
  const out: Record<string, unknown> = {};
  for (const [key, codes] of Object.entries(part)) {
    if (!codes?.length) continue;
    if (key === 'year') out.year = Number(codes[0]);
    else if (key === 'period') Object.assign(out, periodFilter(codes[0]!));
    else out[key] = [...codes];
  }
  return out as IncidentFilter;
}

const ORDER: readonly (keyof IncidentFilter)[] = ['year', 'from', 'to', ...LIST_KEYS.filter((k) => k !== 'status'), 'person', 'organisation', 'q', 'status'];

/** The query string of `GET /api/v1/incidents` for a filter (lists comma-separated, as the list reads them). */
export function filterQueryString(filter: IncidentFilter): string {
  const parts: string[] = [];
  for (const key of ORDER) {
    const value = filter[key];
    if (value === undefined) continue;
    const text = Array.isArray(value) ? value.map((v) => encodeURIComponent(String(v))).join(',') : encodeURIComponent(String(value));
    parts.push(`${key}=${text}`);
  }
  return parts.join('&');
}
